package io.driftguard.ingest.connect.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** S3 GetObject over REST, path-style ({@code GET /bucket/key}), with S3's XML error for a missing key. */
final class S3Fake implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    S3Fake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void put(String bucket, String key, byte[] bytes) {
        objects.put("/" + bucket + "/" + key, bytes);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath(); // percent-decoded
        requests.add(ex.getRequestMethod() + " " + path);
        byte[] body = "GET".equals(ex.getRequestMethod()) ? objects.get(path) : null;
        if (body == null) {
            byte[] err = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                            + "<Message>The specified key does not exist.</Message><Key>" + path + "</Key></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/xml");
            ex.sendResponseHeaders(404, err.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(err);
            }
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
