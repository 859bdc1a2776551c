package io.driftguard.ingest.iac.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Blob service's REST API on a local port, path-style as Azurite serves it
 * ({@code http://127.0.0.1:<port>/<account>/<container>/<blob>}), enough for the official client to
 * read a blob: Get Blob Properties ({@code HEAD}) and Get Blob ({@code GET}, honouring
 * {@code If-Match}), with the service's error codes. Requests must be signed with the account's
 * shared key (the signature is checked as the service checks it) or carry the expected SAS signature.
 * Counts property reads and downloads.
 */
public final class AzureBlobFake implements AutoCloseable {

    private record StoredBlob(byte[] content, String etag) {}

    /** The service's dates: two-digit days ({@code RFC_1123_DATE_TIME} writes one, which the client rejects). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    private final HttpServer server;
    private final String account;
    private final byte[] accountKey;
    private final String sasSignature;
    private final Map<String, StoredBlob> blobs = new ConcurrentHashMap<>();
    private final AtomicLong etags = new AtomicLong(0x8DC3A1F2B4C5D60L);
    private final Map<String, AtomicInteger> propertyReads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private volatile boolean denied;

    /**
     * @param accountKey the account's shared key, base64 as the portal shows it
     * @param sasSignature the {@code sig} a SAS token must carry
     */
    private AzureBlobFake(String account, String accountKey, String sasSignature) throws IOException {
        this.account = account;
        this.accountKey = Base64.getDecoder().decode(accountKey);
        this.sasSignature = sasSignature;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static AzureBlobFake start(String account, String accountKey, String sasSignature) throws IOException {
        return new AzureBlobFake(account, accountKey, sasSignature);
    }

    /** The Blob service endpoint of the account: {@code http://127.0.0.1:<port>/<account>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + account;
    }

    /** Writes a blob: a new ETag. */
    public void put(String container, String blob, String content) {
        blobs.put(
                container + "/" + blob,
                new StoredBlob(
                        content.getBytes(StandardCharsets.UTF_8),
                        "\"0x" + Long.toHexString(etags.incrementAndGet()).toUpperCase() + "\""));
    }

    public void delete(String container, String blob) {
        blobs.remove(container + "/" + blob);
    }

    /** Refuses every (correctly signed) request, as for a principal without a data-reader role. */
    public void deny(boolean deny) {
        this.denied = deny;
    }

    /** Get Blob Properties requests that found the blob. */
    public int propertyReads(String container, String blob) {
        return count(propertyReads, container + "/" + blob);
    }

    /** Get Blob requests that downloaded the blob. */
    public int downloads(String container, String blob) {
        return count(downloads, container + "/" + blob);
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
            String raw = x.getRequestURI().getRawPath();
            String accountPrefix = "/" + account + "/";
            if (!raw.startsWith(accountPrefix)) {
                error(x, 400, "InvalidUri", "The requested URI does not represent any resource on the server.");
                return;
            }
            String rest = decode(raw.substring(accountPrefix.length()));
            int slash = rest.indexOf('/');
            String container = slash < 0 ? rest : rest.substring(0, slash);
            String blob = slash < 0 ? "" : rest.substring(slash + 1);
            if (!authenticated(x)) {
                error(
                        x,
                        403,
                        "AuthenticationFailed",
                        "Server failed to authenticate the request. Make sure the value of Authorization header is"
                                + " formed correctly including the signature.");
                return;
            }
            if (denied) {
                error(
                        x,
                        403,
                        "AuthorizationPermissionMismatch",
                        "This request is not authorized to perform this operation using this permission.");
                return;
            }
            StoredBlob stored = blobs.get(container + "/" + blob);
            if (stored == null) {
                error(x, 404, "BlobNotFound", "The specified blob does not exist.");
                return;
            }
            String ifMatch = x.getRequestHeaders().getFirst("If-Match");
            // The service takes an ETag quoted (as it sends it) or bare (as the Java client sends it back).
            if (ifMatch != null && !unquoted(ifMatch).equals(unquoted(stored.etag()))) {
                error(
                        x,
                        412,
                        "ConditionNotMet",
                        "The condition specified using HTTP conditional header(s) is not met.");
                return;
            }
            var h = x.getResponseHeaders();
            h.set("ETag", stored.etag());
            h.set("Last-Modified", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            h.set("Content-Type", "application/json");
            h.set("x-ms-blob-type", "BlockBlob");
            h.set("x-ms-lease-status", "unlocked");
            h.set("x-ms-lease-state", "available");
            h.set("x-ms-server-encrypted", "true");
            h.set("Accept-Ranges", "bytes");
            common(x);
            switch (x.getRequestMethod()) {
                case "HEAD" -> {
                    propertyReads
                            .computeIfAbsent(container + "/" + blob, k -> new AtomicInteger())
                            .incrementAndGet();
                    x.sendResponseHeaders(200, -1);
                }
                case "GET" -> {
                    downloads
                            .computeIfAbsent(container + "/" + blob, k -> new AtomicInteger())
                            .incrementAndGet();
                    x.sendResponseHeaders(200, stored.content().length);
                    x.getResponseBody().write(stored.content());
                }
                default -> error(x, 405, "UnsupportedHttpVerb", "The resource doesn't support the specified verb.");
            }
        }
    }

    private boolean authenticated(HttpExchange x) {
        String query = x.getRequestURI().getRawQuery();
        if (query != null) {
            for (String p : query.split("&")) {
                if (p.startsWith("sig=")) {
                    return sasSignature != null && sasSignature.equals(decode(p.substring(4)));
                }
            }
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String expectedPrefix = "SharedKey " + account + ":";
        return auth != null
                && auth.startsWith(expectedPrefix)
                && auth.substring(expectedPrefix.length()).equals(sign(x));
    }

    /** The Shared Key signature of a request, as the Blob service computes it (version 2009-09-19 and later). */
    private String sign(HttpExchange x) {
        var headers = x.getRequestHeaders();
        String length = header(x, "Content-Length");
        List<String> lines = new ArrayList<>(List.of(
                x.getRequestMethod(),
                header(x, "Content-Encoding"),
                header(x, "Content-Language"),
                "0".equals(length) ? "" : length,
                header(x, "Content-MD5"),
                header(x, "Content-Type"),
                header(x, "Date"),
                header(x, "If-Modified-Since"),
                header(x, "If-Match"),
                header(x, "If-None-Match"),
                header(x, "If-Unmodified-Since"),
                header(x, "Range")));
        Map<String, String> ms = new TreeMap<>();
        headers.forEach((k, v) -> {
            String name = k.toLowerCase();
            if (name.startsWith("x-ms-")) {
                ms.put(name, String.join(",", v).strip());
            }
        });
        ms.forEach((k, v) -> lines.add(k + ":" + v));
        StringBuilder resource =
                new StringBuilder("/").append(account).append(x.getRequestURI().getRawPath());
        Map<String, List<String>> params = new TreeMap<>();
        String query = x.getRequestURI().getRawQuery();
        if (query != null) {
            for (String p : query.split("&")) {
                int eq = p.indexOf('=');
                params.computeIfAbsent(decode(eq < 0 ? p : p.substring(0, eq)).toLowerCase(), k -> new ArrayList<>())
                        .add(eq < 0 ? "" : decode(p.substring(eq + 1)));
            }
        }
        params.forEach((k, v) -> resource.append('\n')
                .append(k)
                .append(':')
                .append(String.join(",", v.stream().sorted().toList())));
        lines.add(resource.toString());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accountKey, "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpExchange x, String name) {
        String v = x.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    private static void common(HttpExchange x) {
        String version = x.getRequestHeaders().getFirst("x-ms-version");
        x.getResponseHeaders().set("x-ms-version", version == null ? "2025-11-05" : version);
        x.getResponseHeaders()
                .set("x-ms-request-id", java.util.UUID.randomUUID().toString());
        x.getResponseHeaders().set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    private static void error(HttpExchange x, int status, String code, String message) throws IOException {
        common(x);
        x.getResponseHeaders().set("x-ms-error-code", code);
        if ("HEAD".equals(x.getRequestMethod())) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        byte[] b = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message
                        + "\nRequestId:" + x.getResponseHeaders().getFirst("x-ms-request-id") + "</Message></Error>")
                .getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/xml");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    private static String unquoted(String etag) {
        return etag.replaceAll("^\"|\"$", "");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
