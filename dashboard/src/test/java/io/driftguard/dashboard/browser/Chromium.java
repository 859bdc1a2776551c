package io.driftguard.dashboard.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver protocol, with nothing but the JDK's
 * HTTP client: Debian's {@code chromium} and {@code chromium-driver} packages are the whole browser
 * stack (no Selenium, no driver download). One browser profile per instance, thrown away on close.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of(System.getProperty("driftguard.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("driftguard.chromedriver", "/usr/bin/chromedriver"));
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final Path profile;
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    Chromium(int width, int height) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        profile = Files.createTempDirectory("driftguard-chromium-");
        driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromedriver.log").toFile())
                .start();
        String root = "http://127.0.0.1:" + port;
        waitFor(() -> call("GET", root + "/status", null) != null, Duration.ofSeconds(20), "chromedriver to start");
        ObjectNode caps = Json.MAPPER.createObjectNode();
        ObjectNode chrome = caps.putObject("capabilities").putObject("alwaysMatch");
        chrome.put("browserName", "chrome");
        ObjectNode options = chrome.putObject("goog:chromeOptions");
        options.put("binary", BROWSER.toString());
        ArrayNode args = options.putArray("args");
        for (String a : List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.resolve("profile"),
                "--window-size=" + width + "," + height)) {
            args.add(a);
        }
        JsonNode session = call("POST", root + "/session", caps);
        if (session == null || session.path("value").path("sessionId").isMissingNode()) {
            throw new IllegalStateException("chromedriver gave no session: " + session);
        }
        base = root + "/session/" + session.path("value").path("sessionId").asText();
    }

    void open(String url) {
        post("/url", Json.MAPPER.createObjectNode().put("url", url));
    }

    String url() {
        return value("GET", "/url", null).asText();
    }

    void resize(int width, int height) {
        post("/window/rect", Json.MAPPER.createObjectNode().put("width", width).put("height", height));
    }

    /** The first element matching the CSS selector, waiting up to 15 s for it. */
    String find(String css) {
        String[] found = new String[1];
        waitFor(
                () -> {
                    JsonNode r = call(
                            "POST",
                            base + "/element",
                            Json.MAPPER
                                    .createObjectNode()
                                    .put("using", "css selector")
                                    .put("value", css));
                    if (r != null && r.path("value").has(ELEMENT)) {
                        found[0] = r.path("value").path(ELEMENT).asText();
                        return true;
                    }
                    return false;
                },
                Duration.ofSeconds(15),
                "an element matching " + css);
        return found[0];
    }

    /**
     * Clicks the element, finding it again when the page re-rendered it in between (the feed
     * redraws its rows and pager whenever a live update arrives).
     */
    void click(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                post("/element/" + find(css) + "/click", Json.MAPPER.createObjectNode());
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 5 || !e.getMessage().contains("stale element")) {
                    throw e;
                }
            }
        }
    }

    void type(String css, String text) {
        String e = find(css);
        post("/element/" + e + "/clear", Json.MAPPER.createObjectNode());
        post("/element/" + e + "/value", Json.MAPPER.createObjectNode().put("text", text));
    }

    /**
     * The rendered text of the first element matching {@code css}, read in one script so that a live
     * update replacing the element between finding and reading it cannot leave a stale reference.
     */
    String text(String css) {
        JsonNode r = script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
        if (r == null || r.isNull()) {
            throw new IllegalStateException("no element " + css + " at " + url());
        }
        return r.asText();
    }

    /** Runs JavaScript in the page; {@code return} a value to get it back. */
    JsonNode script(String js, Object... arguments) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("script", js);
        ArrayNode args = body.putArray("args");
        for (Object a : arguments) {
            args.addPOJO(a);
        }
        return value("POST", "/execute/sync", body);
    }

    /** Runs asynchronous JavaScript: the last argument is the callback to call with the result. */
    JsonNode asyncScript(String js) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("script", js);
        body.putArray("args");
        return value("POST", "/execute/async", body);
    }

    /** Waits until the page's text contains {@code text}. */
    void waitForText(String css, String text) {
        try {
            waitForTextOnce(css, text);
        } catch (AssertionError e) {
            // Say what the page showed instead, and keep a picture of it beside the others.
            String shown;
            try {
                shown = script(
                                "const e = document.querySelector(arguments[0]); return e ? e.textContent : '(no '"
                                        + " + arguments[0] + ')';",
                                css)
                        .asText();
                screenshot(Path.of("target", "browser", "failed-" + css.replaceAll("[^A-Za-z0-9]", "_") + ".png"));
            } catch (RuntimeException | IOException again) {
                shown = "(page unreadable: " + again.getMessage() + ")";
            }
            throw new AssertionError(e.getMessage() + " at " + url() + "; the page showed: " + shown, e);
        }
    }

    private void waitForTextOnce(String css, String text) {
        waitFor(
                () -> {
                    JsonNode r = script(
                            "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
                    return r.asText().contains(text);
                },
                Duration.ofSeconds(20),
                "'" + text + "' in " + css);
    }

    /** The text of the open dialog ({@code alert}, {@code confirm}, {@code prompt}), or null if none is open. */
    String alertText() {
        JsonNode r = call("GET", base + "/alert/text", null);
        if (r == null) {
            throw new IllegalStateException("no answer from chromedriver for GET /alert/text");
        }
        JsonNode v = r.path("value");
        if (v.isObject() && v.has("error")) {
            if (v.path("error").asText().equals("no such alert")) {
                return null;
            }
            throw new IllegalStateException(
                    "GET /alert/text: " + v.path("error").asText());
        }
        return v.asText();
    }

    void dismissAlert() {
        post("/alert/dismiss", Json.MAPPER.createObjectNode());
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(
                file,
                Base64.getDecoder().decode(value("GET", "/screenshot", null).asText()));
    }

    private void post(String path, JsonNode body) {
        value("POST", path, body);
    }

    private JsonNode value(String method, String path, JsonNode body) {
        JsonNode r = call(method, base + path, body);
        if (r == null) {
            throw new IllegalStateException("no answer from chromedriver for " + method + " " + path);
        }
        JsonNode v = r.path("value");
        if (v.isObject() && v.has("error")) {
            throw new IllegalStateException(method + " " + path + ": "
                    + v.path("error").asText() + ": " + v.path("message").asText());
        }
        return v;
    }

    private JsonNode call(String method, String url, JsonNode body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    @Override
    public void close() throws Exception {
        if (base != null) {
            call("DELETE", base, null);
        }
        driver.destroy();
        driver.waitFor();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
