package io.driftguard.judge.remediation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Where each literal value sits in a declaring block's text: its path (as the IaC spells it,
 * dotted; list elements named by their {@code name} or {@code Key} field, else by index), the
 * line, the columns of the literal and how it is written. A value written as an expression
 * ({@code var.size}, {@code !Ref Size}) has a slot without a literal, so a patch never replaces
 * what it cannot read.
 */
final class ValueSlots {

    /** How a literal is written, so its replacement is written the same way. */
    enum Style {
        /** a YAML plain scalar */
        PLAIN,
        /** a double-quoted string (YAML, JSON, HCL) */
        DOUBLE,
        /** a YAML single-quoted string */
        SINGLE,
        /** a number, boolean or null without quotes */
        BARE,
        /** an expression, not a literal */
        EXPRESSION
    }

    /**
     * @param line 0-based line in the block text
     * @param start the literal's first column
     * @param end the column after the literal
     * @param value the literal's value, null for an expression
     */
    record Slot(int line, int start, int end, JsonNode value, Style style) {}

    private ValueSlots() {}

    /**
     * The slots of a YAML block: a whole document (Kubernetes), or one {@code Logical: …} entry of a
     * template's Resources (CloudFormation, whose first path segment is then the logical id).
     */
    static Map<String, Slot> yaml(String block) {
        Map<String, Slot> out = new LinkedHashMap<>();
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(block));
        } catch (RuntimeException e) {
            return out;
        }
        if (root != null) {
            yaml(root, "", out);
        }
        return out;
    }

    private static void yaml(Node n, String path, Map<String, Slot> out) {
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    yaml(t.getValueNode(), join(path, k.getValue()), out);
                }
            }
        } else if (n instanceof SequenceNode s) {
            int i = 0;
            for (Node item : s.getValue()) {
                yaml(item, join(path, label(item, i++)), out);
            }
        } else if (n instanceof ScalarNode s && !path.isEmpty()) {
            int line = s.getStartMark().getLine();
            if (s.getEndMark().getLine() != line) {
                return; // a multi-line scalar is not replaced in place
            }
            int start = s.getStartMark().getColumn();
            int end = s.getEndMark().getColumn();
            boolean local = !s.getTag().startsWith(Tag.PREFIX) && s.getTag() != Tag.NULL;
            if (local) {
                out.put(path, new Slot(line, start, end, null, Style.EXPRESSION));
                return;
            }
            ScalarStyle st = s.getScalarStyle();
            Style style = st == ScalarStyle.DOUBLE_QUOTED
                    ? Style.DOUBLE
                    : st == ScalarStyle.SINGLE_QUOTED ? Style.SINGLE : st == ScalarStyle.PLAIN ? Style.PLAIN : null;
            if (style == null) {
                return; // literal or folded block scalars
            }
            out.put(path, new Slot(line, start, end, yamlValue(s, style), style));
        }
    }

    private static JsonNode yamlValue(ScalarNode s, Style style) {
        String v = s.getValue();
        if (style != Style.PLAIN) {
            return TextNode.valueOf(v);
        }
        if (v.matches("true|True|TRUE|false|False|FALSE")) {
            return BooleanNode.valueOf(v.equalsIgnoreCase("true"));
        }
        if (v.matches("[-+]?[0-9]+")) {
            return LongNode.valueOf(Long.parseLong(v));
        }
        if (v.matches("[-+]?([0-9]*\\.[0-9]+|[0-9]+\\.[0-9]*)([eE][-+]?[0-9]+)?")) {
            return DecimalNode.valueOf(new BigDecimal(v));
        }
        if (v.matches("~|null|Null|NULL|")) {
            return NullNode.instance;
        }
        return TextNode.valueOf(v);
    }

    private static String label(Node item, int index) {
        if (item instanceof MappingNode m) {
            for (String key : List.of("name", "Key")) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k
                            && k.getValue().equals(key)
                            && t.getValueNode() instanceof ScalarNode v) {
                        return v.getValue();
                    }
                }
            }
        }
        return String.valueOf(index);
    }

    /**
     * The slots of a JSON block: {@code "Logical": { … }} with or without a trailing comma
     * (CloudFormation), read as the one member of an object.
     */
    static Map<String, Slot> json(String block) {
        Map<String, Slot> out = new LinkedHashMap<>();
        String body = block.stripTrailing();
        if (body.endsWith(",")) {
            body = body.substring(0, body.length() - 1);
        }
        // "{" on a line of its own keeps the block's columns, and its lines one apart.
        String[] lines = ("{\n" + body + "\n}").split("\n", -1);
        try (JsonParser p = Json.MAPPER.getFactory().createParser(String.join("\n", lines))) {
            json(p, p.nextToken(), "", lines, out);
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();
        }
        return out;
    }

    private static void json(JsonParser p, JsonToken t, String path, String[] lines, Map<String, Slot> out)
            throws IOException {
        if (t == JsonToken.START_OBJECT) {
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                json(p, p.nextToken(), join(path, name), lines, out);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                Map<String, Slot> item = new LinkedHashMap<>();
                json(p, t, "", lines, item);
                String label = String.valueOf(i++);
                for (String key : List.of("name", "Key")) {
                    Slot s = item.get(key);
                    if (s != null && s.value() != null && s.value().isTextual()) {
                        label = s.value().asText();
                    }
                }
                for (Map.Entry<String, Slot> e : item.entrySet()) {
                    out.put(join(join(path, label), e.getKey()), e.getValue());
                }
            }
        } else if (t != null && t.isScalarValue()) {
            int line = p.currentTokenLocation().getLineNr() - 1;
            int col = p.currentTokenLocation().getColumnNr() - 1;
            String text = lines[line];
            int end = t == JsonToken.VALUE_STRING
                    ? endOfString(text, col)
                    : col + p.getText().length();
            JsonNode value = Json.MAPPER.readTree(text.substring(col, end));
            // Line numbers of the block: the wrapper's "{" is line 0.
            out.put(path, new Slot(line - 1, col, end, value, t == JsonToken.VALUE_STRING ? Style.DOUBLE : Style.BARE));
        }
    }

    /** The column after the closing quote of the string literal starting at {@code start}. */
    private static int endOfString(String line, int start) {
        int i = start + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return line.length();
    }

    private static final Pattern HCL_ATTRIBUTE =
            Pattern.compile("^(\\s*)(\"[^\"]+\"|[A-Za-z_][\\w-]*)(\\s*=\\s*)(.*)$");
    private static final Pattern HCL_BLOCK = Pattern.compile("^\\s*([A-Za-z_][\\w-]*)(\\s+\"[^\"]*\")*\\s*\\{\\s*$");
    private static final Pattern HCL_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final Pattern HEREDOC = Pattern.compile("<<-?([A-Za-z_][\\w-]*)\\s*$");

    /**
     * The slots of a Terraform {@code resource} block: {@code name = literal} lines, maps written
     * one entry a line ({@code tags = {}}) and nested blocks ({@code settings { tier = … }}). Paths
     * are relative to the resource's body.
     */
    static Map<String, Slot> hcl(String block) {
        Map<String, Slot> out = new LinkedHashMap<>();
        String[] lines = block.split("\n", -1);
        Deque<String> path = new ArrayDeque<>();
        int depth = 0;
        String heredoc = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (heredoc != null) {
                if (line.strip().equals(heredoc)) {
                    heredoc = null;
                }
                continue;
            }
            String code = stripHclComment(line);
            String trimmed = code.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (i == 0) {
                depth = 1; // the resource "type" "name" { line
                continue;
            }
            Matcher heredocStart = HEREDOC.matcher(code);
            Matcher a = HCL_ATTRIBUTE.matcher(code);
            Matcher b = HCL_BLOCK.matcher(code);
            if (trimmed.startsWith("}") || trimmed.startsWith("]")) {
                depth--;
                if (path.size() >= depth) {
                    path.pollLast();
                }
                continue;
            }
            if (b.matches()) {
                depth++;
                path.addLast(b.group(1));
                continue;
            }
            if (!a.matches()) {
                depth += count(code, '{') + count(code, '[') - count(code, '}') - count(code, ']');
                continue;
            }
            String key = a.group(2).startsWith("\"")
                    ? a.group(2).substring(1, a.group(2).length() - 1)
                    : a.group(2);
            String value = a.group(4).strip();
            if (value.equals("{") || value.equals("[")) {
                depth++;
                path.addLast(value.equals("{") ? key : key + "[]");
                continue;
            }
            if (heredocStart.find()) {
                heredoc = heredocStart.group(1);
            }
            String full = String.join(".", path) + (path.isEmpty() ? "" : ".") + key;
            int start = a.group(1).length() + a.group(2).length() + a.group(3).length();
            Slot slot = hclLiteral(i, start, code);
            if (slot != null) {
                out.put(full, slot);
            }
            depth += count(value, '{') + count(value, '[') - count(value, '}') - count(value, ']');
        }
        return out;
    }

    private static Slot hclLiteral(int line, int start, String code) {
        String rest = code.substring(start);
        String value = rest.stripTrailing();
        if (value.startsWith("\"")) {
            int end = endOfString(code, start);
            String literal = code.substring(start, end);
            if (!code.substring(end).isBlank() || literal.contains("${") || literal.contains("%{")) {
                return new Slot(line, start, start + value.length(), null, Style.EXPRESSION);
            }
            try {
                return new Slot(line, start, end, Json.MAPPER.readTree(literal), Style.DOUBLE);
            } catch (IOException e) {
                return null;
            }
        }
        if (value.equals("true")
                || value.equals("false")
                || value.equals("null")
                || HCL_NUMBER.matcher(value).matches()) {
            try {
                return new Slot(line, start, start + value.length(), Json.MAPPER.readTree(value), Style.BARE);
            } catch (IOException e) {
                return null;
            }
        }
        return new Slot(line, start, start + value.length(), null, Style.EXPRESSION);
    }

    /** The line without a trailing {@code #} or {@code //} comment (one outside a string). */
    private static String stripHclComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '#' || (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static String join(String path, String segment) {
        return path.isEmpty() ? segment : segment.isEmpty() ? path : path + "." + segment;
    }
}
