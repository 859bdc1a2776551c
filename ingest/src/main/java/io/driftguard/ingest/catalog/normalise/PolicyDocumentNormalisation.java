package io.driftguard.ingest.catalog.normalise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.AttributeValues;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IAM and resource policies compared as documents, not as text.
 *
 * <p>A policy arrives as a parsed object (CloudTrail {@code PutBucketPolicy}), as a JSON string
 * (Terraform state, CloudTrail {@code PutRolePolicy}), or URL-encoded (IAM {@code GetRolePolicy},
 * some CloudTrail records). All become one document in which: {@code Statement} is an array of
 * statements in a stable order; {@code Action}, {@code NotAction}, {@code Resource},
 * {@code NotResource} and each principal and condition value list are sorted arrays without
 * duplicates; {@code "Principal": "*"} is written {@code {"AWS": ["*"]}}, which IAM treats as the
 * same.
 */
public final class PolicyDocumentNormalisation {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyDocumentNormalisation() {}

    /** The normalised document, or null when the input is absent, empty or not a policy. */
    public static JsonNode normalise(JsonNode input) {
        JsonNode doc = parse(input);
        if (doc == null || !doc.isObject() || doc.isEmpty()) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = doc.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("Statement")) {
                out.set("Statement", statements(f.getValue()));
            } else {
                out.set(f.getKey(), f.getValue());
            }
        }
        return out;
    }

    /** A document from an object, a JSON string or a URL-encoded JSON string. */
    static JsonNode parse(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return null;
        }
        if (input.isObject()) {
            return input;
        }
        if (!input.isTextual()) {
            return null;
        }
        String text = input.textValue().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.startsWith("%7B") || text.startsWith("%7b")) {
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ArrayNode statements(JsonNode statement) {
        List<JsonNode> list = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(s -> list.add(statement(s)));
        } else if (statement.isObject()) {
            list.add(statement(statement));
        }
        // Statement order carries no meaning, so sort by canonical text (one form for one policy).
        return (ArrayNode) AttributeValues.parse(AttributeValues.canonicalSet(list));
    }

    private static JsonNode statement(JsonNode s) {
        if (!s.isObject()) {
            return s;
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = s.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String k = f.getKey();
            JsonNode v = f.getValue();
            switch (k) {
                case "Action", "NotAction", "Resource", "NotResource" -> out.set(k, sortedStrings(v));
                case "Principal", "NotPrincipal" -> out.set(k, principal(v));
                case "Condition" -> out.set(k, condition(v));
                default -> out.set(k, v);
            }
        }
        return out;
    }

    private static JsonNode principal(JsonNode v) {
        if (v.isTextual()) {
            // "*" alone means every AWS principal, the same as {"AWS": "*"}.
            ObjectNode o = NODES.objectNode();
            o.set("AWS", sortedStrings(v));
            return o;
        }
        if (!v.isObject()) {
            return v;
        }
        Map<String, JsonNode> sorted = new TreeMap<>();
        v.fields().forEachRemaining(e -> sorted.put(e.getKey(), sortedStrings(e.getValue())));
        ObjectNode o = NODES.objectNode();
        sorted.forEach(o::set);
        return o;
    }

    private static JsonNode condition(JsonNode v) {
        if (!v.isObject()) {
            return v;
        }
        ObjectNode o = NODES.objectNode();
        v.fields().forEachRemaining(op -> {
            if (op.getValue().isObject()) {
                ObjectNode keys = NODES.objectNode();
                op.getValue().fields().forEachRemaining(k -> keys.set(k.getKey(), sortedStrings(k.getValue())));
                o.set(op.getKey(), keys);
            } else {
                o.set(op.getKey(), op.getValue());
            }
        });
        return o;
    }

    private static JsonNode sortedStrings(JsonNode v) {
        List<JsonNode> items = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(items::add);
        } else {
            items.add(v);
        }
        List<JsonNode> asText = new ArrayList<>(items.size());
        for (JsonNode i : items) {
            asText.add(i.isValueNode() ? TextNode.valueOf(i.asText()) : i);
        }
        return AttributeValues.parse(AttributeValues.canonicalSet(asText));
    }
}
