package io.driftguard.models.scenario.iac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Block-style YAML for manifests, CloudFormation templates and config files. Written by hand
 * because the CloudFormation short intrinsic tags ({@code !Ref}, {@code !Sub}, {@code !GetAtt})
 * must appear as tags, the way people write templates, and because the output must be stable.
 */
public final class YamlWriter {

    /** A scalar or sequence carrying a local tag, such as {@code !Ref WebSecurityGroup}. */
    public record Tagged(String tag, Object value) {}

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/$][A-Za-z0-9_./:@$-]*( [A-Za-z0-9_./@()$-]+)*");
    private static final Pattern NUMBERISH = Pattern.compile("[-+]?(\\.?[0-9][0-9_.:eE+-]*|\\.inf|\\.nan)");
    private static final java.util.Set<String> RESERVED = java.util.Set.of("true", "false", "yes", "no", "on", "off",
            "null", "y", "n", "~");

    private YamlWriter() {}

    public static String document(Object root) {
        StringBuilder b = new StringBuilder();
        block(root, 0, b);
        return b.toString();
    }

    public static String documents(List<?> roots) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < roots.size(); i++) {
            if (i > 0) {
                b.append("---\n");
            }
            block(roots.get(i), 0, b);
        }
        return b.toString();
    }

    private static void block(Object value, int indent, StringBuilder b) {
        if (value instanceof JsonNode node && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            if (!it.hasNext()) {
                pad(b, indent).append("{}\n");
            }
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                entry(e.getKey(), e.getValue(), indent, b);
            }
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                pad(b, indent).append("{}\n");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entry(String.valueOf(e.getKey()), e.getValue(), indent, b);
            }
        } else if (isSequence(value)) {
            for (Object item : items(value)) {
                pad(b, indent).append("- ");
                if (isMapping(item) && !isEmpty(item)) {
                    StringBuilder inner = new StringBuilder();
                    block(item, indent + 2, inner);
                    b.append(inner, indent + 2, inner.length());
                } else if (isSequence(item) && !isEmpty(item)) {
                    b.append('\n');
                    block(item, indent + 2, b);
                } else {
                    b.append(scalar(item)).append('\n');
                }
            }
        } else {
            pad(b, indent).append(scalar(value)).append('\n');
        }
    }

    private static void entry(String key, Object value, int indent, StringBuilder b) {
        pad(b, indent).append(scalar(key)).append(':');
        if (value instanceof Tagged t && isSequence(t.value())) {
            b.append(' ').append(t.tag()).append('\n');
            block(t.value(), indent + 2, b);
        } else if ((isMapping(value) || isSequence(value)) && !isEmpty(value)) {
            b.append('\n');
            block(value, isMapping(value) ? indent + 2 : indent, b);
        } else {
            b.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static boolean isMapping(Object v) {
        return v instanceof Map || (v instanceof JsonNode n && n.isObject());
    }

    private static boolean isSequence(Object v) {
        return v instanceof List || (v instanceof JsonNode n && n.isArray());
    }

    private static boolean isEmpty(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return l.isEmpty();
        }
        return v instanceof JsonNode n && n.isEmpty();
    }

    private static Iterable<?> items(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        return (JsonNode) v;
    }

    private static String scalar(Object v) {
        if (v instanceof Tagged t) {
            return t.tag() + " " + scalar(t.value());
        }
        if (v instanceof JsonNode n) {
            if (n.isNull()) {
                return "null";
            }
            if (n.isTextual()) {
                return string(n.textValue());
            }
            if (n.isObject()) {
                return "{}";
            }
            if (n.isArray()) {
                return "[]";
            }
            return n.asText();
        }
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "{}";
        }
        if (v instanceof List) {
            return "[]";
        }
        if (v instanceof String s) {
            return string(s);
        }
        return String.valueOf(v);
    }

    static String string(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT))
                && !NUMBERISH.matcher(s).matches()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static StringBuilder pad(StringBuilder b, int indent) {
        for (int i = 0; i < indent; i++) {
            b.append(' ');
        }
        return b;
    }
}
