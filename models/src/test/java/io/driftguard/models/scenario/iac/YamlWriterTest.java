package io.driftguard.models.scenario.iac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

class YamlWriterTest {

    /** Text a hand-written quoting rule gets wrong: each must come back as the same string. */
    static final List<String> TRICKY = List.of(
            "Note: rotate keys",
            "foo:",
            "key: value: more",
            "http://example.com/a?b=c#frag",
            "- leading dash",
            "-",
            "--- not a document",
            "? not a key",
            "#not a comment",
            "a #comment?",
            "a# b",
            "it's",
            "'single'",
            "\"double\"",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "yes",
            "no",
            "on",
            "off",
            "Yes",
            "NO",
            "y",
            "n",
            "true",
            "False",
            "null",
            "Null",
            "~",
            "",
            "8080",
            "007",
            "-1",
            "+1",
            "1.5",
            ".5",
            "1e3",
            "0x1F",
            "0o17",
            "1_000",
            ".inf",
            "-.Inf",
            ".nan",
            "NaN",
            "2010-09-09",
            "2012-10-17",
            "12:30:45",
            "2025-03-03T08:00:00Z",
            "0.0.0.0/0",
            "::/0",
            "arn:aws:iam::*:role/x",
            "*alias",
            "&anchor",
            "!tag",
            "%directive",
            "@at",
            "`tick`",
            "{flow: map}",
            "[flow, seq]",
            "a, b",
            "| literal",
            "> folded",
            " leading space",
            "trailing space ",
            "line one\nline two",
            "ends with newline\n",
            "\nstarts with newline",
            "indented\n  continuation\n",
            "crlf\r\nline",
            "ünïcödé ✓",
            "${AWS::StackName}-x",
            "$ref",
            "<<");

    private static Yaml reader() {
        SafeConstructor c = new SafeConstructor(new LoaderOptions()) {
            {
                for (String tag : List.of("!Ref", "!Sub")) {
                    this.yamlConstructors.put(new Tag(tag), new AbstractConstruct() {
                        @Override
                        public Object construct(Node node) {
                            return new YamlWriter.Tagged(tag, ((ScalarNode) node).getValue());
                        }
                    });
                }
            }
        };
        return new Yaml(c);
    }

    @Test
    void trickyStringsComeBackUnchangedAsValuesKeysAndListItems() {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < TRICKY.size(); i++) {
            doc.put("v" + i, TRICKY.get(i));
            items.add(TRICKY.get(i));
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String s : TRICKY) {
            keys.put(s, "x");
        }
        doc.put("items", items);
        doc.put("keys", keys);

        String yaml = YamlWriter.document(doc);

        Object back = reader().load(yaml);
        assertThat(back).as(yaml).isEqualTo(doc);
    }

    @Test
    void theExampleThatBrokeTheHandWrittenWriterIsQuoted() {
        String yaml = YamlWriter.document(Map.of("comment", "Note: rotate keys"));

        assertThat(yaml).isEqualTo("comment: 'Note: rotate keys'\n");
    }

    @Test
    void scalarsKeepTheirTypesAndOrder() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("port", 8080);
        doc.put("port_text", "8080");
        doc.put("big", 12_345_678_901L);
        doc.put("ratio", 0.5);
        doc.put("enabled", true);
        doc.put("enabled_text", "true");
        doc.put("nothing", null);
        doc.put("empty_map", Map.of());
        doc.put("empty_list", List.of());

        Map<String, Object> back = reader().load(YamlWriter.document(doc));

        assertThat(back).isEqualTo(doc);
        assertThat(back.keySet()).containsExactlyElementsOf(doc.keySet());
    }

    @Test
    void blockStyleReadsLikeAHandWrittenManifest() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "apps/v1");
        doc.put("kind", "Deployment");
        doc.put("metadata", Map.of("name", "checkout"));
        doc.put("containers", List.of(Map.of("name", "app"), "sidecar"));
        doc.put("script", "set -e\necho ready\n");

        assertThat(YamlWriter.document(doc)).isEqualTo("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: checkout
                containers:
                - name: app
                - sidecar
                script: |
                  set -e
                  echo ready
                """);
    }

    @Test
    void cloudFormationShortTagsStayTags() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Value", new YamlWriter.Tagged("!Ref", "WebSecurityGroup"));
        doc.put("Name", new YamlWriter.Tagged("!Sub", "${AWS::StackName}-web: edge"));

        String yaml = YamlWriter.document(doc);

        assertThat(yaml).contains("Value: !Ref ", "Name: !Sub ");
        assertThat((Object) reader().load(yaml)).isEqualTo(doc);
    }

    @Test
    void jacksonNodesAreWrittenAsWhatTheyHold() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("replicas", 3)
                .put("note", "Note: rotate keys")
                .put("ratio", 0.25)
                .put("on", "on")
                .putNull("gone");
        node.putArray("ports").add(80).add("443");
        node.putObject("labels");

        Object back = reader().load(YamlWriter.document(Map.of("spec", node)));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("replicas", 3);
        expected.put("note", "Note: rotate keys");
        expected.put("ratio", 0.25);
        expected.put("on", "on");
        expected.put("gone", null);
        expected.put("ports", List.of(80, "443"));
        expected.put("labels", Map.of());
        assertThat(back).isEqualTo(Map.of("spec", expected));
    }

    @Test
    void aSharedListIsWrittenTwiceNotAsAnAlias() {
        List<String> shared = List.of("a", "b");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("first", shared);
        doc.put("second", shared);

        String yaml = YamlWriter.document(doc);

        assertThat(yaml).doesNotContain("&", "*");
        assertThat((Object) reader().load(yaml)).isEqualTo(doc);
    }

    @Test
    void severalDocumentsAreSeparatedAndReadBackInOrder() {
        List<Object> docs = List.of(Map.of("kind", "Service"), Map.of("kind", "Deployment", "note", "- item: x"));

        String yaml = YamlWriter.documents(docs);

        assertThat(yaml).startsWith("kind: Service\n---\n");
        List<Object> back = new ArrayList<>();
        reader().loadAll(yaml).forEach(back::add);
        assertThat(back).isEqualTo(docs);
    }
}
