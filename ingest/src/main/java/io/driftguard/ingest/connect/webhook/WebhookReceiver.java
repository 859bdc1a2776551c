package io.driftguard.ingest.connect.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.JsonText;
import io.driftguard.ingest.connect.metrics.HttpLimits;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.ingest.connect.metrics.MetricsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server for every push source: {@code POST /webhooks/<source>}, plus {@code GET /metrics}
 * and {@code GET /healthz}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>path</th><th>verification</th><th>delivery id</th><th>published as</th></tr>
 *   <tr><td>/webhooks/github</td><td>{@code X-Hub-Signature-256: sha256=<hmac of the raw body>}</td>
 *       <td>{@code X-GitHub-Delivery}</td><td>{@code {"event":X-GitHub-Event,"delivery":…,"payload":body}}</td></tr>
 *   <tr><td>/webhooks/gitlab</td><td>{@code X-Gitlab-Token} equal to the token</td>
 *       <td>{@code X-Gitlab-Event-UUID}, else the body's SHA-256</td><td>{@code {"event":X-Gitlab-Event,…}}</td></tr>
 *   <tr><td>/webhooks/pagerduty</td><td>{@code X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]}, any one matching</td>
 *       <td>body SHA-256</td><td>the body</td></tr>
 *   <tr><td>/webhooks/jira</td><td>{@code X-Hub-Signature: sha256=<hmac>} (Jira Cloud), or
 *       {@code ?secret=} equal to the secret (Jira Server/DC, which cannot sign)</td>
 *       <td>{@code X-Atlassian-Webhook-Identifier}, else body SHA-256</td><td>the body</td></tr>
 *   <tr><td>/webhooks/alertmanager</td><td>{@code Authorization: Bearer <token>}</td><td>body SHA-256</td><td>the body</td></tr>
 *   <tr><td>/webhooks/k8s-audit</td><td>{@code Authorization: Bearer <token>}</td><td>body SHA-256</td>
 *       <td>each {@code items[]} Event of the {@code EventList}; cluster from {@code /webhooks/k8s-audit/<cluster>}
 *       or {@code ?cluster=}</td></tr>
 * </table>
 *
 * <p>Answers: 202 once Kafka acknowledged every record; 200 for a delivery already published; 400
 * for a verified body that is not the expected JSON (dead-lettered first); 401 for a missing or
 * wrong signature; 405 for a method other than POST; 413 for a body over the limit; 503 when Kafka
 * did not acknowledge in time, or too many deliveries already wait for it, so the sender retries.
 *
 * <p>A request thread reads, verifies and sends; it does not wait for Kafka's acknowledgement. The
 * answer is written when the acknowledgement arrives (the JDK server keeps the exchange open until
 * then), so throughput does not depend on threads divided by the acknowledgement time, and the
 * producer batches the records of many requests ({@code linger.ms}). The number of deliveries
 * waiting so is bounded ({@link WebhookSettings#maxPending()}).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final long MAX_DRAIN = 16L * 1024 * 1024;

    static {
        HttpLimits.install();
    }

    private final WebhookSettings settings;
    private final Forwarder forwarder;
    private final IngestMetrics metrics;
    private final DeliveryDeduplicator dedup;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    /** Deliveries read and waiting for Kafka (or for the first copy of the same id); beyond, 503 at once. */
    private final Semaphore pending;
    /** Sends the answers that wait for Kafka, so that Kafka's I/O thread never writes to a client. */
    private final ExecutorService answering;

    private WebhookReceiver(
            WebhookSettings settings,
            Forwarder forwarder,
            IngestMetrics metrics,
            HttpServer server,
            ThreadPoolExecutor executor) {
        this.settings = settings;
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.dedup = new DeliveryDeduplicator(settings.dedupCapacity(), settings.dedupWindow(), Clock.systemUTC());
        this.server = server;
        this.executor = executor;
        this.pending = new Semaphore(settings.maxPending());
        this.answering = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "driftguard-webhook-answer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds and starts serving. */
    public static WebhookReceiver start(WebhookSettings settings, Forwarder forwarder, IngestMetrics metrics)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queue()),
                r -> {
                    Thread t = new Thread(r, "driftguard-webhook");
                    t.setDaemon(true);
                    return t;
                },
                // Not CallerRuns: the caller is the server's only accepting thread, and one slow client
                // run on it would stop every other connection. A connection beyond threads + queue is
                // closed at once; the sender retries (webhook senders do, on a connection error).
                new ThreadPoolExecutor.AbortPolicy());
        WebhookReceiver receiver = new WebhookReceiver(settings, forwarder, metrics, server, executor);
        for (String source : settings.secrets().keySet()) {
            server.createContext("/webhooks/" + source, ex -> receiver.handle(source, ex));
        }
        server.createContext("/metrics", ex -> MetricsServer.serveMetrics(ex, metrics));
        server.createContext("/healthz", ex -> {
            try (ex) {
                respond(ex, new Answer(200, "{\"status\":\"ok\"}"));
            }
        });
        server.setExecutor(executor);
        server.start();
        LOG.info(
                "webhook receiver on port {} for {}",
                server.getAddress().getPort(),
                settings.secrets().keySet());
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Reads, verifies and publishes on a request thread, and answers there when the answer is known
     * at once (401, 413, a repeat already published); an accepted delivery is answered later, by
     * {@link #answerWhenDone}, once Kafka acknowledged it, so the request thread is free for the next
     * request meanwhile instead of waiting for the acknowledgement.
     */
    private void handle(String source, HttpExchange ex) {
        boolean answerLater = false;
        try {
            answerLater = serve(source, ex);
        } catch (IOException e) {
            LOG.debug("webhook {}: connection failed: {}", source, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("webhook {} failed: {}", source, e.toString());
            respondQuietly(ex, new Answer(500, "{\"error\":" + JsonText.quote(e.toString()) + "}"));
        } finally {
            if (!answerLater) {
                ex.close();
            }
        }
    }

    /** @return true when the answer is left to {@link #answerWhenDone} */
    private boolean serve(String source, HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "POST");
            respond(ex, new Answer(405, "{\"error\":\"method not allowed; use POST\"}"));
            return false;
        }
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLong(declared) > settings.maxBodyBytes()) {
            return tooLarge(source, ex);
        }
        byte[] body = readBounded(ex.getRequestBody(), settings.maxBodyBytes());
        if (body == null) {
            return tooLarge(source, ex);
        }
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (!verified(source, settings.secrets().get(source), ex.getRequestHeaders(), query, body)) {
            metrics.unauthorized(source);
            respond(ex, new Answer(401, "{\"error\":\"missing or invalid signature\"}"));
            return false;
        }
        return accept(source, ex, body, query);
    }

    private boolean tooLarge(String source, HttpExchange ex) throws IOException {
        metrics.rejected(source, "too-large");
        drain(ex.getRequestBody());
        respond(ex, new Answer(413, "{\"error\":\"body larger than " + settings.maxBodyBytes() + " bytes\"}"));
        return false;
    }

    private boolean accept(String source, HttpExchange ex, byte[] body, Map<String, String> query) throws IOException {
        Headers h = ex.getRequestHeaders();
        String delivery = deliveryId(source, h, body);
        String dedupKey = source + ':' + delivery;
        DeliveryDeduplicator.Claim claim = dedup.claim(dedupKey);
        if (claim instanceof DeliveryDeduplicator.Claim.Seen seen) {
            metrics.duplicate(source);
            CompletableFuture<Answer> answer = seen.result()
                    .thenApply(x -> new Answer(
                            200, "{\"status\":\"duplicate\",\"delivery\":" + JsonText.quote(delivery) + "}"));
            if (answer.isDone()) {
                respond(ex, answerOf(answer, null));
                return false;
            }
            if (!pending.tryAcquire()) {
                return busy(source, ex);
            }
            // the first copy is still being published: answer as it is answered, on a copy of its
            // future so that our time-out does not fail it for the others waiting on it
            answerWhenDone(ex, answer.copy(), "a concurrent delivery of the same id failed; retry", failure -> {});
            return true;
        }
        DeliveryDeduplicator.Claim.Owner owner = (DeliveryDeduplicator.Claim.Owner) claim;
        if (!pending.tryAcquire()) {
            dedup.finish(owner, new IllegalStateException("too many deliveries waiting for Kafka"));
            return busy(source, ex);
        }
        CompletableFuture<Forwarder.Outcome> sent;
        try {
            byte[] record = switch (source) {
                case Sources.GITHUB -> wrap(h.getFirst("X-GitHub-Event"), delivery, githubJson(h, body));
                case Sources.GITLAB -> wrap(h.getFirst("X-Gitlab-Event"), delivery, body);
                default -> body;
            };
            String cluster = Sources.K8S_AUDIT.equals(source)
                    ? cluster(ex.getRequestURI().getPath(), query)
                    : null;
            sent = forwarder.forward(source, record, dedupKey, cluster, Instant.now());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e); // the claim must be released, or every retry waits on it
        }
        CompletableFuture<Answer> answer = sent.handle((outcome, failure) -> {
            dedup.finish(owner, failure == null ? null : unwrap(failure));
            if (failure != null) {
                LOG.warn(
                        "webhook {} delivery {} not acknowledged by Kafka: {}",
                        source,
                        delivery,
                        unwrap(failure).toString());
                throw new CompletionException(failure);
            }
            if (outcome.published() == 0 && outcome.deadLettered() > 0) {
                return new Answer(
                        400, "{\"error\":\"body is not a usable " + source + " payload; recorded as a dead letter\"}");
            }
            return new Answer(
                    202,
                    "{\"status\":\"accepted\",\"published\":" + outcome.published() + ",\"delivery\":"
                            + JsonText.quote(delivery) + "}");
        });
        // Not acknowledged in time: the claim is given up now, so that the sender's retry is published
        // (if the acknowledgement comes late after all, the record is there twice, counted once
        // downstream by its delivery id). A claim's first outcome counts, so this is a no-op otherwise.
        answerWhenDone(ex, answer, "event store unavailable; retry later", failure -> dedup.finish(owner, failure));
        return true;
    }

    /**
     * Answers the exchange when {@code answer} completes, on the answering threads (never on Kafka's
     * I/O thread); 503 with {@code Retry-After} if it fails or takes longer than the acknowledgement
     * time-out, after telling {@code onFailure}. Releases the pending permit taken for it.
     */
    private void answerWhenDone(
            HttpExchange ex, CompletableFuture<Answer> answer, String unavailable, Consumer<Throwable> onFailure) {
        answer.orTimeout(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync(
                        (a, failure) -> {
                            try {
                                if (failure != null) {
                                    onFailure.accept(unwrap(failure));
                                }
                                respondQuietly(ex, answerOf(answer, unavailable));
                            } finally {
                                ex.close();
                                pending.release();
                            }
                        },
                        answering);
    }

    private boolean busy(String source, HttpExchange ex) throws IOException {
        metrics.busy(source);
        ex.getResponseHeaders().set("Retry-After", "5");
        respond(ex, new Answer(503, "{\"error\":\"too many deliveries waiting for the event store; retry later\"}"));
        return false;
    }

    /** The answer a completed future stands for; 503 with {@code Retry-After} if it failed. */
    private static Answer answerOf(CompletableFuture<Answer> done, String unavailable) {
        try {
            return done.join();
        } catch (RuntimeException e) {
            return new Answer(503, "{\"error\":" + JsonText.quote(unavailable) + "}", true);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** A status and a JSON body; {@code retryAfter} adds {@code Retry-After: 30} (a 503 from Kafka). */
    private record Answer(int status, String json, boolean retryAfter) {
        Answer(int status, String json) {
            this(status, json, false);
        }
    }

    static boolean verified(String source, byte[] secret, Headers h, Map<String, String> query, byte[] body) {
        return switch (source) {
            case Sources.GITHUB -> prefixedHmac(secret, body, h.getFirst("X-Hub-Signature-256"));
            case Sources.GITLAB -> Signatures.tokenMatches(secret, h.getFirst("X-Gitlab-Token"));
            case Sources.PAGERDUTY -> pagerDuty(secret, body, h.getFirst("X-PagerDuty-Signature"));
            case Sources.JIRA ->
                prefixedHmac(secret, body, h.getFirst("X-Hub-Signature"))
                        || (query.containsKey("secret") && Signatures.tokenMatches(secret, query.get("secret")));
            case Sources.ALERTMANAGER, Sources.K8S_AUDIT -> bearer(secret, h.getFirst("Authorization"));
            default -> false;
        };
    }

    private static boolean prefixedHmac(byte[] secret, byte[] body, String header) {
        return header != null
                && header.startsWith("sha256=")
                && Signatures.hmacMatches(secret, body, header.substring("sha256=".length()));
    }

    /** PagerDuty sends one {@code v1=} signature per active secret while a secret is rotated. */
    private static boolean pagerDuty(byte[] secret, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        boolean ok = false;
        for (String part : header.split(",")) {
            String p = part.trim();
            // no early exit: the time taken does not reveal which signature matched
            ok |= p.startsWith("v1=") && Signatures.hmacMatches(secret, body, p.substring(3));
        }
        return ok;
    }

    private static boolean bearer(byte[] secret, String header) {
        return header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && Signatures.tokenMatches(secret, header.substring(7).trim());
    }

    private static String deliveryId(String source, Headers h, byte[] body) {
        String id = switch (source) {
            case Sources.GITHUB -> h.getFirst("X-GitHub-Delivery");
            case Sources.GITLAB -> h.getFirst("X-Gitlab-Event-UUID");
            case Sources.JIRA -> h.getFirst("X-Atlassian-Webhook-Identifier");
            default -> null;
        };
        return id == null || id.isBlank() ? "sha256-" + Signatures.sha256Hex(body) : id;
    }

    /** GitHub can be set to send {@code application/x-www-form-urlencoded} with the JSON in {@code payload}. */
    private static byte[] githubJson(Headers h, byte[] body) {
        String type = h.getFirst("Content-Type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            String payload = query(new String(body, StandardCharsets.US_ASCII)).get("payload");
            return payload == null ? body : payload.getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }

    /**
     * The replay line shape {@code {"event":…,"delivery":…,"payload":…}} around the untouched body,
     * so the parser reads live and replayed deliveries alike.
     */
    static byte[] wrap(String event, String delivery, byte[] payload) {
        byte[] head = ("{\"event\":" + (event == null ? "null" : JsonText.quote(event)) + ",\"delivery\":"
                        + JsonText.quote(delivery) + ",\"payload\":")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** Reads at most {@code limit} bytes; null if the body is longer (chunked bodies have no Content-Length). */
    private static byte[] readBounded(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > limit) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Reads and discards what is left of a refused body, up to {@link #MAX_DRAIN} bytes: closing a
     * connection with unread input makes TCP reset it, and the sender would never see the 413.
     * Beyond the bound the connection is closed anyway, so a huge body cannot keep a thread busy.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while (total < MAX_DRAIN && (n = in.read(buf)) > 0) {
            total += n;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(decode(k), decode(v));
        }
        return q;
    }

    /**
     * Percent-decoding that never throws: anyone can put {@code %ZZ} in a query string before any
     * signature is checked, and it must not turn into a 500 (HostileClientsIT). Such a part is kept
     * as sent, which matches no secret and no form field.
     */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * {@code /webhooks/k8s-audit/<cluster>} or {@code ?cluster=<cluster>}: the path form survives
     * kubeconfig {@code server} URLs, where some clients drop a query string.
     */
    private static String cluster(String path, Map<String, String> query) {
        String prefix = "/webhooks/" + Sources.K8S_AUDIT + "/";
        if (path.startsWith(prefix) && path.length() > prefix.length()) {
            return path.substring(prefix.length());
        }
        return emptyToNull(query.get("cluster"));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void respond(HttpExchange ex, Answer answer) throws IOException {
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (answer.retryAfter()) {
            ex.getResponseHeaders().set("Retry-After", "30");
        }
        ex.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** As {@link #respond}, for when nobody is left to tell: the client went away, or headers were sent already. */
    private static void respondQuietly(HttpExchange ex, Answer answer) {
        try {
            respond(ex, answer);
        } catch (IOException | RuntimeException e) {
            LOG.debug("webhook answer {} not sent: {}", answer.status(), e.toString());
        }
    }

    /**
     * Stops accepting, lets requests in progress finish (up to 5 s: the JDK server waits for every
     * exchange to be answered, those waiting for Kafka included).
     */
    @Override
    public void close() {
        server.stop(5);
        executor.shutdown();
        answering.shutdown();
        try {
            executor.awaitTermination(settings.ackTimeout().toSeconds() + 1, TimeUnit.SECONDS);
            answering.awaitTermination(settings.ackTimeout().toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
