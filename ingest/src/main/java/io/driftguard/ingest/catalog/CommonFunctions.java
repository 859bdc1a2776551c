package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import io.driftguard.ingest.catalog.normalise.CidrNormalisation;
import io.driftguard.ingest.catalog.normalise.NumericStringNormalisation;
import io.driftguard.ingest.catalog.normalise.PolicyDocumentNormalisation;
import io.driftguard.ingest.catalog.normalise.ProviderDefaults;
import io.driftguard.ingest.catalog.normalise.ProviderTagFilter;
import java.util.Locale;

/** Provider-neutral functions: scalar types, sets, maps, tags, CIDRs, policy documents. */
public final class CommonFunctions {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CommonFunctions() {}

    static void register(FunctionRegistry.Builder b) {
        b.add("string", Shape.VALUE, "a scalar as text; empty text declares nothing", (in, ctx) -> string(in));
        b.add("lower", Shape.VALUE, "a scalar as lower-case text", (in, ctx) -> {
            JsonNode s = string(in);
            return s == null ? null : TextNode.valueOf(s.textValue().toLowerCase(Locale.ROOT));
        });
        b.add(
                "int",
                Shape.VALUE,
                "a number from a JSON number or numeric text (\"80\" = 80)",
                (in, ctx) -> NumericStringNormalisation.numberOrText(in));
        b.add("bool", Shape.VALUE, "a boolean from true or \"true\"", (in, ctx) -> NumericStringNormalisation.bool(in));
        b.add(
                "first",
                Shape.VALUE,
                "the first element of an array (or the value itself)",
                (in, ctx) -> in.isArray() ? (in.isEmpty() ? null : in.get(0)) : in);
        b.add(
                "items",
                Shape.SET,
                "the elements of an array, an EC2 {items: [...]} wrapper or a single object",
                (in, ctx) -> items(in));
        b.addWithArgument(
                "pluck",
                Shape.SET,
                "the named field of each element (EC2 items unwrapped)",
                field -> (in, ctx) -> pluck(in, field));
        b.add(
                "string_set",
                Shape.SET,
                "strings from an array or comma-separated text",
                (in, ctx) -> stringSet(in, false));
        b.add(
                "lower_set",
                Shape.SET,
                "lower-case strings from an array or comma-separated text",
                (in, ctx) -> stringSet(in, true));
        b.add("cidr", Shape.VALUE, "a CIDR in one form (host → /32, host bits cleared)", (in, ctx) -> {
            JsonNode s = string(in);
            return s == null ? null : TextNode.valueOf(CidrNormalisation.normalise(s.textValue()));
        });
        b.add("cidr_set", Shape.SET, "CIDRs in one form", (in, ctx) -> {
            ArrayNode out = NODES.arrayNode();
            stringSet(in, false).forEach(n -> out.add(CidrNormalisation.normalise(n.textValue())));
            return out;
        });
        b.add(
                "policy_document",
                Shape.VALUE,
                "a policy document (object, JSON text or URL-encoded) normalised",
                (in, ctx) -> PolicyDocumentNormalisation.normalise(in));
        b.add(
                "string_map",
                Shape.VALUE,
                "an object whose values are written as text (environment variables)",
                (in, ctx) -> stringMap(in));
        b.add(
                "tags_map",
                Shape.ENTRIES,
                "a key → value tag map, provider-owned keys left out",
                (in, ctx) -> tagsMap(in));
        b.addWithArgument(
                "tag_list",
                Shape.ENTRIES,
                "a list of {<key>, <value>} tag objects (argument: key field,value field), provider-owned keys left out",
                arg -> {
                    String[] kv = arg.split(",", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("tag_list needs keyField,valueField");
                    }
                    return (in, ctx) -> tagList(in, kv[0], kv[1]);
                });
        b.addWithArgument(
                "equals",
                Shape.VALUE,
                "true when the text equals the argument (case-insensitive), else false",
                arg -> (in, ctx) -> in.isValueNode() ? BooleanNode.valueOf(arg.equalsIgnoreCase(in.asText())) : null);
        b.addWithArgument(
                "const", Shape.VALUE, "the argument as a JSON value, whatever the input (StopLogging → false)", arg -> {
                    JsonNode v;
                    try {
                        v = io.driftguard.core.json.Json.MAPPER.readTree(arg);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalArgumentException("const needs a JSON value, got '" + arg + "'");
                    }
                    return (in, ctx) -> v;
                });
        b.addWithArgument(
                "flag",
                Shape.VALUE,
                "a boolean field of an object, false when the object leaves it out (a Put that replaces the whole configuration)",
                field -> (in, ctx) -> {
                    if (!in.isObject()) {
                        return null;
                    }
                    JsonNode v = NumericStringNormalisation.bool(in.get(field));
                    return v == null ? BooleanNode.FALSE : v;
                });
        b.add(
                "unknown_without_body",
                Shape.CHANGES,
                "UNKNOWN for the rule's path when the call logged no request at all (Cloud Storage bucket updates)",
                (in, ctx) -> RuleEvaluator.hasContent(in)
                        ? null
                        : new Changes().unknown("").build());
        b.add(
                "string_entries",
                Shape.ENTRIES,
                "an object's values as text; null stays null (a merge patch removing the key)",
                (in, ctx) -> stringEntries(in));
        b.addWithArgument(
                "provider_default",
                Shape.VALUE,
                "the provider's default value of the named setting (see ProviderDefaults), whatever the input",
                name -> {
                    JsonNode v = ProviderDefaults.value(name);
                    return (in, ctx) -> v;
                });
    }

    public static JsonNode string(JsonNode in) {
        if (in == null || !in.isValueNode() || in.isNull()) {
            return null;
        }
        String t = in.asText().trim();
        return t.isEmpty() ? null : TextNode.valueOf(t);
    }

    /** Elements of an array, of an EC2 {@code {items: [...]}} wrapper, or a lone object. */
    public static ArrayNode items(JsonNode in) {
        if (in == null || in.isNull() || in.isMissingNode()) {
            return NODES.arrayNode();
        }
        if (in.isArray()) {
            return (ArrayNode) in;
        }
        if (in.isObject()) {
            JsonNode items = in.get("items");
            if (items != null) {
                return items.isArray() ? (ArrayNode) items : NODES.arrayNode().add(items);
            }
            return in.isEmpty() ? NODES.arrayNode() : NODES.arrayNode().add(in);
        }
        return NODES.arrayNode().add(in);
    }

    static ArrayNode pluck(JsonNode in, String field) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode e : items(in)) {
            JsonNode v = e.isObject() ? string(e.get(field)) : string(e);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    public static ArrayNode stringSet(JsonNode in, boolean lower) {
        ArrayNode out = NODES.arrayNode();
        if (in.isArray()) {
            in.forEach(e -> addString(out, e, lower));
        } else if (in.isTextual()) {
            for (String part : in.textValue().split(",")) {
                addString(out, TextNode.valueOf(part), lower);
            }
        } else {
            addString(out, in, lower);
        }
        return out;
    }

    private static void addString(ArrayNode out, JsonNode e, boolean lower) {
        JsonNode s = string(e);
        if (s != null) {
            out.add(lower ? s.textValue().toLowerCase(Locale.ROOT) : s.textValue());
        }
    }

    static JsonNode stringMap(JsonNode in) {
        if (!in.isObject()) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        in.fields()
                .forEachRemaining(e -> out.put(
                        e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    static JsonNode stringEntries(JsonNode in) {
        if (!in.isObject()) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        in.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            out.set(
                    e.getKey(),
                    v == null || v.isNull()
                            ? NullNode.getInstance()
                            : TextNode.valueOf(v.isValueNode() ? v.asText() : v.toString()));
        });
        return out;
    }

    static JsonNode tagsMap(JsonNode in) {
        if (!in.isObject()) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        in.fields().forEachRemaining(e -> {
            if (!ProviderTagFilter.isProviderOwned(e.getKey())) {
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        });
        return out;
    }

    static JsonNode tagList(JsonNode in, String keyField, String valueField) {
        ObjectNode out = NODES.objectNode();
        JsonNode list = in;
        // S3 writes {"TagSet": {"Tag": [...]}} and a single tag as an object, not a list.
        if (list.isObject() && list.has("TagSet")) {
            list = list.get("TagSet");
        }
        if (list.isObject() && list.has("Tag")) {
            list = list.get("Tag");
        }
        for (JsonNode t : items(list)) {
            JsonNode k = t.get(keyField);
            if (k == null || !k.isValueNode() || ProviderTagFilter.isProviderOwned(k.asText())) {
                continue;
            }
            JsonNode v = t.get(valueField);
            out.set(k.asText(), v == null || v.isNull() ? NullNode.getInstance() : TextNode.valueOf(v.asText()));
        }
        return out;
    }
}
