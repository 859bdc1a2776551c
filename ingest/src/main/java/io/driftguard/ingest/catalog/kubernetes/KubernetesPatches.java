package io.driftguard.ingest.catalog.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Kubernetes audit {@code requestObject} as one kind of document the rows read: a full object
 * (update), or a merge patch (strategic merge or JSON merge, which kubectl sends for patch, apply,
 * edit, set image and scale). A JSON patch (RFC 6902, a list of operations) is turned into the
 * merge patch that has the same effect on the paths the catalog reads:
 * <ul>
 *   <li>{@code add}/{@code replace} of {@code /a/b} → {@code {"a": {"b": value}}};
 *       {@code remove} → {@code null} (a merge patch's removal);</li>
 *   <li>an index into a list keyed by name (containers, initContainers, env) or by port (a
 *       Service's ports) becomes the element with its key, found in the value added or in the
 *       audit event's {@code responseObject} (the object after the call) at the same index;</li>
 *   <li>an index into any other list (NetworkPolicy rules, RBAC rules and subjects) takes the
 *       whole list from the response, since such lists are replaced as a whole anyway.</li>
 * </ul>
 * Operations whose element cannot be named (no response logged, or a removed element) are left
 * out. GKE's {@code @type} tag is dropped.
 */
public final class KubernetesPatches {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KubernetesPatches() {}

    /** The document for {@code {"request": …, "response": …}}; missing when there is no request. */
    public static JsonNode document(JsonNode in) {
        JsonNode request = in.path("request");
        JsonNode response = in.path("response");
        if (request.isArray()) {
            return fromJsonPatch(request, response.isObject() ? response : MissingNode.getInstance());
        }
        if (!request.isObject()) {
            return MissingNode.getInstance();
        }
        if (request.has("@type")) {
            ObjectNode copy = ((ObjectNode) request).deepCopy();
            copy.remove("@type");
            return copy;
        }
        return request;
    }

    static ObjectNode fromJsonPatch(JsonNode ops, JsonNode response) {
        ObjectNode root = NODES.objectNode();
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            if (!kind.equals("add") && !kind.equals("replace") && !kind.equals("remove")) {
                continue; // move, copy, test: not a change the catalog can place
            }
            String path = op.path("path").asText("");
            if (!path.startsWith("/")) {
                continue;
            }
            JsonNode value = kind.equals("remove") ? NullNode.getInstance() : op.get("value");
            if (value == null) {
                continue;
            }
            apply(root, tokens(path), value, response, kind.equals("remove"));
        }
        return root;
    }

    private static void apply(ObjectNode root, String[] tok, JsonNode value, JsonNode response, boolean remove) {
        ObjectNode node = root;
        JsonNode resp = response;
        String parentPath = "";
        for (int i = 0; i < tok.length; i++) {
            String t = tok[i];
            boolean last = i == tok.length - 1;
            if (last) {
                node.set(t, value.deepCopy());
                return;
            }
            String next = tok[i + 1];
            boolean list = next.equals("-") || isIndex(next);
            String here = parentPath.isEmpty() ? t : parentPath + "/" + t;
            if (!list) {
                JsonNode child = node.get(t);
                ObjectNode obj = child instanceof ObjectNode o ? o : node.putObject(t);
                node = obj;
                resp = resp.path(t);
                parentPath = here;
                continue;
            }
            String key = mergeKey(here, t);
            JsonNode respList = resp.path(t);
            JsonNode respElement = next.equals("-") ? MissingNode.getInstance() : respList.path(Integer.parseInt(next));
            boolean elementIsTarget = i + 1 == tok.length - 1;
            if (key == null) {
                // not keyed: the list is replaced as a whole, so take it from the object after the call
                if (respList.isArray()) {
                    node.set(t, respList.deepCopy());
                }
                return;
            }
            ArrayNode arr = node.get(t) instanceof ArrayNode a ? a : node.putArray(t);
            if (elementIsTarget) {
                // an added or replaced element names itself; a removed one is gone from the
                // response, so it cannot be named and is left out
                if (!remove && value.isObject() && value.hasNonNull(key)) {
                    arr.add(value.deepCopy());
                }
                return;
            }
            JsonNode keyValue = respElement.get(key);
            if (keyValue == null || keyValue.isNull()) {
                return;
            }
            ObjectNode element = null;
            for (JsonNode e : arr) {
                if (e.isObject() && keyValue.equals(e.get(key))) {
                    element = (ObjectNode) e;
                }
            }
            if (element == null) {
                element = arr.addObject();
                element.set(key, keyValue);
            }
            node = element;
            resp = respElement;
            parentPath = here + "/*";
            i++; // the index token is consumed
        }
    }

    /** The strategic-merge key of a list the catalog reads by element, or null for lists replaced whole. */
    static String mergeKey(String path, String field) {
        return switch (field) {
            case "containers", "initContainers", "env" -> "name";
            case "ports" -> path.equals("spec/ports") ? "port" : null;
            default -> null;
        };
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String[] tokens(String pointer) {
        String[] raw = pointer.substring(1).split("/", -1);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = raw[i].replace("~1", "/").replace("~0", "~");
        }
        return raw;
    }
}
