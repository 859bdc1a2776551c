package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider-neutral functions that pick values out of the structures requests are written in: ARNs,
 * ids composed of several fields, key/value attribute lists, JSON patch operations, JSON held in
 * text. They let one table row read a call whose values are not plain fields, so most services need
 * no code of their own.
 */
public final class StructureFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final String[] KEY_FIELDS = {"key", "Key", "name", "Name", "attributeName", "tagKey", "TagKey"};
    private static final String[] VALUE_FIELDS = {"value", "Value", "attributeValue", "tagValue", "TagValue"};

    private StructureFunctions() {}

    static void register(FunctionRegistry.Builder b) {
        b.add(
                "arn_name",
                Shape.VALUE,
                "the resource name of an ARN: after its last '/', else after its last ':' (a name stays as it is)",
                (in, ctx) -> text(in, StructureFunctions::arnName));
        b.addWithArgument(
                "arn_after",
                Shape.VALUE,
                "the text after the first occurrence of the argument (repository/ in an ECR ARN); text without it stays",
                marker -> (in, ctx) -> text(in, s -> {
                    int i = s.indexOf(marker);
                    return i < 0 ? s : s.substring(i + marker.length());
                }));
        b.addWithArgument(
                "template",
                Shape.VALUE,
                "an id composed of fields: {field} (or {/json/pointer}) replaced by the input's value; null if one is missing",
                pattern -> (in, ctx) -> template(in, pattern));
        b.addWithArgument(
                "entry_value",
                Shape.VALUE,
                "the value of the named entry of a key/value list ([{key|Key|name, value|Value}], as ELB attributes or ECS settings) or a map",
                key -> (in, ctx) -> entryValue(in, key));
        b.add(
                "key_list",
                Shape.ENTRIES,
                "a list of keys (tag keys an Untag call removes) as entries without value",
                (in, ctx) -> keyList(in));
        b.addWithArgument(
                "keyed",
                Shape.ENTRIES,
                "one entry: the key at the first pointer, the value at the second (true without one; null when absent)",
                arg -> {
                    String[] p = arg.split(",", 2);
                    return (in, ctx) -> keyed(in, p[0], p.length > 1 ? p[1] : null);
                });
        b.addWithArgument(
                "patch_value",
                Shape.VALUE,
                "the value a JSON patch (API Gateway patchOperations) replaces or adds at the given path",
                path -> (in, ctx) -> patchValue(in, path));
        b.addWithArgument(
                "patch_entries",
                Shape.ENTRIES,
                "the keys a JSON patch sets (or removes: null) below the given path prefix (/variables/)",
                prefix -> (in, ctx) -> patchEntries(in, prefix));
        b.add(
                "json_document",
                Shape.VALUE,
                "a JSON document held as an object or as JSON text, parsed (a lifecycle policy, a schema)",
                (in, ctx) -> jsonDocument(in));
        b.add(
                "arn_set",
                Shape.SET,
                "every ARN anywhere in the input, as a set (the targets of a bucket notification)",
                (in, ctx) -> arnSet(in));
        b.addWithArgument(
                "key_names",
                Shape.SET,
                "the keys of an object whose values are present (argument set) or null (argument removed); never the values",
                which -> (in, ctx) -> {
                    ArrayNode out = NODES.arrayNode();
                    boolean removed = which.equals("removed");
                    in.fields().forEachRemaining(f -> {
                        if (f.getValue().isNull() == removed) {
                            out.add(f.getKey());
                        }
                    });
                    return out.isEmpty() && removed ? null : out;
                });
        b.add(
                "secret_key_names",
                Shape.SET,
                "the keys a Secret manifest declares under data and stringData; never the values",
                (in, ctx) -> {
                    ArrayNode out = NODES.arrayNode();
                    for (String f : new String[] {"data", "stringData"}) {
                        in.path(f).fieldNames().forEachRemaining(out::add);
                    }
                    return out;
                });
        b.addWithArgument(
                "map",
                Shape.VALUE,
                "a value renamed by a table (argument: from=to,from=to; case-insensitive); others stay",
                arg -> {
                    java.util.Map<String, String> table = new java.util.HashMap<>();
                    for (String pair : arg.split(",")) {
                        String[] kv = pair.split("=", 2);
                        table.put(kv[0].toLowerCase(Locale.ROOT), kv.length > 1 ? kv[1] : "");
                    }
                    return (in, ctx) -> text(in, v -> table.getOrDefault(v.toLowerCase(Locale.ROOT), v));
                });
        b.add(
                "present",
                Shape.VALUE,
                "whether the input holds something: a non-empty block, list or value (an optional Terraform block)",
                (in, ctx) -> BooleanNode.valueOf(in != null
                        && !in.isNull()
                        && (in.isContainerNode() ? !in.isEmpty() : !in.asText().isEmpty())));
        b.add("not", Shape.VALUE, "the negation of a boolean (true or \"true\")", (in, ctx) -> {
            JsonNode v = io.driftguard.ingest.catalog.normalise.NumericStringNormalisation.bool(in);
            return v == null ? null : BooleanNode.valueOf(!v.booleanValue());
        });
    }

    static String arnName(String s) {
        if (!s.startsWith("arn:")) {
            return s;
        }
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s.substring(s.lastIndexOf(':') + 1);
    }

    private static JsonNode text(JsonNode in, java.util.function.UnaryOperator<String> f) {
        if (in == null || !in.isValueNode() || in.isNull()) {
            return null;
        }
        String s = in.asText();
        return s.isEmpty() ? null : TextNode.valueOf(f.apply(s));
    }

    static JsonNode template(JsonNode in, String pattern) {
        if (in == null || !in.isObject()) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String field = m.group(1);
            JsonNode v = field.startsWith("/") ? in.at(field) : in.get(field);
            if (v == null
                    || v.isMissingNode()
                    || v.isNull()
                    || !v.isValueNode()
                    || v.asText().isEmpty()) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v.asText()));
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    static JsonNode entryValue(JsonNode in, String key) {
        if (in == null) {
            return null;
        }
        if (in.isObject() && !in.has("items")) {
            JsonNode direct = in.get(key);
            if (direct != null) {
                return direct;
            }
            String k = field(in, KEY_FIELDS);
            return k != null && k.equals(key) ? valueField(in) : null;
        }
        JsonNode found = null;
        for (JsonNode e : CommonFunctions.items(in)) {
            String k = field(e, KEY_FIELDS);
            if (key.equals(k)) {
                found = valueField(e);
            }
        }
        return found;
    }

    private static String field(JsonNode e, String[] names) {
        for (String n : names) {
            JsonNode v = e.get(n);
            if (v != null && v.isValueNode() && !v.isNull()) {
                return v.asText();
            }
        }
        return null;
    }

    private static JsonNode valueField(JsonNode e) {
        for (String n : VALUE_FIELDS) {
            JsonNode v = e.get(n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static JsonNode keyList(JsonNode in) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode k : CommonFunctions.stringSet(in, false)) {
            out.set(k.asText(), NullNode.getInstance());
        }
        return out.isEmpty() ? null : out;
    }

    static JsonNode keyed(JsonNode in, String keyPointer, String valuePointer) {
        JsonNode k = in.at(keyPointer);
        if (k.isMissingNode() || k.isNull() || !k.isValueNode() || k.asText().isEmpty()) {
            return null;
        }
        JsonNode v;
        if (valuePointer == null) {
            v = BooleanNode.TRUE;
        } else {
            v = in.at(valuePointer);
            v = v.isMissingNode()
                    ? NullNode.getInstance()
                    : v.isTextual()
                                    && (v.textValue().equals("true")
                                            || v.textValue().equals("false"))
                            ? BooleanNode.valueOf(Boolean.parseBoolean(v.textValue()))
                            : v;
        }
        ObjectNode out = NODES.objectNode();
        out.set(k.asText(), v);
        return out;
    }

    private static List<JsonNode> operations(JsonNode in) {
        List<JsonNode> ops = new ArrayList<>();
        if (in == null) {
            return ops;
        }
        JsonNode list = in.isObject() && in.has("patchOperations") ? in.get("patchOperations") : in;
        CommonFunctions.items(list).forEach(ops::add);
        return ops;
    }

    static JsonNode patchValue(JsonNode in, String path) {
        JsonNode found = null;
        for (JsonNode op : operations(in)) {
            String o = op.path("op").asText("").toLowerCase(Locale.ROOT);
            if (path.equalsIgnoreCase(op.path("path").asText()) && (o.equals("replace") || o.equals("add"))) {
                found = op.get("value");
            }
        }
        return found;
    }

    static JsonNode patchEntries(JsonNode in, String prefix) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode op : operations(in)) {
            String p = op.path("path").asText();
            if (!p.startsWith(prefix) || p.length() == prefix.length()) {
                continue;
            }
            String key = p.substring(prefix.length()).replace("~1", "/").replace("~0", "~");
            String o = op.path("op").asText("").toLowerCase(Locale.ROOT);
            out.set(key, o.equals("remove") ? NullNode.getInstance() : op.get("value"));
        }
        return out.isEmpty() ? null : out;
    }

    static JsonNode jsonDocument(JsonNode in) {
        if (in == null || in.isNull()) {
            return null;
        }
        if (in.isTextual()) {
            String s = in.textValue().trim();
            if (s.isEmpty()) {
                return null;
            }
            try {
                return Json.MAPPER.readTree(s);
            } catch (JsonProcessingException e) {
                return in;
            }
        }
        return in;
    }

    static JsonNode arnSet(JsonNode in) {
        ArrayNode out = NODES.arrayNode();
        collectArns(in, out);
        return out.isEmpty() && !in.isContainerNode() ? null : out;
    }

    private static void collectArns(JsonNode n, ArrayNode out) {
        if (n == null) {
            return;
        }
        if (n.isTextual() && n.textValue().startsWith("arn:")) {
            out.add(n);
        } else if (n.isContainerNode()) {
            n.forEach(c -> collectArns(c, out));
        }
    }
}
