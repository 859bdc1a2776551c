package io.driftguard.models.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.testkit.Samples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator must not invent field names: every top-level field of a generated record (and of
 * its identity block) appears in some real provider sample of the same format.
 */
class NativeFieldsAgainstSamplesTest {

    @TempDir
    static Path tmp;

    static List<ReplayFolderShapes.Rec> records;

    @BeforeAll
    static void generate() throws IOException {
        Path folder = tmp.resolve("run");
        ReplayFolderWriter.write(
                folder, GeneratorOptions.defaults().withScenarios(70).withSeed(3));
        records = ReplayFolderShapes.records(folder);
    }

    private static List<JsonNode> sampleRecords(String dir, String prefix) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : Samples.list(dir, "")) {
            if (f.getFileName().toString().startsWith(prefix)) {
                JsonNode n = Json.MAPPER.readTree(f.toFile());
                if (n.has("Records")) {
                    n.get("Records").forEach(out::add);
                } else if (n.has("records")) {
                    n.get("records").forEach(out::add);
                } else if (n.isArray()) {
                    n.forEach(out::add);
                } else if (n.has("detail")) {
                    out.add(n.get("detail"));
                } else {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static Set<String> keys(List<JsonNode> nodes, String path) {
        Set<String> out = new TreeSet<>();
        for (JsonNode n : nodes) {
            JsonNode at = path.isEmpty() ? n : n.at(path);
            for (Iterator<String> it = at.fieldNames(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        return out;
    }

    private static List<JsonNode> generated(String source) {
        List<JsonNode> out = new ArrayList<>();
        for (ReplayFolderShapes.Rec r : records) {
            if (r.source().equals(source)) {
                out.add(r.node());
            }
        }
        return out;
    }

    @Test
    void cloudTrailFieldsAreCloudTrailsOwn() throws IOException {
        List<JsonNode> real = new ArrayList<>();
        // Only files others wrote: the project's own fixtures (driftguard-*) would make this circular.
        for (String p : List.of("stratus-", "c7n-", "panther-test-")) {
            real.addAll(sampleRecords("aws-cloudtrail", p));
        }
        Set<String> known = keys(real, "");
        known.add("sessionCredentialFromConsole"); // documented in FORMATS.md, newer records
        assertThat(known).containsAll(keys(generated("aws-cloudtrail"), ""));
        Set<String> identity = keys(real, "/userIdentity");
        identity.add("invokedBy"); // service-invoked calls
        assertThat(identity).containsAll(keys(generated("aws-cloudtrail"), "/userIdentity"));
    }

    @Test
    void gcpAuditFieldsAreLogEntryFields() throws IOException {
        List<JsonNode> real = new ArrayList<>(sampleRecords("gcp-audit", "c7n-"));
        real.addAll(sampleRecords("gcp-audit", "panther-test-"));
        Set<String> top = keys(real, "");
        top.add("operation"); // long-running operations (panther-normalized firewalls.patch shows it)
        assertThat(top).containsAll(keys(generated("gcp-audit"), ""));
        Set<String> payload = keys(real, "/protoPayload");
        payload.add("metadata"); // setMetadata sample
        payload.add("request");
        assertThat(payload).containsAll(keys(generated("gcp-audit"), "/protoPayload"));
    }

    @Test
    void azureFieldsAreActivityLogExportFields() throws IOException {
        List<JsonNode> real = new ArrayList<>(sampleRecords("azure-activity", "msdocs-eventhub"));
        real.addAll(sampleRecords("azure-activity", "panther-test-record"));
        assertThat(keys(real, "")).containsAll(keys(generated("azure-activity"), ""));
        assertThat(keys(real, "/identity")).containsAll(keys(generated("azure-activity"), "/identity"));
    }

    @Test
    void kubernetesFieldsAreAuditEventFields() throws IOException {
        List<JsonNode> real = new ArrayList<>(sampleRecords("kubernetes", "falco-"));
        real.addAll(sampleRecords("kubernetes", "panther-test-"));
        Set<String> known = keys(real, "");
        assertThat(known).containsAll(keys(generated("k8s-audit"), ""));
        assertThat(keys(real, "/objectRef")).containsAll(keys(generated("k8s-audit"), "/objectRef"));
    }

    @Test
    void pagerDutyAndAlertmanagerFieldsMatchTheirWebhooks() throws IOException {
        List<JsonNode> pd = new ArrayList<>();
        for (String f : List.of("pagerduty-v3-incident.triggered.json", "pagerduty-v3-incident.resolved.json")) {
            pd.add(Json.MAPPER.readTree(Samples.bytes("tickets", f)));
        }
        Set<String> data = keys(pd, "/event/data");
        data.add("incident_key");
        data.add("created_at");
        assertThat(keys(pd, "/event")).containsAll(keys(generated("pagerduty"), "/event"));
        assertThat(data).containsAll(keys(generated("pagerduty"), "/event/data"));
        List<JsonNode> am = sampleRecords("monitoring", "");
        Set<String> amKeys = keys(am, "");
        amKeys.add("truncatedAlerts"); // version 4 field, documented in FORMATS.md, absent from both samples
        assertThat(amKeys).containsAll(keys(generated("alertmanager"), ""));
    }
}
