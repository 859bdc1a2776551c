package io.driftguard.reconcile.kubernetes;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for a Kubernetes API server's read paths, as the real client calls them:
 * {@code GET /api/v1/namespaces/N/configmaps}, {@code GET /apis/apps/v1/namespaces/N/deployments},
 * {@code GET /apis/rbac.authorization.k8s.io/v1/clusterroles}, each also with {@code /NAME}. Lists
 * answer {@code limit} objects a page with an opaque {@code continue} token, items without kind and
 * apiVersion, as the API server does. A bearer token is required; kinds can be made forbidden (403).
 * Objects are stored as the server returns them: the test adds the server's fields and defaults.
 */
final class FakeKubernetes extends FakeHttpServer {

    /** One request answered, as RBAC sees it. */
    record Call(String verb, String apiGroup, String resource, String namespace) {}

    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.scanner-token";

    /** group/plural → namespace/name → object. */
    private final Map<String, Map<String, ObjectNode>> objects = new ConcurrentHashMap<>();

    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Resources (plural) answered with 403 Forbidden. */
    final Set<String> forbidden = ConcurrentHashMap.newKeySet();

    private final AtomicLong resourceVersion = new AtomicLong(1000);

    FakeKubernetes() throws IOException {}

    /** A kubeconfig with one context per name, all to this server, the first one current. */
    Path kubeconfig(Path dir, String... contexts) throws IOException {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        y.append("- name: fake\n  cluster:\n    server: ").append(url()).append('\n');
        y.append("users:\n- name: driftguard-reconcile\n  user:\n    token: ")
                .append(TOKEN)
                .append('\n');
        y.append("contexts:\n");
        for (String c : contexts) {
            y.append("- name: ").append(c).append("\n  context:\n    cluster: fake\n    user: driftguard-reconcile\n");
        }
        y.append("current-context: ").append(contexts[0]).append('\n');
        Path f = dir.resolve("kubeconfig-" + port());
        Files.writeString(f, y);
        return f;
    }

    /**
     * Stores an object the way the API server returns it after a create: metadata the server
     * manages, a status, and the defaults it fills in containers and env references.
     */
    void apply(String manifestYamlAsJson) {
        apply((ObjectNode) read(manifestYamlAsJson));
    }

    void apply(ObjectNode manifest) {
        ObjectNode o = manifest.deepCopy();
        String apiVersion = o.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String plural = plural(o.path("kind").asText());
        ObjectNode meta = (ObjectNode) o.path("metadata");
        boolean clusterScoped = plural.startsWith("cluster");
        if (!clusterScoped && !meta.has("namespace")) {
            meta.put("namespace", "default");
        }
        meta.put("uid", "5f0c" + Math.abs(meta.path("name").asText().hashCode()));
        meta.put("resourceVersion", String.valueOf(resourceVersion.incrementAndGet()));
        meta.put("creationTimestamp", "2026-03-01T08:00:00Z");
        meta.put("generation", 1);
        meta.putArray("managedFields")
                .addObject()
                .put("manager", "kubectl-client-side-apply")
                .put("operation", "Update");
        for (String at : List.of("/spec/template/spec", "/spec/jobTemplate/spec/template/spec")) {
            JsonNode pod = o.at(at);
            if (pod.isObject()) {
                podDefaults((ObjectNode) pod);
            }
        }
        if ("Service".equals(o.path("kind").asText())) {
            ObjectNode spec = (ObjectNode) o.path("spec");
            spec.put("clusterIP", "10.96.12.34");
            spec.put("sessionAffinity", "None");
            if (!spec.has("type")) {
                spec.put("type", "ClusterIP");
            }
            for (JsonNode p : spec.path("ports")) {
                ObjectNode port = (ObjectNode) p;
                if (!port.has("protocol")) {
                    port.put("protocol", "TCP");
                }
                if (!port.has("targetPort")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
        if (o.has("spec") && !"Service".equals(o.path("kind").asText())) {
            o.putObject("status").put("observedGeneration", 1);
        }
        String ns = clusterScoped ? "" : meta.path("namespace").asText();
        objects.computeIfAbsent(group + "/" + plural, k -> new ConcurrentHashMap<>())
                .put(ns + "/" + meta.path("name").asText(), o);
    }

    /** The stored object, to change by hand as someone with kubectl would. */
    ObjectNode get(String group, String plural, String namespace, String name) {
        return objects.getOrDefault(group + "/" + plural, Map.of())
                .get((namespace == null ? "" : namespace) + "/" + name);
    }

    void delete(String group, String plural, String namespace, String name) {
        objects.getOrDefault(group + "/" + plural, Map.of()).remove((namespace == null ? "" : namespace) + "/" + name);
    }

    private static void podDefaults(ObjectNode pod) {
        pod.put("restartPolicy", pod.path("restartPolicy").asText("Always"));
        pod.put("dnsPolicy", "ClusterFirst");
        pod.put("schedulerName", "default-scheduler");
        pod.put("terminationGracePeriodSeconds", 30);
        pod.putObject("securityContext");
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : pod.path(list)) {
                ObjectNode ct = (ObjectNode) c;
                ct.put("imagePullPolicy", "IfNotPresent");
                ct.put("terminationMessagePath", "/dev/termination-log");
                ct.put("terminationMessagePolicy", "File");
                if (!ct.has("resources")) {
                    ct.putObject("resources");
                }
                for (JsonNode e : ct.path("env")) {
                    JsonNode field = e.path("valueFrom").path("fieldRef");
                    if (field.isObject() && !field.has("apiVersion")) {
                        ((ObjectNode) field).put("apiVersion", "v1");
                    }
                    JsonNode res = e.path("valueFrom").path("resourceFieldRef");
                    if (res.isObject() && !res.has("divisor")) {
                        ((ObjectNode) res).put("divisor", "0");
                    }
                }
            }
        }
    }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        try {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + TOKEN).equals(auth)) {
                status(x, 401, "Unauthorized", "Unauthorized");
                return;
            }
            if (!"GET".equals(x.getRequestMethod())) {
                status(x, 405, "MethodNotAllowed", "the scanner only reads");
                return;
            }
            route(x);
        } catch (RuntimeException e) {
            status(x, 500, "InternalError", e.toString());
        }
    }

    private void route(HttpExchange x) throws IOException {
        List<String> p = new ArrayList<>(
                List.of(x.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/")));
        String group;
        String version;
        if (p.size() >= 3 && p.get(0).equals("api")) {
            group = "";
            version = p.get(1);
            p = p.subList(2, p.size());
        } else if (p.size() >= 4 && p.get(0).equals("apis")) {
            group = p.get(1);
            version = p.get(2);
            p = p.subList(3, p.size());
        } else {
            status(x, 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        String ns = null;
        if (p.size() >= 3 && p.get(0).equals("namespaces")) {
            ns = p.get(1);
            p = p.subList(2, p.size());
        }
        String namespace = ns;
        String plural = p.get(0);
        String name = p.size() > 1 ? p.get(1) : null;
        calls.add(new Call(name == null ? "list" : "get", group, plural, namespace));
        if (forbidden.contains(plural)) {
            status(
                    x,
                    403,
                    "Forbidden",
                    plural + " is forbidden: User \"system:serviceaccount:driftguard:reconcile\" cannot "
                            + (name == null ? "list" : "get") + " resource \"" + plural + "\"");
            return;
        }
        Map<String, ObjectNode> all = objects.getOrDefault(group + "/" + plural, Map.of());
        String nsPrefix = (namespace == null ? "" : namespace) + "/";
        if (name != null) {
            ObjectNode o = all.get(nsPrefix + name);
            if (o == null) {
                status(x, 404, "NotFound", plural + " \"" + name + "\" not found");
            } else {
                send(x, 200, o);
            }
            return;
        }
        List<ObjectNode> items = all.entrySet().stream()
                .filter(e -> e.getKey().startsWith(nsPrefix) || namespace == null)
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        int from = q.containsKey("continue") ? offset(q.get("continue")) : 0;
        int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : Integer.MAX_VALUE;
        int to = (int) Math.min(items.size(), (long) from + limit);
        ObjectNode list = Json.MAPPER.createObjectNode();
        String kind = items.isEmpty() ? "List" : items.get(0).path("kind").asText() + "List";
        list.put("kind", kind);
        list.put("apiVersion", group.isEmpty() ? version : group + "/" + version);
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(resourceVersion.get()));
        if (to < items.size()) {
            meta.put(
                    "continue",
                    Base64.getEncoder()
                            .encodeToString(("{\"v\":\"meta.k8s.io/v1\",\"start\":" + to + "}")
                                    .getBytes(StandardCharsets.UTF_8)));
        }
        ArrayNode out = list.putArray("items");
        for (ObjectNode o : items.subList(Math.min(from, items.size()), to)) {
            ObjectNode item = o.deepCopy();
            item.remove("kind");
            item.remove("apiVersion");
            out.add(item);
        }
        send(x, 200, list);
    }

    private static int offset(String token) {
        String json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        return read(json).path("start").asInt();
    }

    private static String plural(String kind) {
        return switch (kind) {
            case "Ingress" -> "ingresses";
            case "NetworkPolicy" -> "networkpolicies";
            default -> kind.toLowerCase() + "s";
        };
    }

    private static void status(HttpExchange x, int code, String reason, String message) throws IOException {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        s.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        send(x, code, s);
    }

    private static void send(HttpExchange x, int code, JsonNode body) throws IOException {
        send(x, code, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
