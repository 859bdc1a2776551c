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
 * chat.update} take form-encoded bodies and a bearer token and answer Slack's JSON; {@code
 * conversations.history} and {@code conversations.replies} read the messages posted, with their
 * metadata when asked ({@code include_all_metadata}), by channel id only, as Slack does. Tests queue
 * failures ahead of the normal answers: a 429 with {@code Retry-After}, a 500, or an {@code
 * ok:false} error; or let a post through and then fail its answer or run something (break the
 * notifier's database) before answering.
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

    /** A message as the channel shows it. */
    record Shown(String ts, String threadTs, String text, String metadata) {}

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final List<Shown> shown = new ArrayList<>();
    private Runnable afterNextPost;
    private Integer answerNextPostWith;
    private String historyError;
    /** Message timestamps as Slack makes them: seconds and microseconds of the post, unique per channel. */
    private final AtomicLong ts = new AtomicLong(System.currentTimeMillis() * 1000);

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

    /**
     * The next {@code chat.postMessage} is shown in the channel, then {@code action} runs, then it is
     * answered as usual: what a notifier sees when it dies right after Slack took its message.
     */
    synchronized void afterNextPost(Runnable action) {
        afterNextPost = action;
    }

    /** The next {@code chat.postMessage} is shown in the channel, but answered with this HTTP status. */
    synchronized void showNextPostButAnswer(int status) {
        answerNextPostWith = status;
    }

    /** Reading and listing channels is refused with this error ({@code missing_scope}: a token with chat:write only). */
    synchronized void refuseHistory(String error) {
        historyError = error;
    }

    /** The messages the channel shows, oldest first. */
    synchronized List<Shown> shown() {
        return List.copyOf(shown);
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
        Runnable after = null;
        Integer postStatus = null;
        String body;
        int status = 200;
        synchronized (this) {
            calls.add(new Call(method, form, auth, Instant.now()));
            failure = failures.poll();
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
            } else if (method.equals("chat.postMessage")) {
                String messageTs = next();
                shown.add(new Shown(messageTs, form.get("thread_ts"), form.get("text"), form.get("metadata")));
                body = "{\"ok\":true,\"channel\":\"" + CHANNEL_ID + "\",\"ts\":\"" + messageTs + "\"}";
                after = afterNextPost;
                afterNextPost = null;
                postStatus = answerNextPostWith;
                answerNextPostWith = null;
            } else if (method.equals("chat.update")) {
                body = "{\"ok\":true,\"channel\":\"" + CHANNEL_ID + "\",\"ts\":\"" + form.get("ts") + "\"}";
            } else if (method.equals("conversations.history") || method.equals("conversations.replies")) {
                body = read(method, form);
            } else if (method.equals("conversations.list")) {
                body = historyError != null
                        ? "{\"ok\":false,\"error\":\"" + historyError + "\"}"
                        : "{\"ok\":true,\"channels\":[{\"id\":\"" + CHANNEL_ID + "\",\"name\":\"drift\"}]}";
            } else {
                body = "{\"ok\":false,\"error\":\"unknown_method\"}";
            }
        }
        if (after != null) {
            after.run();
        }
        if (postStatus != null) {
            status = postStatus;
            body = "{\"ok\":false,\"error\":\"internal_error\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The channel's messages (or a thread's: its first message and replies), newest first, as Slack pages them. */
    private String read(String method, Map<String, String> form) {
        if (historyError != null) {
            return "{\"ok\":false,\"error\":\"" + historyError + "\"}";
        }
        if (!CHANNEL_ID.equals(form.get("channel"))) {
            return "{\"ok\":false,\"error\":\"channel_not_found\"}"; // Slack reads channels by id only
        }
        double oldest = Double.parseDouble(form.getOrDefault("oldest", "0"));
        boolean withMetadata =
                "1".equals(form.get("include_all_metadata")) || "true".equals(form.get("include_all_metadata"));
        String thread = method.equals("conversations.replies") ? form.get("ts") : null;
        StringBuilder out = new StringBuilder("{\"ok\":true,\"has_more\":false,\"messages\":[");
        boolean first = true;
        for (int i = shown.size() - 1; i >= 0; i--) {
            Shown m = shown.get(i);
            boolean inView =
                    thread == null ? m.threadTs() == null : thread.equals(m.ts()) || thread.equals(m.threadTs());
            if (!inView || Double.parseDouble(m.ts()) < oldest) {
                continue;
            }
            out.append(first ? "" : ",")
                    .append("{\"type\":\"message\",\"ts\":\"")
                    .append(m.ts())
                    .append('"');
            if (m.threadTs() != null) {
                out.append(",\"thread_ts\":\"").append(m.threadTs()).append('"');
            }
            if (withMetadata && m.metadata() != null) {
                out.append(",\"metadata\":").append(m.metadata());
            }
            out.append('}');
            first = false;
        }
        return out.append("]}").toString();
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
