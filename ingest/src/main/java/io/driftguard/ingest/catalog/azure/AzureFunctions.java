package io.driftguard.ingest.catalog.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.CommonFunctions;
import io.driftguard.ingest.catalog.FunctionRegistry;
import io.driftguard.ingest.catalog.RuleEvaluator;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import io.driftguard.ingest.catalog.normalise.CidrNormalisation;
import io.driftguard.ingest.catalog.normalise.IdentifierCase;
import io.driftguard.ingest.catalog.normalise.PortRangeNormalisation;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Azure functions the tables name: the ARM request body in one key case, NSG rule ports,
 * prefixes and protocols, network ACL bypass lists, and ids of child resources.
 */
public final class AzureFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AzureFunctions() {}

    public static void register(FunctionRegistry.Builder b) {
        b.add(
                "azure_body",
                Shape.VALUE,
                "the ARM body (the request body, else the response body) with lower-case keys (tag keys kept), "
                        + "plus $resource_id, $name, $parent_id and $has_body from the record's resource id",
                (in, ctx) -> body(in));
        b.addWithArgument(
                "azure_ports",
                Shape.SET,
                "NSG rule ports from the single and the list field (argument: single,list); 80-80 = 80, 0-65535 = *",
                arg -> {
                    String[] f = fields(arg, "azure_ports");
                    return (in, ctx) -> ranges(in, f[0], f[1], true);
                });
        b.addWithArgument(
                "azure_prefixes",
                Shape.SET,
                "NSG rule address prefixes from the single and the list field (argument: single,list); CIDRs normalised, "
                        + "* = Any, service tags case-insensitive",
                arg -> {
                    String[] f = fields(arg, "azure_prefixes");
                    return (in, ctx) -> ranges(in, f[0], f[1], false);
                });
        b.add(
                "azure_protocol",
                Shape.VALUE,
                "an NSG rule protocol, case-insensitive (Tcp = TCP), Any = *",
                (in, ctx) -> {
                    JsonNode s = CommonFunctions.string(in);
                    return s == null ? null : TextNode.valueOf(protocol(s.textValue()));
                });
        b.add(
                "azure_bypass",
                Shape.SET,
                "a network ACL bypass (\"Logging, Metrics\" or a list) as lower-case names; None = nothing",
                (in, ctx) -> bypass(in));
        b.add(
                "azure_parent_id",
                Shape.VALUE,
                "the id of a child resource's parent (…/networkSecurityGroups/n), lower case",
                (in, ctx) -> {
                    JsonNode s = CommonFunctions.string(in);
                    return s == null ? null : TextNode.valueOf(parentId(IdentifierCase.azureResourceId(s.textValue())));
                });
        b.addWithArgument(
                "azure_child_id",
                Shape.VALUE,
                "the id of an inline child block: $parent/id + /<argument>/ + name, lower case",
                segment -> (in, ctx) -> {
                    JsonNode parent = CommonFunctions.string(in.path("$parent").path("id"));
                    JsonNode name = CommonFunctions.string(in.path("name"));
                    return parent == null || name == null
                            ? null
                            : TextNode.valueOf(IdentifierCase.azureResourceId(
                                    parent.textValue() + "/" + segment + "/" + name.textValue()));
                });
    }

    private static String[] fields(String arg, String fn) {
        String[] f = arg.split(",", 2);
        if (f.length != 2) {
            throw new IllegalArgumentException(fn + " needs singleField,listField");
        }
        return f;
    }

    /** The body the rules read, keys folded to lower case: ARM treats property names case-insensitively. */
    static JsonNode body(JsonNode in) {
        JsonNode body = in.get("request");
        if (!RuleEvaluator.hasContent(body)) {
            body = in.get("response");
        }
        boolean has = RuleEvaluator.hasContent(body) && body.isObject();
        ObjectNode out = has ? (ObjectNode) lowerKeys(body, false) : NODES.objectNode();
        JsonNode id = CommonFunctions.string(in.get("resource_id"));
        if (id != null) {
            String rid = IdentifierCase.azureResourceId(id.textValue());
            out.put("$resource_id", rid);
            out.put("$name", rid.substring(rid.lastIndexOf('/') + 1));
            out.put("$parent_id", parentId(rid));
        }
        out.put("$has_body", has);
        return out;
    }

    private static JsonNode lowerKeys(JsonNode n, boolean keepKeys) {
        if (n.isObject()) {
            ObjectNode o = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = keepKeys ? e.getKey() : e.getKey().toLowerCase(Locale.ROOT);
                // tag names are data, not property names
                o.set(k, k.equals("tags") && !keepKeys ? e.getValue() : lowerKeys(e.getValue(), false));
            }
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = NODES.arrayNode();
            n.forEach(x -> a.add(lowerKeys(x, false)));
            return a;
        }
        return n;
    }

    /** {@code …/networkSecurityGroups/n/securityRules/r} → {@code …/networkSecurityGroups/n}. */
    static String parentId(String id) {
        int last = id.lastIndexOf('/');
        int type = last <= 0 ? -1 : id.lastIndexOf('/', last - 1);
        return type <= 0 ? id : id.substring(0, type);
    }

    static ArrayNode ranges(JsonNode in, String single, String list, boolean ports) {
        if (!in.isObject() || (!in.hasNonNull(single) && !in.hasNonNull(list))) {
            return null;
        }
        ArrayNode out = NODES.arrayNode();
        add(out, in.get(single), ports);
        for (JsonNode v : CommonFunctions.items(in.get(list))) {
            add(out, v, ports);
        }
        return out;
    }

    private static void add(ArrayNode out, JsonNode v, boolean ports) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            return;
        }
        String t = ports ? PortRangeNormalisation.normalise(v) : prefix(v.asText());
        if (t != null) {
            out.add(t);
        }
    }

    /** An address prefix: {@code *}/{@code Any} → {@code *}; addresses as CIDRs; service tags lower case. */
    public static String prefix(String p) {
        String t = p == null ? "" : p.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (t.equals("*") || t.equalsIgnoreCase("any")) {
            return "*";
        }
        String c = CidrNormalisation.normalise(t);
        return c.equals(t) && t.indexOf('/') < 0 && !Character.isDigit(t.charAt(0)) ? t.toLowerCase(Locale.ROOT) : c;
    }

    public static String protocol(String p) {
        String t = p.trim().toLowerCase(Locale.ROOT);
        return t.equals("any") ? "*" : t;
    }

    static ArrayNode bypass(JsonNode in) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode n : CommonFunctions.stringSet(in, true)) {
            String v = n.textValue().replace(" ", "");
            if (!v.equals("none")) {
                out.add(v);
            }
        }
        return out;
    }
}
