package io.driftguard.judge.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One changed attribute with its declared and actual values parsed once.
 *
 * @param desired the declared value, {@link NullNode} when the attribute was not declared (an added element path)
 * @param actual the value after the change, {@link NullNode} when removed or unknown
 * @param known false when the log hid the new value
 */
record Attr(String path, JsonNode desired, JsonNode actual, boolean known) {

    boolean desiredPresent() {
        return present(desired);
    }

    boolean actualPresent() {
        return known && present(actual);
    }

    /** The last path segment after {@code prefix.} ({@code tags.Owner} → Owner). */
    String key(String prefix) {
        return path.length() > prefix.length() + 1 ? path.substring(prefix.length() + 1) : "";
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    /** Booleans as the catalog writes them, also tolerating "true"/"false" text; null otherwise. */
    static Boolean bool(JsonNode n) {
        if (!present(n)) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        String t = n.asText().trim().toLowerCase(Locale.ROOT);
        return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
    }

    static Double number(JsonNode n) {
        if (!present(n)) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(n.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String text(JsonNode n) {
        return present(n) && n.isValueNode() ? n.asText() : null;
    }

    /** Array elements (a scalar is a one-element set; null none). */
    static List<JsonNode> elements(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (!present(n)) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(out::add);
        } else {
            out.add(n);
        }
        return out;
    }

    /** Elements of {@code a} not in {@code b} (JSON equality: the catalog's values are canonical). */
    static List<JsonNode> minus(JsonNode a, JsonNode b) {
        List<JsonNode> bs = elements(b);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode x : elements(a)) {
            if (!bs.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }
}
