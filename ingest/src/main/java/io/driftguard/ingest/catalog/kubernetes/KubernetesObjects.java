package io.driftguard.ingest.catalog.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.ingest.catalog.Changes;
import io.driftguard.ingest.catalog.normalise.CidrNormalisation;
import io.driftguard.ingest.catalog.normalise.KubernetesQuantity;
import io.driftguard.ingest.catalog.normalise.NumericStringNormalisation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes object parts as canonical attributes, read the same way from a manifest, a full
 * object (update) and a strategic-merge patch.
 *
 * <p><b>Containers</b> (under {@code spec.template.spec.containers} or {@code initContainers}),
 * keyed by container name as strategic merge keys them: {@code <name>.image};
 * {@code <name>.resources.<limits|requests>.<resource>} as quantities;
 * {@code <name>.env} the set of variable names and {@code <name>.env.<VAR>} each value (text, or
 * {@code {"valueFrom": …}}). A variable added beside the declared ones changes {@code env};
 * a container the manifest declares without env declares no env.
 *
 * <p><b>Service ports</b>, keyed by {@code <port>/<protocol>} (protocol default TCP):
 * {@code spec.ports} the set of keys, {@code spec.ports.<key>.target_port} (default: the port),
 * {@code .name}, {@code .node_port} (only where written: the API server assigns one otherwise).
 *
 * <p>Server-managed fields and defaults outside these paths (managedFields, status,
 * imagePullPolicy, terminationMessagePath, strategy, sessionAffinity, …) are never read.
 */
public final class KubernetesObjects {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KubernetesObjects() {}

    /** How a document states the object. */
    public enum Mode {
        /** A manifest: only what it writes is declared. */
        DECLARE,
        /** A full object (update): what it leaves out is gone. */
        REPLACE,
        /** A strategic-merge patch: it sets only what it names. */
        PATCH
    }

    // ---------------------------------------------------------------- containers

    static JsonNode containers(JsonNode list, Mode mode) {
        if (!list.isArray()) {
            return null;
        }
        Changes c = new Changes();
        if (mode == Mode.REPLACE) {
            c.unset("*");
        }
        for (JsonNode ct : list) {
            String name = text(ct.get("name"));
            if (name == null) {
                continue;
            }
            String directive = text(ct.get("$patch"));
            if (mode == Mode.PATCH && "delete".equals(directive)) {
                c.unset(name + ".*");
                continue;
            }
            Mode m = mode == Mode.PATCH && "replace".equals(directive) ? Mode.REPLACE : mode;
            if (m == Mode.REPLACE && mode == Mode.PATCH) {
                c.unset(name + ".*");
            }
            container(c, name, ct, m);
        }
        return c.build();
    }

    private static void container(Changes c, String name, JsonNode ct, Mode mode) {
        if (ct.has("image")) {
            JsonNode image = ct.get("image");
            if (image.isNull()) {
                c.unset(name + ".image");
            } else {
                c.set(name + ".image", TextNode.valueOf(image.asText().trim()));
            }
        }
        if (ct.has("resources")) {
            JsonNode res = ct.get("resources");
            if (res.isNull()) {
                c.unset(name + ".resources.*");
            } else {
                for (String kind : new String[] {"limits", "requests"}) {
                    if (!res.has(kind)) {
                        continue;
                    }
                    JsonNode map = res.get(kind);
                    String prefix = name + ".resources." + kind;
                    if (map.isNull()) {
                        c.unset(prefix + ".*");
                        continue;
                    }
                    Iterator<Map.Entry<String, JsonNode>> it = map.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode q = KubernetesQuantity.normalise(e.getValue());
                        if (q == null) {
                            c.unset(prefix + "." + e.getKey());
                        } else {
                            c.set(prefix + "." + e.getKey(), q);
                        }
                    }
                }
            }
        }
        JsonNode env = ct.get("env");
        if (mode == Mode.PATCH) {
            patchEnv(c, name, env, ct.get("$setElementOrder/env"));
            return;
        }
        if (env == null || env.isNull()) {
            if (mode == Mode.REPLACE) {
                c.setSet(name + ".env", List.of());
            }
            return;
        }
        List<JsonNode> names = new ArrayList<>();
        for (JsonNode v : env) {
            String var = text(v.get("name"));
            if (var != null) {
                names.add(TextNode.valueOf(var));
                c.set(name + ".env." + var, envValue(v));
            }
        }
        c.setSet(name + ".env", names);
    }

    private static void patchEnv(Changes c, String name, JsonNode env, JsonNode order) {
        if (env != null && env.isArray()) {
            for (JsonNode v : env) {
                String var = text(v.get("name"));
                if (var == null) {
                    continue;
                }
                List<JsonNode> one = List.of(TextNode.valueOf(var));
                if ("delete".equals(text(v.get("$patch")))) {
                    c.remove(name + ".env", one).unset(name + ".env." + var);
                    continue;
                }
                c.add(name + ".env", one);
                if (v.has("value") || v.has("valueFrom")) {
                    c.set(name + ".env." + var, envValue(v));
                }
            }
        } else if (env != null && env.isNull()) {
            c.unset(name + ".env.*").setSet(name + ".env", List.of());
        }
        if (order != null && order.isArray()) {
            // kubectl edit/apply send the full order of the list after the patch: its names are the set
            List<JsonNode> names = new ArrayList<>();
            order.forEach(o -> {
                String var = text(o.get("name"));
                if (var != null) {
                    names.add(TextNode.valueOf(var));
                }
            });
            c.setSet(name + ".env", names);
        }
    }

    static JsonNode envValue(JsonNode v) {
        JsonNode from = v.get("valueFrom");
        if (from != null && !from.isNull()) {
            ObjectNode o = NODES.objectNode();
            o.set("valueFrom", withoutServerDefaults(from));
            return o;
        }
        JsonNode value = v.get("value");
        return TextNode.valueOf(
                value == null || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString());
    }

    /**
     * A reference as written, without the defaults the API server fills in on every object it returns
     * ({@code fieldRef.apiVersion: v1}, {@code resourceFieldRef.divisor} 0 or 1), so a manifest that
     * leaves them out and the live object that has them state the same value.
     */
    private static JsonNode withoutServerDefaults(JsonNode from) {
        if (!from.isObject()) {
            return from;
        }
        ObjectNode out = ((ObjectNode) from).deepCopy();
        if (out.get("fieldRef") instanceof ObjectNode field && "v1".equals(text(field.get("apiVersion")))) {
            field.remove("apiVersion");
        }
        if (out.get("resourceFieldRef") instanceof ObjectNode res) {
            String divisor = text(res.get("divisor"));
            if ("0".equals(divisor) || "1".equals(divisor)) {
                res.remove("divisor");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- service ports

    static String portKey(JsonNode p) {
        JsonNode port = NumericStringNormalisation.number(p.get("port"));
        if (port == null) {
            return null;
        }
        String proto = text(p.get("protocol"));
        return port.asText() + "/" + (proto == null ? "TCP" : proto.toUpperCase(Locale.ROOT));
    }

    static JsonNode servicePorts(JsonNode list, Mode mode) {
        if (!list.isArray()) {
            return null;
        }
        Changes c = new Changes();
        if (mode == Mode.REPLACE) {
            c.unset("*");
        }
        List<JsonNode> keys = new ArrayList<>();
        for (JsonNode p : list) {
            String key = portKey(p);
            if (key == null) {
                continue;
            }
            if (mode == Mode.PATCH) {
                List<JsonNode> one = List.of(TextNode.valueOf(key));
                if ("delete".equals(text(p.get("$patch")))) {
                    c.remove("", one).unset(key + ".*");
                    continue;
                }
                c.add("", one);
            } else {
                keys.add(TextNode.valueOf(key));
            }
            JsonNode target = p.get("targetPort");
            if (target != null && !target.isNull()) {
                c.set(key + ".target_port", NumericStringNormalisation.numberOrText(target));
            } else if (mode != Mode.PATCH) {
                c.set(key + ".target_port", NumericStringNormalisation.number(p.get("port")));
            }
            if (text(p.get("name")) != null) {
                c.set(key + ".name", TextNode.valueOf(text(p.get("name"))));
            }
            JsonNode nodePort = NumericStringNormalisation.number(p.get("nodePort"));
            if (nodePort != null) {
                c.set(key + ".node_port", nodePort);
            }
        }
        if (mode != Mode.PATCH) {
            c.setSet("", keys);
        }
        return c.build();
    }

    // ---------------------------------------------------------------- network policies

    /** A label selector with sorted keys and expressions; an empty or absent selector is {@code {}}. */
    static JsonNode selector(JsonNode sel) {
        ObjectNode out = NODES.objectNode();
        if (sel == null || !sel.isObject()) {
            return out;
        }
        JsonNode labels = sel.get("matchLabels");
        if (labels != null && labels.isObject() && !labels.isEmpty()) {
            ObjectNode l = NODES.objectNode();
            new TreeMap<String, JsonNode>(toMap(labels)).forEach((k, v) -> l.put(k, v.asText()));
            out.set("matchLabels", l);
        }
        JsonNode exprs = sel.get("matchExpressions");
        if (exprs != null && exprs.isArray() && !exprs.isEmpty()) {
            List<JsonNode> list = new ArrayList<>();
            for (JsonNode e : exprs) {
                ObjectNode x = NODES.objectNode();
                x.put("key", e.path("key").asText());
                x.put("operator", e.path("operator").asText());
                if (e.has("values") && e.get("values").size() > 0) {
                    x.set("values", sortedStrings(e.get("values"), false));
                }
                list.add(x);
            }
            out.set("matchExpressions", AttributeValues.parse(AttributeValues.canonicalSet(list)));
        }
        return out;
    }

    /** The policy types a NetworkPolicy has: as written, else what the API server defaults them to. */
    static ArrayNode policyTypes(JsonNode spec) {
        JsonNode written = spec.get("policyTypes");
        if (written != null && written.isArray() && !written.isEmpty()) {
            return sortedStrings(written, false);
        }
        ArrayNode out = NODES.arrayNode().add("Ingress");
        if (spec.hasNonNull("egress")) {
            out.add("Egress");
        }
        return out;
    }

    /**
     * The ingress or egress rules of a spec; an empty set when the policy type is in force but no
     * rule is written (deny all), null when the policy does not govern that direction.
     */
    static JsonNode netpolRules(JsonNode spec, String direction) {
        if (!spec.isObject()) {
            return null;
        }
        JsonNode rules = spec.get(direction);
        if (rules != null && !rules.isNull()) {
            return ruleSet(rules, direction);
        }
        String type = direction.equals("ingress") ? "Ingress" : "Egress";
        for (JsonNode t : policyTypes(spec)) {
            if (t.asText().equalsIgnoreCase(type)) {
                return NODES.arrayNode();
            }
        }
        return null;
    }

    static ArrayNode ruleSet(JsonNode rules, String direction) {
        ArrayNode out = NODES.arrayNode();
        if (!rules.isArray()) {
            return out;
        }
        String peersField = direction.equals("ingress") ? "from" : "to";
        for (JsonNode r : rules) {
            ObjectNode rule = NODES.objectNode();
            List<JsonNode> ports = new ArrayList<>();
            for (JsonNode p : r.path("ports")) {
                ObjectNode port = NODES.objectNode();
                String proto = text(p.get("protocol"));
                port.put("protocol", proto == null ? "TCP" : proto.toUpperCase(Locale.ROOT));
                if (p.hasNonNull("port")) {
                    port.set("port", NumericStringNormalisation.numberOrText(p.get("port")));
                }
                if (p.hasNonNull("endPort")) {
                    port.set("endPort", NumericStringNormalisation.number(p.get("endPort")));
                }
                ports.add(port);
            }
            if (!ports.isEmpty()) {
                rule.set("ports", AttributeValues.parse(AttributeValues.canonicalSet(ports)));
            }
            List<JsonNode> peers = new ArrayList<>();
            for (JsonNode peer : r.path(peersField)) {
                ObjectNode p = NODES.objectNode();
                JsonNode block = peer.get("ipBlock");
                if (block != null && block.isObject()) {
                    ObjectNode b = NODES.objectNode();
                    b.put("cidr", CidrNormalisation.normalise(block.path("cidr").asText()));
                    if (block.path("except").size() > 0) {
                        ArrayNode ex = NODES.arrayNode();
                        block.get("except").forEach(e -> ex.add(CidrNormalisation.normalise(e.asText())));
                        b.set("except", sortedStrings(ex, false));
                    }
                    p.set("ipBlock", b);
                }
                if (peer.has("podSelector")) {
                    p.set("podSelector", selector(peer.get("podSelector")));
                }
                if (peer.has("namespaceSelector")) {
                    p.set("namespaceSelector", selector(peer.get("namespaceSelector")));
                }
                peers.add(p);
            }
            if (!peers.isEmpty()) {
                rule.set(peersField, AttributeValues.parse(AttributeValues.canonicalSet(peers)));
            }
            out.add(rule);
        }
        return out;
    }

    // ---------------------------------------------------------------- RBAC

    static ArrayNode rbacRules(JsonNode rules) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode r : rules) {
            ObjectNode rule = NODES.objectNode();
            for (String f : new String[] {"apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"}) {
                JsonNode v = r.get(f);
                if (v != null && v.isArray() && !v.isEmpty()) {
                    rule.set(f, sortedStrings(v, false));
                }
            }
            out.add(rule);
        }
        return out;
    }

    static ArrayNode subjects(JsonNode subjects) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode s : subjects) {
            ObjectNode o = NODES.objectNode();
            o.put("kind", s.path("kind").asText());
            o.put("name", s.path("name").asText());
            if (s.hasNonNull("namespace") && !s.get("namespace").asText().isEmpty()) {
                o.put("namespace", s.get("namespace").asText());
            }
            out.add(o);
        }
        return out;
    }

    static JsonNode roleRef(JsonNode ref) {
        if (!ref.isObject()) {
            return null;
        }
        ObjectNode o = NODES.objectNode();
        o.put("kind", ref.path("kind").asText());
        o.put("name", ref.path("name").asText());
        return o;
    }

    // ---------------------------------------------------------------- helpers

    private static ArrayNode sortedStrings(JsonNode arr, boolean lower) {
        List<String> items = new ArrayList<>();
        arr.forEach(v -> {
            if (v.isValueNode() && !v.isNull()) {
                items.add(lower ? v.asText().toLowerCase(Locale.ROOT) : v.asText());
            }
        });
        items.sort(null);
        ArrayNode out = NODES.arrayNode();
        String prev = null;
        for (String i : items) {
            if (!i.equals(prev)) {
                out.add(i);
            }
            prev = i;
        }
        return out;
    }

    private static Map<String, JsonNode> toMap(JsonNode obj) {
        Map<String, JsonNode> m = new TreeMap<>();
        obj.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull() || !n.isValueNode()) {
            return null;
        }
        String t = n.asText().trim();
        return t.isEmpty() ? null : t;
    }
}
