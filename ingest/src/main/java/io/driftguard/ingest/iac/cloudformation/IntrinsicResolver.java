package io.driftguard.ingest.iac.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.Markers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates CloudFormation intrinsic functions offline, as far as the stack's files allow.
 *
 * <p>Parameters take the stack's actual values ({@code parameters.json}) over the template's
 * defaults; {@code Ref} to a resource is its physical id ({@code resources.json}); pseudo
 * parameters come from the stack id. Anything that needs the live account ({@code Fn::GetAtt}
 * other than a group's id, {@code Fn::ImportValue}, {@code Fn::GetAZs}, …) becomes an
 * {@link Markers#unresolved} marker carrying the reason, and the attribute holding it is left
 * undeclared: never guess a declared value.
 */
public final class IntrinsicResolver {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode template;
    private final Map<String, JsonNode> parameters;
    private final Map<String, String> physicalIds;
    private final Map<String, Boolean> conditionCache = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param parameters parameter name → value: overrides, else template defaults, plus pseudo
     *     parameters ({@code AWS::Region} …) where known
     * @param physicalIds logical id → physical id
     */
    public IntrinsicResolver(JsonNode template, Map<String, JsonNode> parameters, Map<String, String> physicalIds) {
        this.template = template;
        this.parameters = parameters;
        this.physicalIds = physicalIds;
    }

    /** The value with every intrinsic evaluated; null when it is {@code AWS::NoValue}. */
    public JsonNode resolve(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode e : node) {
                JsonNode r = resolve(e);
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref")
                    || key.startsWith("Fn::")
                    || (key.equals("Condition") && node.get(key).isTextual())) {
                return function(key, node.get(key));
            }
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = resolve(e.getValue());
            if (r != null) {
                out.set(e.getKey(), r);
            }
        }
        return out;
    }

    private JsonNode function(String name, JsonNode arg) {
        return switch (name) {
            case "Ref" -> ref(arg.asText());
            case "Condition" -> condition(arg.asText());
            case "Fn::Sub" -> sub(arg);
            case "Fn::Join" -> join(arg);
            case "Fn::Select" -> select(arg);
            case "Fn::Split" -> split(arg);
            case "Fn::If" -> ifThen(arg);
            case "Fn::FindInMap" -> findInMap(arg);
            case "Fn::GetAtt" -> getAtt(arg);
            case "Fn::Base64" -> base64(arg);
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not" -> bool(name, arg);
            case "Fn::Length" -> {
                JsonNode list = resolve(arg);
                yield list != null && list.isArray() && Markers.find(list) == null
                        ? IntNode.valueOf(list.size())
                        : unresolved("Fn::Length of an unresolved list");
            }
            case "Fn::ToJsonString" -> {
                JsonNode v = resolve(arg);
                yield Markers.find(v) != null ? v : TextNode.valueOf(v.toString());
            }
            default -> unresolved(name + " cannot be evaluated offline");
        };
    }

    private JsonNode ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return null;
        }
        JsonNode p = parameters.get(name);
        if (p != null) {
            return p;
        }
        if (template.path("Parameters").has(name)) {
            return unresolved("parameter " + name + " has no default and no value in parameters.json");
        }
        if (template.path("Resources").has(name)) {
            String physical = physicalIds.get(name);
            return physical != null
                    ? TextNode.valueOf(physical)
                    : unresolved("Ref " + name + ": resources.json gives no physical id");
        }
        return unresolved("Ref " + name + " is not a parameter, resource or known pseudo parameter");
    }

    private JsonNode getAtt(JsonNode arg) {
        JsonNode a = resolve(arg);
        if (a == null || !a.isArray() || a.size() != 2) {
            return unresolved("malformed Fn::GetAtt");
        }
        String logical = a.get(0).asText();
        String attr = a.get(1).asText();
        String type = template.path("Resources").path(logical).path("Type").asText("");
        // A VPC security group's GroupId is its physical id; other attributes need the live stack.
        if (attr.equals("GroupId") && type.equals("AWS::EC2::SecurityGroup") && physicalIds.containsKey(logical)) {
            return TextNode.valueOf(physicalIds.get(logical));
        }
        return unresolved("Fn::GetAtt " + logical + "." + attr + " needs the live stack");
    }

    private JsonNode sub(JsonNode arg) {
        String text;
        Map<String, JsonNode> vars = new HashMap<>();
        if (arg.isArray() && arg.size() == 2) {
            text = arg.get(0).asText();
            Iterator<Map.Entry<String, JsonNode>> it = arg.get(1).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                vars.put(e.getKey(), resolve(e.getValue()));
            }
        } else if (arg.isTextual()) {
            text = arg.textValue();
        } else {
            return unresolved("malformed Fn::Sub");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start);
            if (end < 0) {
                out.append(text, start, text.length());
                break;
            }
            String var = text.substring(start + 2, end);
            if (var.startsWith("!")) {
                out.append("${").append(var.substring(1)).append('}');
            } else {
                JsonNode v = vars.containsKey(var)
                        ? vars.get(var)
                        : var.contains(".")
                                ? getAtt(NODES.arrayNode()
                                        .add(var.substring(0, var.indexOf('.')))
                                        .add(var.substring(var.indexOf('.') + 1)))
                                : ref(var);
                if (v == null || Markers.find(v) != null || !v.isValueNode()) {
                    return v != null && Markers.find(v) != null
                            ? v
                            : unresolved("Fn::Sub variable " + var + " is not a single value");
                }
                out.append(v.asText());
            }
            i = end + 1;
        }
        return TextNode.valueOf(out.toString());
    }

    private JsonNode join(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2) {
            return unresolved("malformed Fn::Join");
        }
        JsonNode list = resolve(arg.get(1));
        String marker = Markers.find(list);
        if (marker != null) {
            return TextNode.valueOf(marker);
        }
        if (list == null || !list.isArray()) {
            return unresolved("Fn::Join of something that is not a list");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(arg.get(0).asText());
            }
            out.append(list.get(i).asText());
        }
        return TextNode.valueOf(out.toString());
    }

    private JsonNode select(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2) {
            return unresolved("malformed Fn::Select");
        }
        JsonNode index = resolve(arg.get(0));
        JsonNode list = resolve(arg.get(1));
        if (Markers.find(index) != null) {
            return index;
        }
        if (Markers.isUnresolved(list)) {
            return list;
        }
        int i = index.asInt(-1);
        if (list == null || !list.isArray() || i < 0 || i >= list.size()) {
            return unresolved("Fn::Select index " + index.asText() + " out of range");
        }
        return list.get(i);
    }

    private JsonNode split(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2) {
            return unresolved("malformed Fn::Split");
        }
        JsonNode source = resolve(arg.get(1));
        if (Markers.find(source) != null) {
            return source;
        }
        ArrayNode out = NODES.arrayNode();
        String delimiter = arg.get(0).asText();
        String text = source.asText();
        int from = 0;
        while (true) {
            int at = delimiter.isEmpty() ? -1 : text.indexOf(delimiter, from);
            if (at < 0) {
                out.add(text.substring(from));
                break;
            }
            out.add(text.substring(from, at));
            from = at + delimiter.length();
        }
        return out;
    }

    private JsonNode ifThen(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 3) {
            return unresolved("malformed Fn::If");
        }
        Boolean c = evaluateCondition(arg.get(0).asText());
        if (c == null) {
            return unresolved("condition " + arg.get(0).asText() + " cannot be evaluated offline");
        }
        return resolve(arg.get(c ? 1 : 2));
    }

    private JsonNode condition(String name) {
        Boolean c = evaluateCondition(name);
        return c == null ? unresolved("condition " + name + " cannot be evaluated offline") : BooleanNode.valueOf(c);
    }

    /** A named condition's value; null when it depends on something unresolvable. */
    public Boolean evaluateCondition(String name) {
        if (conditionCache.containsKey(name)) {
            return conditionCache.get(name);
        }
        JsonNode def = template.path("Conditions").get(name);
        if (def == null || !evaluating.add(name)) {
            return null;
        }
        JsonNode v = resolve(def);
        evaluating.remove(name);
        Boolean result = v != null && v.isBoolean() ? v.booleanValue() : null;
        conditionCache.put(name, result);
        return result;
    }

    private JsonNode bool(String name, JsonNode arg) {
        JsonNode args = resolve(arg);
        if (args == null || !args.isArray()) {
            return unresolved("malformed " + name);
        }
        String marker = Markers.find(args);
        if (marker != null) {
            return TextNode.valueOf(marker);
        }
        return switch (name) {
            case "Fn::Equals" ->
                args.size() == 2
                        ? BooleanNode.valueOf(
                                args.get(0).asText().equals(args.get(1).asText()))
                        : unresolved("malformed Fn::Equals");
            case "Fn::Not" ->
                args.size() == 1 && args.get(0).isBoolean()
                        ? BooleanNode.valueOf(!args.get(0).booleanValue())
                        : unresolved("malformed Fn::Not");
            default -> {
                boolean and = name.equals("Fn::And");
                boolean acc = and;
                for (JsonNode a : args) {
                    if (!a.isBoolean()) {
                        yield unresolved("malformed " + name);
                    }
                    acc = and ? acc && a.booleanValue() : acc || a.booleanValue();
                }
                yield BooleanNode.valueOf(acc);
            }
        };
    }

    private JsonNode findInMap(JsonNode arg) {
        JsonNode a = resolve(arg);
        if (a == null || !a.isArray() || a.size() < 3) {
            return unresolved("malformed Fn::FindInMap");
        }
        String marker = Markers.find(a);
        if (marker != null) {
            return TextNode.valueOf(marker);
        }
        JsonNode v = template.path("Mappings")
                .path(a.get(0).asText())
                .path(a.get(1).asText())
                .get(a.get(2).asText());
        return v == null ? unresolved("Fn::FindInMap " + a + " has no entry") : resolve(v);
    }

    private JsonNode base64(JsonNode arg) {
        JsonNode v = resolve(arg);
        if (v == null || Markers.find(v) != null) {
            return v;
        }
        return TextNode.valueOf(Base64.getEncoder().encodeToString(v.asText().getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode unresolved(String reason) {
        return Markers.unresolved(reason);
    }
}
