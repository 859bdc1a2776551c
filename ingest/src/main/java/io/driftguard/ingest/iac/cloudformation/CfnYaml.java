package io.driftguard.ingest.iac.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML, whose short intrinsic tags ({@code !Ref X}, {@code !GetAtt A.B},
 * {@code !Sub …}) a safe loader rejects, into the same JSON tree the long form gives
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "B"]}}). Timestamps stay text, so a policy's
 * {@code Version: 2012-10-17} is not turned into a date.
 */
public final class CfnYaml {

    private static final List<String> FUNCTIONS = List.of(
            "Base64",
            "Cidr",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "ImportValue",
            "Join",
            "Select",
            "Split",
            "Sub",
            "Transform",
            "If",
            "Equals",
            "And",
            "Or",
            "Not",
            "Length",
            "ToJsonString");

    private CfnYaml() {}

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with the parser's message for text that is not YAML
     */
    public static JsonNode parse(String text) {
        Object loaded;
        try {
            loaded = new Yaml(new Constructor()).load(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return Json.MAPPER.valueToTree(loaded);
    }

    private static final class Constructor extends SafeConstructor {
        Constructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref", false));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition", false));
            for (String f : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + f), new Intrinsic("Fn::" + f, f.equals("GetAtt")));
            }
            yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return ((ScalarNode) node).getValue();
                }
            });
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;
            private final boolean dotted;

            Intrinsic(String key, boolean dotted) {
                this.key = key;
                this.dotted = dotted;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode s) {
                    String text = s.getValue();
                    // !GetAtt Resource.Attribute is the short form of ["Resource", "Attribute"].
                    value = dotted && text.contains(".") ? new ArrayList<>(Arrays.asList(text.split("\\.", 2))) : text;
                } else if (node instanceof SequenceNode q) {
                    value = constructSequence(q);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(key, value);
                return out;
            }
        }
    }
}
