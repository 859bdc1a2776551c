package io.driftguard.ingest.iac.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cloud Storage's JSON API on a local port, enough for the official client to read an object:
 * {@code objects.get} for metadata ({@code GET /storage/v1/b/<bucket>/o/<object>}) and for content
 * ({@code alt=media}, on that path or under {@code /download}), honouring the {@code generation}
 * parameter, with the API's error bodies for a missing object and a denied caller. Counts metadata
 * reads and downloads, so a test can see that an unchanged object was not downloaded again.
 */
public final class GcsFake implements AutoCloseable {

    private record StoredObject(byte[] content, long generation) {}

    private final HttpServer server;
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
    private final Map<String, AtomicInteger> metadataReads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private volatile boolean denied;

    private GcsFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static GcsFake start() throws IOException {
        return new GcsFake();
    }

    /** {@code http://127.0.0.1:<port>}, the client's host ({@code storage_custom_endpoint}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Writes an object: a new generation, as a real write does even for the same bytes. */
    public void put(String bucket, String object, String content) {
        objects.put(
                bucket + "/" + object,
                new StoredObject(content.getBytes(StandardCharsets.UTF_8), generations.incrementAndGet()));
    }

    public void delete(String bucket, String object) {
        objects.remove(bucket + "/" + object);
    }

    /** Answers every request with 403, as for a caller without {@code storage.objects.get}. */
    public void deny(boolean deny) {
        this.denied = deny;
    }

    /** {@code objects.get} metadata reads of one object that found it. */
    public int metadataReads(String bucket, String object) {
        return count(metadataReads, bucket + "/" + object);
    }

    /** {@code alt=media} downloads of one object. */
    public int downloads(String bucket, String object) {
        return count(downloads, bucket + "/" + object);
    }

    private static int count(Map<String, AtomicInteger> counts, String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            if (path.startsWith("/download/")) {
                path = path.substring("/download".length());
            }
            Map<String, String> query = query(x.getRequestURI().getRawQuery());
            String prefix = "/storage/v1/b/";
            int o = path.indexOf("/o/");
            if (!path.startsWith(prefix) || o < 0 || !"GET".equals(x.getRequestMethod())) {
                error(x, 404, "notFound", "Not Found");
                return;
            }
            String bucket = decode(path.substring(prefix.length(), o));
            String name = decode(path.substring(o + 3));
            if (denied) {
                error(
                        x,
                        403,
                        "forbidden",
                        "iac-sync@acme.iam.gserviceaccount.com does not have storage.objects.get access to the"
                                + " Google Cloud Storage object. Permission 'storage.objects.get' denied on resource"
                                + " (or it may not exist).");
                return;
            }
            StoredObject stored = objects.get(bucket + "/" + name);
            String wanted = query.get("generation");
            if (stored == null || (wanted != null && Long.parseLong(wanted) != stored.generation())) {
                error(x, 404, "notFound", "No such object: " + bucket + "/" + name);
                return;
            }
            x.getResponseHeaders().set("x-goog-generation", Long.toString(stored.generation()));
            x.getResponseHeaders().set("x-goog-metageneration", "1");
            if ("media".equals(query.get("alt"))) {
                downloads
                        .computeIfAbsent(bucket + "/" + name, k -> new AtomicInteger())
                        .incrementAndGet();
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, stored.content().length);
                x.getResponseBody().write(stored.content());
                return;
            }
            metadataReads
                    .computeIfAbsent(bucket + "/" + name, k -> new AtomicInteger())
                    .incrementAndGet();
            String md5 = Base64.getEncoder().encodeToString(md5(stored.content()));
            send(x, 200, """
                    {"kind": "storage#object", "id": "%1$s/%2$s/%3$d", "name": "%2$s", "bucket": "%1$s",
                     "generation": "%3$d", "metageneration": "1", "contentType": "application/json",
                     "storageClass": "STANDARD", "size": "%4$d", "md5Hash": "%5$s", "etag": "%6$s",
                     "timeCreated": "2026-03-01T10:00:00.000Z", "updated": "2026-03-01T10:00:00.000Z",
                     "selfLink": "%7$s/storage/v1/b/%1$s/o/%8$s",
                     "mediaLink": "%7$s/download/storage/v1/b/%1$s/o/%8$s?generation=%3$d&alt=media"}
                    """.formatted(
                            bucket,
                            name,
                            stored.generation(),
                            stored.content().length,
                            md5,
                            "C" + Long.toHexString(stored.generation()) + "EAE=",
                            endpoint(),
                            path.substring(o + 3)));
        }
    }

    private static void error(HttpExchange x, int code, String reason, String message) throws IOException {
        send(x, code, """
                {"error": {"code": %1$d, "message": "%2$s",
                  "errors": [{"message": "%2$s", "domain": "global", "reason": "%3$s"}]}}
                """.formatted(code, message, reason));
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String p : raw.split("&")) {
                int eq = p.indexOf('=');
                q.put(decode(eq < 0 ? p : p.substring(0, eq)), eq < 0 ? "" : decode(p.substring(eq + 1)));
            }
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
