package io.driftguard.dashboard.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Gemini's {@code generateContent} REST method on a local port: what the SDK sends is recorded, and
 * each reply is a body in the API's own format (candidates with text or function calls, usage
 * metadata, or an error object). Replies are taken from a script in order; when the script is empty
 * the default text answer is sent.
 */
public final class FakeGemini implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    public record Request(String method, String path, String apiKey, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The texts of every part of every content, in order. */
        List<String> texts() {
            List<String> out = new ArrayList<>();
            json().path("contents")
                    .forEach(c -> c.path("parts").forEach(p -> {
                        if (p.has("text")) {
                            out.add(p.get("text").asText());
                        }
                    }));
            return out;
        }

        String systemInstruction() {
            return json().path("systemInstruction")
                    .path("parts")
                    .path(0)
                    .path("text")
                    .asText();
        }
    }

    /** One scripted reply: HTTP status, body, and how long to wait before sending it. */
    public record Reply(int status, String body, long delayMillis) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    public volatile String answer = "The rule was opened by jane.doe (event 6f1e2a3b-1111-4c5d-9e8f-0a1b2c3d4e5f).";

    public FakeGemini() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("x-goog-api-key"),
                    body));
            Reply reply = script.pollFirst();
            if (reply == null) {
                reply = text(answer);
            }
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            try {
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // the client gave up (a timeout test): nothing to answer
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void reset() {
        requests.clear();
        script.clear();
    }

    public FakeGemini then(Reply reply) {
        script.addLast(reply);
        return this;
    }

    /** A model turn with text, finish reason STOP, and token counts. */
    public static Reply text(String text) {
        return candidate(JSON.createArrayNode().add(JSON.createObjectNode().put("text", text)), "STOP");
    }

    /** A model turn that calls functions: name, then its arguments as a map, repeated. */
    public static Reply calls(Object... nameThenArgs) {
        ArrayNode parts = JSON.createArrayNode();
        for (int i = 0; i < nameThenArgs.length; i += 2) {
            ObjectNode call = JSON.createObjectNode().put("name", (String) nameThenArgs[i]);
            call.set("args", JSON.valueToTree(nameThenArgs[i + 1]));
            parts.add(JSON.createObjectNode().set("functionCall", call));
        }
        return candidate(parts, "STOP");
    }

    /** A reply stopped by the safety filter: no text, finish reason SAFETY. */
    public static Reply safety() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts");
        candidate.put("finishReason", "SAFETY");
        return new Reply(200, root.toString(), 0);
    }

    /** An error in Google's format, e.g. 429 RESOURCE_EXHAUSTED. */
    public static Reply error(int code, String status, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message).put("status", status);
        return new Reply(code, root.toString(), 0);
    }

    public static Reply slow(long millis, Reply reply) {
        return new Reply(reply.status(), reply.body(), millis);
    }

    private static Reply candidate(ArrayNode parts, String finishReason) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        content.set("parts", parts);
        candidate.put("finishReason", finishReason);
        root.putObject("usageMetadata")
                .put("promptTokenCount", 1200)
                .put("candidatesTokenCount", 80)
                .put("totalTokenCount", 1280);
        root.put("modelVersion", "gemini-2.5-flash");
        return new Reply(200, root.toString(), 0);
    }

    /** Arguments for {@link #calls}. */
    public static Map<String, Object> args(Object... keyThenValue) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyThenValue.length; i += 2) {
            m.put((String) keyThenValue[i], keyThenValue[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
