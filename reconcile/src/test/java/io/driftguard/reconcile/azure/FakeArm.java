package io.driftguard.reconcile.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.driftguard.core.json.Json;
import io.driftguard.reconcile.LocalTls;
import io.driftguard.testkit.FakeHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Microsoft Entra ID's token endpoint and Azure Resource Manager's read API, over
 * HTTPS as their clients insist on: a service principal's client-credentials grant
 * ({@code POST /<tenant>/oauth2/v2.0/token}) answered with a bearer token; {@code GET} of a resource
 * by its id or of a collection ({@code …/providers/Microsoft.Network/networkSecurityGroups}), each
 * needing an {@code api-version}; lists of at most {@link #pageSize} items with an absolute
 * {@code nextLink} carrying a {@code $skiptoken}; ARM's {@code {"error": {"code", "message"}}} bodies
 * for a missing resource group (404 {@code ResourceGroupNotFound}), a missing role assignment (403
 * {@code AuthorizationFailed}) and throttling (429 with {@code Retry-After}). Resources are kept in
 * ARM's JSON shape; children a parent lists in full (an NSG's rules) live in the parent's body only.
 */
final class FakeArm extends FakeHttpServer {

    static final String TENANT = "0f4e2d1c-8b7a-4c6d-9e5f-1a2b3c4d5e6f";
    static final String CLIENT_ID = "3c9b7a15-2d4e-4f60-8a1b-7c6d5e4f3a2b";
    static final String CLIENT_SECRET = "dg~reconcile-scan-secret";
    static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.scanner.signature";

    /** Lower-case id → resource. */
    private final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();

    private final Set<String> deletedGroups = ConcurrentHashMap.newKeySet();

    /** The authorisation action each ARM request needed, in the order they came. */
    final List<String> actions = new CopyOnWriteArrayList<>();
    /** Actions answered with 403 (case-insensitive). */
    final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    /** Token requests, granted or not. */
    final AtomicInteger tokenRequests = new AtomicInteger();
    /** The scopes tokens were granted for. */
    final List<String> tokenScopes = new CopyOnWriteArrayList<>();
    /** When each ARM request arrived, and with which status it was answered. */
    final List<Answer> answers = new CopyOnWriteArrayList<>();
    /** ARM requests still to answer with 429 and {@code Retry-After: 1}. */
    final AtomicInteger throttle = new AtomicInteger();

    volatile int pageSize = 2;

    record Answer(Instant at, int status, String action) {}

    FakeArm(LocalTls tls) throws IOException {
        super(tls.context());
    }

    /** Stores a resource as ARM returns it; its {@code id} says where. */
    ObjectNode put(ObjectNode resource) {
        resources.put(resource.path("id").asText().toLowerCase(Locale.ROOT), resource);
        return resource;
    }

    ObjectNode get(String id) {
        return resources.get(id.toLowerCase(Locale.ROOT));
    }

    /** The child a parent lists under {@code properties.<list>} ({@code securityRules}), by name. */
    ObjectNode child(String parentId, String list, String name) {
        for (JsonNode c : get(parentId).path("properties").path(list)) {
            if (c.path("name").asText().equalsIgnoreCase(name)) {
                return (ObjectNode) c;
            }
        }
        throw new IllegalArgumentException(parentId + " lists no " + list + " " + name);
    }

    void delete(String id) {
        resources.remove(id.toLowerCase(Locale.ROOT));
    }

    /** Deletes a resource group and everything in it. */
    void deleteGroup(String subscription, String group) {
        String prefix = ("/subscriptions/" + subscription + "/resourcegroups/" + group).toLowerCase(Locale.ROOT);
        resources.keySet().removeIf(id -> id.equals(prefix) || id.startsWith(prefix + "/"));
        deletedGroups.add(prefix);
    }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            if ("POST".equals(x.getRequestMethod()) && path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
                token(x);
                return;
            }
            if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                error(
                        x,
                        401,
                        "AuthenticationFailed",
                        "Authentication failed. The 'Authorization' header is missing or invalid.");
                return;
            }
            if (!"GET".equals(x.getRequestMethod())) {
                error(x, 405, "MethodNotAllowed", "The scan only reads.");
                return;
            }
            Map<String, String> q = form(x.getRequestURI().getRawQuery());
            if (!q.containsKey("api-version")) {
                error(
                        x,
                        400,
                        "MissingApiVersionParameter",
                        "The api-version query parameter (?api-version=) is required for all requests.");
                return;
            }
            String action = action(path);
            actions.add(action);
            if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answers.add(new Answer(Instant.now(), 429, action));
                x.getResponseHeaders().set("Retry-After", "1");
                error(
                        x,
                        429,
                        "TooManyRequests",
                        "The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.");
                return;
            }
            answers.add(new Answer(Instant.now(), 200, action));
            if (forbidden.stream().anyMatch(action::equalsIgnoreCase)) {
                error(
                        x,
                        403,
                        "AuthorizationFailed",
                        "The client '" + CLIENT_ID + "' with object id '" + CLIENT_ID
                                + "' does not have authorization to perform action '" + action + "' over scope '" + path
                                + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
                return;
            }
            String id = path.toLowerCase(Locale.ROOT);
            for (String group : deletedGroups) {
                if (id.startsWith(group + "/") || id.equals(group)) {
                    error(
                            x,
                            404,
                            "ResourceGroupNotFound",
                            "Resource group '" + group.substring(group.lastIndexOf('/') + 1) + "' could not be found.");
                    return;
                }
            }
            ObjectNode one = resources.get(id);
            if (one != null) {
                send(x, 200, one);
                return;
            }
            list(x, path, id, q);
        } catch (RuntimeException e) {
            error(x, 500, "InternalServerError", e.toString());
        }
    }

    /** {@code Microsoft.Network/networkSecurityGroups/read} for a path under it, as ARM's authorisation names it. */
    static String action(String path) {
        String[] p = path.split("/");
        int providers = List.of(p).indexOf("providers");
        if (providers < 0) {
            return "Microsoft.Resources/subscriptions/resourceGroups/read";
        }
        StringBuilder a = new StringBuilder(p[providers + 1]);
        for (int i = providers + 2; i < p.length; i += 2) {
            a.append('/').append(p[i]);
        }
        return a + "/read";
    }

    private void list(HttpExchange x, String path, String collection, Map<String, String> q) throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        new TreeMap<>(resources).forEach((id, r) -> {
            if (id.substring(0, id.lastIndexOf('/')).equals(collection)) {
                items.add(r);
            }
        });
        int from = Integer.parseInt(q.getOrDefault("$skiptoken", "0"));
        int to = Math.min(items.size(), from + pageSize);
        ObjectNode page = Json.MAPPER.createObjectNode();
        var value = page.putArray("value");
        items.subList(Math.min(from, to), to).forEach(value::add);
        if (to < items.size()) {
            page.put("nextLink", url() + path + "?api-version=" + q.get("api-version") + "&$skiptoken=" + to);
        }
        send(x, 200, page);
    }

    private void token(HttpExchange x) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"client_credentials".equals(f.get("grant_type"))
                || !CLIENT_ID.equals(f.get("client_id"))
                || !CLIENT_SECRET.equals(f.get("client_secret"))) {
            send(
                    x,
                    401,
                    Json.MAPPER
                            .createObjectNode()
                            .put("error", "invalid_client")
                            .put("error_description", "AADSTS7000215: Invalid client secret provided."));
            return;
        }
        tokenScopes.add(f.getOrDefault("scope", ""));
        send(
                x,
                200,
                Json.MAPPER
                        .createObjectNode()
                        .put("token_type", "Bearer")
                        .put("expires_in", 3599)
                        .put("ext_expires_in", 3599)
                        .put("access_token", TOKEN));
    }

    private static void error(HttpExchange x, int status, String code, String message) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        send(x, status, body);
    }

    private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
        send(x, status, "application/json; charset=utf-8", Json.MAPPER.writeValueAsBytes(body));
    }
}
