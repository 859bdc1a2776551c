package io.driftguard.ingest.connect.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP endpoint serving {@code GET /metrics} (Prometheus text) and {@code GET /healthz} for
 * the pull connectors, which have no HTTP server of their own.
 */
public final class MetricsServer implements AutoCloseable {

    static {
        HttpLimits.install();
    }

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving; port 0 picks a free port. */
    public static MetricsServer start(String host, int port, IngestMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/metrics", ex -> serveMetrics(ex, metrics));
        server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "driftguard-metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code /metrics}; shared with the webhook receiver. */
    public static void serveMetrics(HttpExchange ex, IngestMetrics metrics) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            respond(ex, 405, "text/plain", "method not allowed\n");
            return;
        }
        respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
