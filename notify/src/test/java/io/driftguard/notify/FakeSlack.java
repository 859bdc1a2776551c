package io.driftguard.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's Web API as the SDK meets it, on a loopback port: {@code chat.postMessage} and {@code
 * chat.update} take form-encoded bodies and a bearer token and answer Slack's JSON. Tests queue
 * failures ahead of the normal answers: a 429 with {@code Retry-After}, a 500, or an {@code
 * ok:false} error.
 */
final class FakeSlack implements AutoCloseable {

    static final String TOKEN = "xoxb-test-token";
    static final String CHANNEL_ID = "C0DRIFT";

    /** One call as Slack received it. */
    record Call(String method, Map<String, String> form, String authorization, Instant at) {
        String text() {
            return form.getOrDefault("text", "");
        }

        String blocks() {
            return form.getOrDefault("blocks", "");
        }

        String threadTs() {
            return form.get("thread_ts");
        }
    }

    private record Failure(int status, String retryAfter, String error) {}

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000100L);

    FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", this::handle);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    synchronized void failNext(int status, String retryAfter) {
        failures.add(new Failure(status, retryAfter, null));
    }

    synchronized void errorNext(String error) {
        failures.add(new Failure(200, null, error));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Failure failure;
        synchronized (this) {
            calls.add(new Call(method, form, auth, Instant.now()));
            failure = failures.poll();
        }
        String body;
        int status = 200;
        if (!("Bearer " + TOKEN).equals(auth)) {
            body = "{\"ok\":false,\"error\":\"invalid_auth\"}";
        } else if (failure != null && failure.error() != null) {
            body = "{\"ok\":false,\"error\":\"" + failure.error() + "\"}";
        } else if (failure != null) {
            status = failure.status();
            if (failure.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", failure.retryAfter());
            }
            body = "{\"ok\":false,\"error\":\"ratelimited\"}";
        } else if (method.equals("chat.postMessage") || method.equals("chat.update")) {
            String messageTs = method.equals("chat.update") ? form.get("ts") : next();
            body = "{\"ok\":true,\"channel\":\"" + CHANNEL_ID + "\",\"ts\":\"" + messageTs + "\"}";
        } else {
            body = "{\"ok\":false,\"error\":\"unknown_method\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String next() {
        long n = ts.getAndIncrement();
        return (n / 1_000_000) + "." + String.format("%06d", n % 1_000_000);
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
