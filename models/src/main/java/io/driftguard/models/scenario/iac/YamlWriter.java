package io.driftguard.models.scenario.iac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Block-style YAML for manifests, CloudFormation templates and config files, written by
 * SnakeYAML's emitter: it quotes whatever a reader would otherwise take for something else (a
 * {@code key: value} inside a string, a leading {@code -} or {@code #}, {@code yes}/{@code no}/{@code on},
 * numbers and dates meant as text). Maps keep their insertion order, so the output is stable.
 *
 * <p>The CloudFormation short intrinsic tags ({@code !Ref}, {@code !Sub}) appear as tags, the way
 * people write templates ({@link Tagged}); SnakeYAML always quotes a tagged scalar
 * ({@code !Ref 'ServiceName'}), which CloudFormation reads the same as the bare form.
 */
public final class YamlWriter {

    /** A scalar carrying a local tag, such as {@code !Ref WebSecurityGroup}. */
    public record Tagged(String tag, String value) {}

    private YamlWriter() {}

    /** One document; {@code root} is a tree of maps, lists, scalars, {@link Tagged} values and Jackson nodes. */
    public static String document(Object root) {
        return yaml().dump(plain(root));
    }

    /** Several documents separated by {@code ---}, as one manifest file holds several objects. */
    public static String documents(List<?> roots) {
        List<Object> plain = new ArrayList<>(roots.size());
        for (Object root : roots) {
            plain.add(plain(root));
        }
        return yaml().dumpAll(plain.iterator());
    }

    /** A fresh emitter per call: SnakeYAML's are not thread-safe, and the demo streams while a replay writes. */
    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        // Never fold long values (policy documents, ARNs, descriptions) over several lines.
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return new Yaml(new BlockRepresenter(options), options);
    }

    /**
     * A deep copy as plain maps, lists and scalars: Jackson nodes become what they hold, and a map or
     * list that appears twice in the tree is written twice, never as a YAML anchor and alias.
     */
    private static Object plain(Object value) {
        if (value instanceof JsonNode node) {
            return plain(node);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), plain(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        throw new IllegalArgumentException("no YAML form for a " + node.getNodeType() + " node");
    }

    /** Tagged scalars as tags; text of several lines as a literal block ({@code |}) rather than a quoted run of {@code \n}. */
    private static final class BlockRepresenter extends Representer {

        BlockRepresenter(DumperOptions options) {
            super(options);
            representers.put(
                    Tagged.class, data -> representScalar(new Tag(((Tagged) data).tag()), ((Tagged) data).value()));
            Represent string = representers.get(String.class);
            representers.put(
                    String.class,
                    data -> ((String) data).indexOf('\n') >= 0
                            ? representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.LITERAL)
                            : string.representData(data));
        }
    }
}
