package io.driftguard.notify;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * What the Slack notifier did, in Prometheus format (Prometheus adds {@code _total} to counters):
 * <ul>
 *   <li>{@code driftguard_notify_slack_calls_total{method}}: Slack calls that succeeded
 *       ({@code chat.postMessage}, {@code chat.update})</li>
 *   <li>{@code driftguard_notify_slack_failures_total{method,retryable}}: calls that failed for good
 *       ({@code retryable="false"}: a bad token, an unknown channel) or still failed after every
 *       retry ({@code retryable="true"}: Slack down; the next pass tries again)</li>
 *   <li>{@code driftguard_notify_slack_rate_limited_total}: times Slack asked us to wait (429)</li>
 *   <li>{@code driftguard_notify_slack_in_doubt_total{outcome}}: notifications found claimed but not
 *       recorded as posted (the notifier died after claiming, or Slack's answer was lost), by what the
 *       look-up in Slack found: {@code found} (recorded, not posted again), {@code absent} (posted
 *       now), {@code given_up} (the channel could not be read: not posted again, perhaps never
 *       shown)</li>
 * </ul>
 * Every series is exported at zero from the start, so an alert on {@code increase(...)} sees the
 * first failure.
 */
public final class NotifyMetrics {

    private static final String[] METHODS = {
        "chat.postMessage", "chat.update", "conversations.history", "conversations.replies", "conversations.list"
    };
    private static final String[] IN_DOUBT = {"found", "absent", "given_up"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter rateLimited;

    public NotifyMetrics() {
        for (String m : METHODS) {
            calls(m);
            failures(m, true);
            failures(m, false);
        }
        rateLimited = Counter.builder("driftguard.notify.slack.rate.limited")
                .description("times Slack answered 429 and was waited for")
                .register(registry);
        for (String outcome : IN_DOUBT) {
            inDoubt(outcome);
        }
    }

    /** A notification found claimed but not recorded, and what the look-up in Slack came to. */
    Counter inDoubt(String outcome) {
        return Counter.builder("driftguard.notify.slack.in.doubt")
                .description("notifications claimed but not recorded as posted, by what the look-up in Slack found")
                .tag("outcome", outcome)
                .register(registry);
    }

    void succeeded(String method) {
        calls(method).increment();
    }

    void failed(String method, boolean retryable) {
        failures(method, retryable).increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    private Counter calls(String method) {
        return Counter.builder("driftguard.notify.slack.calls")
                .description("Slack calls that succeeded")
                .tag("method", method)
                .register(registry);
    }

    private Counter failures(String method, boolean retryable) {
        return Counter.builder("driftguard.notify.slack.failures")
                .description("Slack calls that failed for good, or after every retry")
                .tag("method", method)
                .tag("retryable", String.valueOf(retryable))
                .register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Serves {@code GET /metrics} and {@code GET /healthz} on {@code host:port} (port 0: a free one)
     * from a daemon thread; returns the server so the caller can read its port and stop it.
     */
    public HttpServer serve(String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/metrics", ex -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders("GET".equals(ex.getRequestMethod()) ? 200 : 405, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/healthz", ex -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "driftguard-notify-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }
}
