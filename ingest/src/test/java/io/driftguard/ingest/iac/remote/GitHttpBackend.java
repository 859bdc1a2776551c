package io.driftguard.ingest.iac.remote;

import com.sun.net.httpserver.HttpExchange;
import io.driftguard.testkit.FakeHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Git's smart HTTP protocol on a local port, served by Git itself: each request runs
 * {@code git http-backend} as the CGI program it is (the way Apache or nginx serve Git), behind HTTP Basic
 * authentication with one token, as a Git host takes a personal access token. Counts the requests it
 * refused, so a test can see credentials were needed and sent.
 */
final class GitHttpBackend extends FakeHttpServer {

    private final Path root;
    private final String token;
    private final AtomicInteger unauthorized = new AtomicInteger();

    /** Serves every repository under {@code root} at {@code /<name>.git}, to callers with {@code token}. */
    GitHttpBackend(Path root, String token) throws IOException {
        this.root = root;
        this.token = token;
    }

    int unauthorized() {
        return unauthorized.get();
    }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String user = user(auth);
        if (user == null) {
            unauthorized.incrementAndGet();
            x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
            send(x, 401, "text/plain", "authentication required\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", x.getRequestMethod());
        env.put("PATH_INFO", x.getRequestURI().getPath());
        env.put(
                "QUERY_STRING",
                x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", "127.0.0.1");
        header(x, "Content-Type", env, "CONTENT_TYPE");
        header(x, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
        header(x, "Git-Protocol", env, "GIT_PROTOCOL");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            x.getRequestBody().transferTo(in);
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        respond(x, out);
    }

    /** The caller's name when it sent this server's token as its password, else null. */
    private String user(String auth) {
        if (auth == null || !auth.startsWith("Basic ")) {
            return null;
        }
        String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon > 0 && pair.substring(colon + 1).equals(token) ? pair.substring(0, colon) : null;
    }

    private static void header(HttpExchange x, String name, Map<String, String> env, String variable) {
        String v = x.getRequestHeaders().getFirst(name);
        if (v != null) {
            env.put(variable, v);
        }
    }

    /** Turns the CGI output (headers, a blank line, the body) into the HTTP answer. */
    private static void respond(HttpExchange x, byte[] cgi) throws IOException {
        int end = -1;
        int skip = 0;
        for (int i = 0; i + 1 < cgi.length; i++) {
            if (cgi[i] == '\n' && cgi[i + 1] == '\n') {
                end = i;
                skip = 2;
                break;
            }
            if (i + 3 < cgi.length
                    && cgi[i] == '\r'
                    && cgi[i + 1] == '\n'
                    && cgi[i + 2] == '\r'
                    && cgi[i + 3] == '\n') {
                end = i;
                skip = 4;
                break;
            }
        }
        if (end < 0) {
            send(x, 500, "text/plain", cgi);
            return;
        }
        int status = 200;
        String type = "application/octet-stream";
        for (String line : new String(cgi, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else if (name.equalsIgnoreCase("Content-Type")) {
                type = value;
            } else {
                x.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(cgi, end + skip, cgi.length - end - skip);
        send(x, status, type, body.toByteArray());
    }
}
