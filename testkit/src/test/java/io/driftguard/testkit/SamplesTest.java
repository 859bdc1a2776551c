package io.driftguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples the kit carries: every file accounted for in NOTICE, readable from a folder or a jar. */
class SamplesTest {

    /** {@code file | repository @ commit | path | how | licence}, as NOTICE lists each file. */
    private static final Pattern ROW = Pattern.compile("^(\\S+/\\S+) \\| (.+) \\| (.+) \\| (\\S+) \\| (\\S+)$");

    private static final ObjectMapper JSON = new ObjectMapper();

    record Row(String file, String source, String how, String licence) {}

    static Map<String, Row> notice() {
        Map<String, Row> rows = new TreeMap<>();
        for (String line : Samples.text("NOTICE").split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                assertThat(rows.put(m.group(1), new Row(m.group(1), m.group(2), m.group(4), m.group(5))))
                        .as("listed twice: " + m.group(1))
                        .isNull();
            }
        }
        return rows;
    }

    static List<String> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.equals("NOTICE") && !f.equals("README.md"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void noticeListsEveryFileAndNothingElse() throws Exception {
        assertThat(notice().keySet()).containsExactlyElementsOf(files(Samples.root()));
    }

    @Test
    void copiedFilesCarryALicenceThatAllowsItAndOwnFilesSayTheyAreOwn() {
        for (Row row : notice().values()) {
            String name = row.file().substring(row.file().indexOf('/') + 1);
            assertThat(name)
                    .as("CC-BY-SA and BUSL files stay out")
                    .doesNotStartWith("awsdocs-")
                    .doesNotStartWith("hashicorp-");
            assertThat(row.licence()).as(row.file()).isIn("Apache-2.0", "MIT", "CC-BY-4.0");
            if (name.startsWith("driftguard-")) {
                assertThat(row.how()).as(row.file()).isEqualTo("own");
            } else {
                assertThat(row.how()).as(row.file()).isIn("copy", "panther-yaml", "doc-block", "read-file");
                assertThat(row.source()).as(row.file()).matches("\\S+/\\S+ @ [0-9a-f]{40}");
            }
        }
    }

    @Test
    void aMissingSampleFailsTheTestInsteadOfSkippingIt() {
        assertThatThrownBy(() -> Samples.path("aws-cloudtrail", "no-such-file.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-file.json");
        assertThatThrownBy(() -> Samples.list("no-such-folder", ".json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Samples.list("terraform", ".nothing")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listingIsSortedAndFiltered() {
        List<Path> states = Samples.list("terraform", ".tfstate");
        assertThat(states).isNotEmpty().allMatch(p -> p.getFileName().toString().endsWith(".tfstate"));
        assertThat(states)
                .isSortedAccordingTo((a, b) ->
                        a.getFileName().toString().compareTo(b.getFileName().toString()));
        assertThat(Samples.path("terraform/" + states.get(0).getFileName())).isEqualTo(states.get(0));
    }

    /** What other modules see: the kit as a jar, its samples copied out byte for byte. */
    @Test
    void samplesInsideAJarAreCopiedOutUnchanged(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("kit.jar");
        List<String> files = files(Samples.root());
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("io/driftguard/testkit/Samples.class"));
            j.closeEntry();
            for (String f : Stream.concat(files.stream(), Stream.of("NOTICE")).toList()) {
                j.putNextEntry(new JarEntry("samples/" + f));
                j.write(Files.readAllBytes(Samples.root().resolve(f)));
                j.closeEntry();
            }
        }
        Path copied = Samples.locate(jar);
        assertThat(copied).isNotEqualTo(Samples.root());
        assertThat(files(copied)).isEqualTo(files);
        for (String f : files) {
            assertThat(Files.readAllBytes(copied.resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(Samples.root().resolve(f)));
        }
    }

    @Test
    void ownCloudFormationDriftOutputsHaveTheApiShape() throws Exception {
        List<JsonNode> drifts = new ArrayList<>();
        JSON.readTree(Samples.bytes("cloudformation/driftguard-describe-stack-resource-drifts.json"))
                .path("StackResourceDrifts")
                .forEach(drifts::add);
        JSON.readTree(Samples.bytes("cloudformation/driftguard-list-stack-instance-resource-drifts.json"))
                .path("Summaries")
                .forEach(drifts::add);
        assertThat(drifts)
                .extracting(d -> d.path("StackResourceDriftStatus").asText())
                .contains("MODIFIED", "DELETED", "IN_SYNC")
                .allMatch(s ->
                        List.of("IN_SYNC", "MODIFIED", "DELETED", "NOT_CHECKED").contains(s));
        for (JsonNode d : drifts) {
            assertThat(d.path("PhysicalResourceId").asText()).isNotEmpty();
            for (String key : List.of("ExpectedProperties", "ActualProperties")) {
                if (d.has(key)) {
                    assertThat(d.get(key).isTextual())
                            .as("%s is a JSON string", key)
                            .isTrue();
                    assertThat(JSON.readTree(d.get(key).asText()).isObject()).isTrue();
                }
            }
            d.path("PropertyDifferences").forEach(p -> {
                assertThat(p.path("DifferenceType").asText()).isIn("ADD", "REMOVE", "NOT_EQUAL");
                assertThat(p.path("PropertyPath").asText()).startsWith("/");
            });
        }
    }

    @Test
    void ownTerraformPlansRecordDriftOutsideTerraform() throws Exception {
        JsonNode update =
                JSON.readTree(Samples.bytes("terraform/driftguard-show-json-plan-resource_drift-update.json"));
        assertThat(update.path("resource_drift"))
                .extracting(d -> d.path("change").path("actions").toString())
                .containsOnly("[\"update\"]");
        assertThat(update.path("prior_state").path("values").path("root_module").isObject())
                .isTrue();
        JsonNode delete =
                JSON.readTree(Samples.bytes("terraform/driftguard-show-json-plan-resource_drift-delete.json"));
        assertThat(delete.path("resource_drift")).allSatisfy(d -> {
            assertThat(d.path("change").path("actions").toString()).isEqualTo("[\"delete\"]");
            assertThat(d.path("change").path("after").isNull()).isTrue();
        });
        JsonNode state = JSON.readTree(Samples.bytes("terraform/driftguard-aws-web-prod.tfstate"));
        assertThat(state.path("version").asInt()).isEqualTo(4);
    }
}
