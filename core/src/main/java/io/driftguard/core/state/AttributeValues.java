package io.driftguard.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.driftguard.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Canonical attribute values and how changes apply to them.
 *
 * <p>A canonical value is compact JSON text. Scalars are written in their natural JSON type;
 * objects have their keys sorted; set-valued attributes (security group rules, IAM members, policy
 * ARNs) are arrays sorted by each element's canonical text and without duplicates. Both the IaC
 * readers and the audit-log interpreters produce values in this form, so equality is plain text
 * equality. {@link #UNKNOWN} stands for a value the log hides; it equals nothing, not even itself.
 */
public final class AttributeValues {

    /** The actual value of an attribute whose change the log does not show. */
    public static final String UNKNOWN = "\u0000unknown";

    private AttributeValues() {}

    /** Applies {@code change} to {@code current} (null when absent); returns the new value or null. */
    public static String apply(String current, AttributeChange change) {
        return switch (change.op()) {
            case SET -> change.value();
            case UNSET -> null;
            case UNKNOWN -> UNKNOWN;
            case ADD -> union(current, change.value());
            case REMOVE -> difference(current, change.value());
        };
    }

    /** Whether an actual value matches a declared one (null means absent on either side). */
    public static boolean matches(String declared, String actual) {
        if (UNKNOWN.equals(actual) || UNKNOWN.equals(declared)) {
            return false;
        }
        return Objects.equals(declared, actual) || (isEmpty(declared) && isEmpty(actual));
    }

    /** Absent, JSON null, an empty array and an empty object all mean "nothing declared here". */
    public static boolean isEmpty(String value) {
        return value == null || value.equals("null") || value.equals("[]") || value.equals("{}");
    }

    /** Canonical text of any JSON value: sorted object keys, compact. */
    public static String canonical(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        try {
            return Json.CANONICAL.writeValueAsString(Json.CANONICAL.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write canonical JSON", e);
        }
    }

    /** Canonical text of a set: the elements' canonical texts, sorted, without duplicates. */
    public static String canonicalSet(Iterable<JsonNode> elements) {
        Map<String, JsonNode> byText = new LinkedHashMap<>();
        for (JsonNode e : elements) {
            byText.putIfAbsent(canonical(e), e);
        }
        List<String> keys = new ArrayList<>(byText.keySet());
        keys.sort(Comparator.naturalOrder());
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String k : keys) {
            out.add(byText.get(k));
        }
        return canonical(out);
    }

    public static JsonNode parse(String canonicalJson) {
        if (canonicalJson == null || UNKNOWN.equals(canonicalJson)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(canonicalJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + canonicalJson, e);
        }
    }

    private static String union(String current, String added) {
        if (UNKNOWN.equals(current)) {
            return UNKNOWN;
        }
        List<JsonNode> all = new ArrayList<>();
        elements(current).forEach(all::add);
        elements(added).forEach(all::add);
        return canonicalSet(all);
    }

    private static String difference(String current, String removed) {
        if (UNKNOWN.equals(current)) {
            return UNKNOWN;
        }
        List<String> gone = new ArrayList<>();
        elements(removed).forEach(e -> gone.add(canonical(e)));
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode e : elements(current)) {
            if (!gone.contains(canonical(e))) {
                kept.add(e);
            }
        }
        return canonicalSet(kept);
    }

    private static Iterable<JsonNode> elements(String canonicalArray) {
        JsonNode node = parse(canonicalArray);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(node);
        }
        return node;
    }
}
