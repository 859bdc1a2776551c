package io.driftguard.dashboard.assistant;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gemini's {@code generateContent} REST method on a local port: what the SDK sends is recorded,
 * and the reply is a response body in the API's own format.
 */
final class FakeGemini implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(String method, String path, String apiKey, String body) {}

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String answer = "The rule was opened by jane.doe (event 6f1e2a3b-1111-4c5d-9e8f-0a1b2c3d4e5f).";

    FakeGemini() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("x-goog-api-key"),
                    body));
            String reply = status == 200
                    ? "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":" + quote(answer) + "}]},"
                            + "\"finishReason\":\"STOP\"}],\"modelVersion\":\"gemini-2.5-flash\"}"
                    : "{\"error\":{\"code\":" + status
                            + ",\"message\":\"API key not valid. Please pass a valid API key.\","
                            + "\"status\":\"INVALID_ARGUMENT\"}}";
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
