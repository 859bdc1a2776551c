package io.driftguard.ingest.iac.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Where, in an IaC file's text, each resource is declared: the 1-based first and last line of the
 * block. The readers parse values elsewhere; this finds lines, so a codify patch can be written
 * against the file exactly as it is. Every method returns nothing rather than throw on text it
 * cannot follow: a resource without a block gets a guide instead of a patch, never a wrong patch.
 */
public final class DeclaringBlocks {

    /** Lines {@code from..to} (1-based, inclusive). */
    public record Lines(int from, int to) {}

    private DeclaringBlocks() {}

    /**
     * Each YAML document's lines and, for a {@code kind: List}, its items' lines (else empty), in
     * document order; empty documents are left out, as a loader leaves out their null.
     */
    public record YamlDocument(Lines lines, List<Lines> items) {}

    public static List<YamlDocument> yamlDocuments(String text) {
        List<YamlDocument> out = new ArrayList<>();
        try {
            for (Node n : yaml().composeAll(new StringReader(text))) {
                if (n == null || (n instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    continue;
                }
                List<Lines> items = new ArrayList<>();
                if (value(n, "items") instanceof SequenceNode s) {
                    s.getValue().forEach(item -> items.add(lines(item)));
                }
                out.add(new YamlDocument(lines(n), items));
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return out;
    }

    /**
     * The block of each entry of a top-level mapping's section in YAML ({@code Resources} of a
     * CloudFormation template): from the key's line to the value's last line.
     */
    public static Map<String, Lines> yamlSection(String text, String section) {
        Map<String, Lines> out = new LinkedHashMap<>();
        try {
            Node root = yaml().compose(new StringReader(text));
            if (value(root, section) instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k) {
                        out.put(
                                k.getValue(),
                                new Lines(
                                        startLine(t.getKeyNode()),
                                        lines(t.getValueNode()).to()));
                    }
                }
            }
        } catch (RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** The same for JSON: from the member name's line to its object's closing brace. */
    public static Map<String, Lines> jsonSection(String text, String section) {
        Map<String, Lines> out = new LinkedHashMap<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!section.equals(name) || v != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int from = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    p.skipChildren();
                    out.put(key, new Lines(from, p.currentTokenLocation().getLineNr()));
                }
                return out;
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * The top-level {@code resource "type" "name" { … }} blocks of Terraform configuration, keyed
     * {@code type.name}: from the keyword's line to the closing brace's. Strings, template
     * interpolations, heredocs and the three comment styles are skipped, so a brace inside them
     * does not end a block.
     */
    public static Map<String, Lines> terraformResources(String text) {
        Map<String, Lines> out = new LinkedHashMap<>();
        HclScanner s = new HclScanner(text);
        int depth = 0;
        String open = null;
        int openLine = 0;
        while (s.more()) {
            char c = s.peek();
            if (s.skipTrivia()) {
                continue;
            }
            if (c == '"') {
                s.skipString();
            } else if (c == '<' && s.at("<<")) {
                s.skipHeredoc();
            } else if (c == '{') {
                depth++;
                s.next();
            } else if (c == '}') {
                depth--;
                if (depth == 0 && open != null) {
                    out.putIfAbsent(open, new Lines(openLine, s.line()));
                    open = null;
                }
                s.next();
                if (depth < 0) {
                    return Map.of();
                }
            } else if (depth == 0 && Character.isLetter(c)) {
                int line = s.line();
                String word = s.word();
                if (word.equals("resource")) {
                    String type = s.label();
                    String name = type == null ? null : s.label();
                    s.skipBlanks();
                    if (name != null && s.more() && s.peek() == '{') {
                        open = type + "." + name;
                        openLine = line;
                    }
                }
            } else {
                s.next();
            }
        }
        return depth == 0 ? out : Map.of();
    }

    private static Yaml yaml() {
        return new Yaml(new LoaderOptions());
    }

    private static Node value(Node n, String key) {
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    private static Lines lines(Node n) {
        return new Lines(startLine(n), endLine(n.getEndMark()));
    }

    private static int startLine(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    /** A block node ends where the next token starts: at column 0 of the line after its last. */
    private static int endLine(Mark end) {
        return end.getColumn() == 0 ? end.getLine() : end.getLine() + 1;
    }

    /** Just enough of HCL's lexical syntax to find where blocks begin and end. */
    private static final class HclScanner {
        private final String t;
        private int i;
        private int line = 1;

        HclScanner(String text) {
            this.t = text;
        }

        boolean more() {
            return i < t.length();
        }

        char peek() {
            return t.charAt(i);
        }

        boolean at(String s) {
            return t.startsWith(s, i);
        }

        int line() {
            return line;
        }

        void next() {
            if (t.charAt(i) == '\n') {
                line++;
            }
            i++;
        }

        /** Skips one comment; true if there was one. */
        boolean skipTrivia() {
            if (at("#") || at("//")) {
                while (more() && peek() != '\n') {
                    next();
                }
                return true;
            }
            if (at("/*")) {
                while (more() && !at("*/")) {
                    next();
                }
                if (more()) {
                    next();
                    next();
                }
                return true;
            }
            return false;
        }

        void skipBlanks() {
            while (more() && (peek() == ' ' || peek() == '\t')) {
                next();
            }
        }

        String word() {
            int start = i;
            while (more() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
                next();
            }
            return t.substring(start, i);
        }

        /** A quoted block label, or null. */
        String label() {
            skipBlanks();
            if (!more() || peek() != '"') {
                return null;
            }
            int start = i + 1;
            skipString();
            return t.substring(start, Math.max(start, i - 1));
        }

        /** A quoted template, with its interpolations (which may hold strings of their own). */
        void skipString() {
            next();
            int interpolation = 0;
            while (more()) {
                char c = peek();
                if (c == '\\') {
                    next();
                    if (more()) {
                        next();
                    }
                } else if (interpolation == 0 && c == '"') {
                    next();
                    return;
                } else if (c == '\n' && interpolation == 0) {
                    return;
                } else if ((c == '$' || c == '%') && i + 1 < t.length() && t.charAt(i + 1) == '{') {
                    interpolation++;
                    next();
                    next();
                } else if (interpolation > 0 && c == '"') {
                    skipString();
                } else if (interpolation > 0 && c == '{') {
                    interpolation++;
                    next();
                } else if (interpolation > 0 && c == '}') {
                    interpolation--;
                    next();
                } else {
                    next();
                }
            }
        }

        /** {@code <<ID} or {@code <<-ID} up to the line holding only {@code ID}. */
        void skipHeredoc() {
            next();
            next();
            if (more() && peek() == '-') {
                next();
            }
            String id = word();
            if (id.isEmpty()) {
                return;
            }
            while (more() && peek() != '\n') {
                next();
            }
            while (more()) {
                next();
                int end = t.indexOf('\n', i);
                String l = t.substring(i, end < 0 ? t.length() : end);
                if (l.strip().equals(id)) {
                    while (more() && peek() != '\n') {
                        next();
                    }
                    return;
                }
                while (more() && peek() != '\n') {
                    next();
                }
            }
        }
    }
}
