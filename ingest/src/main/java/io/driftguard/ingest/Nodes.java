package io.driftguard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Null-tolerant lookups on Jackson trees, shared by the parsers.
 *
 * <p>Provider records are sparse and some publishers change key casing (Panther lowercases the
 * CloudTrail {@code userIdentity} keys and the GCP LogEntry top level; Azure varies
 * {@code requestbody}/{@code responseBody}). The case-insensitive variants try the exact key first,
 * so the common case costs one hash lookup.
 *
 * <p>Absent, JSON null and text are told apart by the node's class, not by {@code isNull()} or
 * {@code isValueNode()}: those ask every node its {@code getNodeType()}, a virtual call on a dozen
 * node classes that the JIT cannot inline, and these lookups run a few dozen times per record.
 */
public final class Nodes {

    private Nodes() {}

    /** The child, or null when {@code node} is not an object or the child is absent or JSON null. */
    public static JsonNode get(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        return present(node.get(key));
    }

    /** Like {@link #get} but falls back to a case-insensitive match of the key. */
    public static JsonNode getIgnoreCase(JsonNode node, String key) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode child = node.get(key);
        if (child == null) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (e.getKey().equalsIgnoreCase(key)) {
                    child = e.getValue();
                    break;
                }
            }
        }
        return present(child);
    }

    /** The node, or null when it is absent or JSON null (Jackson's only null and missing classes). */
    private static JsonNode present(JsonNode n) {
        return n == null || n instanceof NullNode || n instanceof MissingNode ? null : n;
    }

    /** Text of a scalar child (numbers and booleans as their text); null when absent, empty or not scalar. */
    public static String text(JsonNode node, String key) {
        return scalar(get(node, key));
    }

    /** {@link #text} with a case-insensitive key. */
    public static String textIgnoreCase(JsonNode node, String key) {
        return scalar(getIgnoreCase(node, key));
    }

    /** Text at a path of object keys, e.g. {@code text(n, "status", "value")}. */
    public static String path(JsonNode node, String... keys) {
        JsonNode cur = node;
        for (String k : keys) {
            cur = get(cur, k);
            if (cur == null) {
                return null;
            }
        }
        return scalar(cur);
    }

    /** Scalar text of a node; for an object with a {@code value} key (Azure REST) that value. */
    public static String scalar(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n instanceof TextNode) {
            String s = n.textValue();
            return s.isEmpty() ? null : s;
        }
        if (n.isValueNode()) {
            String s = n.asText();
            return s.isEmpty() ? null : s;
        }
        return null;
    }

    /** Text values of an array child (scalar elements only); empty when absent. */
    public static List<String> texts(JsonNode node, String key) {
        JsonNode arr = get(node, key);
        if (arr == null || !arr.isArray() || arr.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(arr.size());
        for (JsonNode e : arr) {
            String s = scalar(e);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Boolean child, accepting {@code true} and the string {@code "true"}; null when absent. */
    public static Boolean bool(JsonNode node, String key) {
        JsonNode n = get(node, key);
        if (n == null) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            String s = n.textValue();
            if ("true".equalsIgnoreCase(s)) {
                return Boolean.TRUE;
            }
            if ("false".equalsIgnoreCase(s)) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    /** Compact JSON text of a node; null for absent, JSON null or an empty object/array. */
    public static String compact(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || (n.isContainerNode() && n.isEmpty())) {
            return null;
        }
        return n.toString();
    }

    /** ASCII case-insensitive {@code contains}, without allocating lower-case copies. */
    public static boolean containsIgnoreCase(String haystack, String needle) {
        if (haystack == null) {
            return false;
        }
        int n = needle.length();
        if (n == 0) {
            return true;
        }
        // Find the first character with String.indexOf (vectorized over a Latin-1 string), then compare
        // the second cheaply and the rest only where both match: actor rules run this over every
        // record's user agent, and a case-folding compare at every offset, then a char-by-char walk
        // for the first letter, showed up as the parse stage's hottest frames (docs/benchmarks.md).
        char lower = Character.toLowerCase(needle.charAt(0));
        char upper = Character.toUpperCase(needle.charAt(0));
        char second = n > 1 ? needle.charAt(1) : 0;
        char secondLower = Character.toLowerCase(second);
        char secondUpper = Character.toUpperCase(second);
        int max = haystack.length() - n;
        int atLower = haystack.indexOf(lower);
        int atUpper = upper == lower ? -1 : haystack.indexOf(upper);
        while (true) {
            int i = atLower < 0 ? atUpper : atUpper < 0 ? atLower : Math.min(atLower, atUpper);
            if (i < 0 || i > max) {
                return false;
            }
            if ((n == 1 || mayMatch(haystack.charAt(i + 1), second, secondLower, secondUpper))
                    && haystack.regionMatches(true, i + 1, needle, 1, n - 1)) {
                return true;
            }
            if (i == atLower) {
                atLower = haystack.indexOf(lower, i + 1);
            } else {
                atUpper = haystack.indexOf(upper, i + 1);
            }
        }
    }

    /**
     * False only where {@code regionMatches(true, ...)} would not match {@code c} to {@code p}: both
     * ASCII and not the same letter. Beyond ASCII, case folding matches more (the Kelvin sign to k),
     * so that is left to {@code regionMatches}.
     */
    private static boolean mayMatch(char c, char p, char pLower, char pUpper) {
        return c == pLower || c == pUpper || c >= 0x80 || p >= 0x80;
    }

    /** ASCII case-insensitive {@code startsWith}. */
    public static boolean startsWithIgnoreCase(String s, String prefix) {
        return s != null && s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** ASCII case-insensitive {@code endsWith}. */
    public static boolean endsWithIgnoreCase(String s, String suffix) {
        return s != null
                && s.length() >= suffix.length()
                && s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    /** The first non-null argument. */
    @SafeVarargs
    public static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
