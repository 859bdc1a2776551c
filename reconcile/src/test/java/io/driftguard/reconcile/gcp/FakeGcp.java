package io.driftguard.reconcile.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.driftguard.core.json.Json;
import io.driftguard.testkit.FakeHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Google's OAuth token endpoint and the Compute Engine REST API's list calls
 * ({@code GET /compute/v1/projects/P/global/firewalls}, {@code …/zones/Z/instances}), as Google's
 * HTTP client and auth library call them: a service account's signed JWT exchanged for a bearer
 * token, lists of {@code maxResults} items with a {@code nextPageToken}, resources in the API's JSON
 * shape (empty lists left out, server fields added), errors in Google's {@code {"error": …}} body.
 */
final class FakeGcp extends FakeHttpServer {

    static final String TOKEN = "ya29.c.scanner-token";

    /** collection (projects/P/global/firewalls) → name → resource. */
    private final Map<String, Map<String, ObjectNode>> collections = new ConcurrentHashMap<>();

    /** Every list answered, as the IAM permission it needs ({@code compute.firewalls.list}). */
    final List<String> permissions = new CopyOnWriteArrayList<>();
    /** Collections (firewalls, instances) answered with 403. */
    final Set<String> forbidden = ConcurrentHashMap.newKeySet();

    final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger(4_100_000);

    FakeGcp() throws IOException {}

    /** A service account key file whose token endpoint is this fake, with a fresh RSA key. */
    Path serviceAccountKey(Path dir) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode key = Json.MAPPER.createObjectNode();
        key.put("type", "service_account");
        key.put("project_id", "shop-prod");
        key.put("private_key_id", "5b0c1d2e3f40");
        key.put("private_key", pem);
        key.put("client_email", "driftguard-reconcile@shop-prod.iam.gserviceaccount.com");
        key.put("client_id", "104812345678901234567");
        key.put("token_uri", url() + "/token");
        Path f = dir.resolve("driftguard-reconcile-key.json");
        Files.writeString(f, Json.MAPPER.writeValueAsString(key));
        return f;
    }

    /** A firewall as the API returns it: {@code allow} as {@code tcp:443} / {@code icmp} entries. */
    ObjectNode firewall(
            String project, String name, List<String> sourceRanges, List<String> targetTags, String... allow) {
        ObjectNode f = resource(project + "/global/firewalls", name, "compute#firewall");
        f.put("network", "https://www.googleapis.com/compute/v1/projects/" + project + "/global/networks/default");
        f.put("priority", 1000);
        f.put("direction", "INGRESS");
        f.putObject("logConfig").put("enable", false);
        f.put("disabled", false);
        if (!sourceRanges.isEmpty()) {
            sourceRanges.forEach(f.putArray("sourceRanges")::add);
        }
        if (!targetTags.isEmpty()) {
            targetTags.forEach(f.putArray("targetTags")::add);
        }
        ArrayNode allowed = f.putArray("allowed");
        for (String a : allow) {
            ObjectNode rule = allowed.addObject();
            String[] p = a.split(":");
            rule.put("IPProtocol", p[0]);
            if (p.length > 1) {
                rule.putArray("ports").add(p[1]);
            }
        }
        return f;
    }

    /** An instance as the API returns it. */
    ObjectNode instance(String project, String zone, String name, String machineType, Map<String, String> labels) {
        ObjectNode i = resource(project + "/zones/" + zone + "/instances", name, "compute#instance");
        i.put(
                "machineType",
                "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone + "/machineTypes/"
                        + machineType);
        i.put("status", "RUNNING");
        i.put("zone", "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone);
        ObjectNode tags = i.putObject("tags");
        tags.putArray("items").add("web");
        tags.put("fingerprint", "6smc4R4d39I=");
        labels.forEach(i.putObject("labels")::put);
        i.put("labelFingerprint", "vezUS-42LLM=");
        ObjectNode metadata = i.putObject("metadata");
        metadata.put("kind", "compute#metadata").put("fingerprint", "cO5Cx0ZbVkc=");
        metadata.putArray("items").addObject().put("key", "enable-oslogin").put("value", "TRUE");
        i.putArray("networkInterfaces")
                .addObject()
                .put("networkIP", "10.132.0.7")
                .put("name", "nic0");
        return i;
    }

    private ObjectNode resource(String collection, String name, String kind) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("kind", kind);
        r.put("id", String.valueOf(ids.incrementAndGet()) + "812345678");
        r.put("creationTimestamp", "2026-03-01T00:15:07.123-08:00");
        r.put("name", name);
        r.put("selfLink", "https://www.googleapis.com/compute/v1/projects/" + collection + "/" + name);
        collections
                .computeIfAbsent("projects/" + collection, c -> new ConcurrentHashMap<>())
                .put(name, r);
        return r;
    }

    ObjectNode get(String resourceName) {
        int slash = resourceName.lastIndexOf('/');
        return collections
                .getOrDefault(resourceName.substring(0, slash), Map.of())
                .get(resourceName.substring(slash + 1));
    }

    void delete(String resourceName) {
        int slash = resourceName.lastIndexOf('/');
        collections.getOrDefault(resourceName.substring(0, slash), Map.of()).remove(resourceName.substring(slash + 1));
    }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            if ("POST".equals(x.getRequestMethod()) && path.equals("/token")) {
                token(x);
                return;
            }
            if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                error(x, 401, "Request had invalid authentication credentials.", "UNAUTHENTICATED");
                return;
            }
            if (!"GET".equals(x.getRequestMethod()) || !path.startsWith("/compute/v1/projects/")) {
                error(x, 404, "Not Found", "NOT_FOUND");
                return;
            }
            list(x, path.substring("/compute/v1/".length()));
        } catch (RuntimeException e) {
            error(x, 500, e.toString(), "INTERNAL");
        }
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> form = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                || form.getOrDefault("assertion", "").split("\\.").length != 3) {
            send(x, 400, Json.MAPPER.createObjectNode().put("error", "invalid_grant"));
            return;
        }
        tokensIssued.incrementAndGet();
        send(
                x,
                200,
                Json.MAPPER
                        .createObjectNode()
                        .put("access_token", TOKEN)
                        .put("expires_in", 3599)
                        .put("token_type", "Bearer"));
    }

    private void list(HttpExchange x, String collection) throws IOException {
        String kind = collection.substring(collection.lastIndexOf('/') + 1);
        String project = collection.split("/")[1];
        permissions.add("compute." + kind + ".list");
        if (forbidden.contains(kind)) {
            error(
                    x,
                    403,
                    "Required 'compute." + kind + ".list' permission for 'projects/" + project + "'",
                    "PERMISSION_DENIED");
            return;
        }
        List<ObjectNode> items =
                new ArrayList<>(new TreeMap<>(collections.getOrDefault(collection, Map.of())).values());
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        int from = q.containsKey("pageToken")
                ? Integer.parseInt(new String(Base64.getDecoder().decode(q.get("pageToken")), StandardCharsets.UTF_8))
                : 0;
        int max = Integer.parseInt(q.getOrDefault("maxResults", "500"));
        int to = Math.min(items.size(), from + max);
        ObjectNode page = Json.MAPPER.createObjectNode();
        page.put("kind", "compute#" + kind.substring(0, kind.length() - 1) + "List");
        page.put("id", "projects/" + project + "/" + kind);
        if (from < to) {
            items.subList(from, to).forEach(page.putArray("items")::add);
        }
        if (to < items.size()) {
            page.put(
                    "nextPageToken",
                    Base64.getEncoder().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
        }
        page.put("selfLink", "https://www.googleapis.com/compute/v1/" + collection);
        send(x, 200, page);
    }

    private static void error(HttpExchange x, int code, String message, String status) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode e = body.putObject("error");
        e.put("code", code).put("message", message).put("status", status);
        e.putArray("errors")
                .addObject()
                .put("message", message)
                .put("domain", "global")
                .put("reason", "forbidden");
        send(x, code, body);
    }

    private static void send(HttpExchange x, int code, JsonNode body) throws IOException {
        send(x, code, "application/json; charset=UTF-8", Json.MAPPER.writeValueAsBytes(body));
    }
}
