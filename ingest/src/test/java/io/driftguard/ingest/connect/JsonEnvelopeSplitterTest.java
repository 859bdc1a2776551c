package io.driftguard.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonEnvelopeSplitterTest {

    private final JsonEnvelopeSplitter splitter = new JsonEnvelopeSplitter();

    @Test
    void cloudTrailFileIsCutIntoTheExactBytesOfEachRecord() throws Exception {
        byte[] file = Samples.bytes("aws-cloudtrail/driftguard-records-s3-ListBuckets-PutBucketAcl-GetBucketVersioning.json");
        var result = splitter.split(Sources.AWS_CLOUDTRAIL, file);

        assertThat(result.failure()).isNull();
        assertThat(result.records()).hasSize(3);
        var expected = Json.MAPPER.readTree(file).path("Records");
        for (var part : result.records()) {
            assertThat(Json.MAPPER.readTree(part.bytes())).isEqualTo(expected.get(Integer.parseInt(part.position().substring(1))));
            assertThat(part.json()).isEqualTo(expected.get(Integer.parseInt(part.position().substring(1))));
            assertThat(new String(file, StandardCharsets.UTF_8)).contains(new String(part.bytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void multiByteCharactersDoNotShiftTheCuts() throws Exception {
        byte[] file = "{\"Records\":[{\"userName\":\"Zoë Ångström ✓\"},{\"userName\":\"李\"}]}".getBytes(StandardCharsets.UTF_8);
        var result = splitter.split(Sources.AWS_CLOUDTRAIL, file);
        assertThat(result.records()).extracting(p -> new String(p.bytes(), StandardCharsets.UTF_8))
                .containsExactly("{\"userName\":\"Zoë Ångström ✓\"}", "{\"userName\":\"李\"}");
    }

    @Test
    void elementsThatAreNotObjectsAreRejectedWithAReasonAndTheRestKept() {
        byte[] batch = "{\"records\":[{\"a\":1},\"oops\",[1,2],{\"b\":2}]}".getBytes(StandardCharsets.UTF_8);
        var result = splitter.split(Sources.AZURE_ACTIVITY, batch);
        assertThat(result.records()).extracting(EnvelopeSplitter.Part::position).containsExactly("#0", "#3");
        assertThat(result.rejected()).extracting(EnvelopeSplitter.Rejected::position).containsExactly("#1", "#2");
        assertThat(result.rejected().get(0).reason()).contains("records[1]").contains("not a JSON object");
        assertThat(new String(result.rejected().get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
    }

    @Test
    void unreadablePayloadsFailWithAReason() {
        assertThat(splitter.split(Sources.AWS_CLOUDTRAIL, "{\"Records\":[{\"a\":".getBytes(StandardCharsets.UTF_8)).failure())
                .startsWith("payload is not valid JSON");
        assertThat(splitter.split(Sources.AWS_CLOUDTRAIL, "{\"digestStartTime\":\"x\"}".getBytes(StandardCharsets.UTF_8)).failure())
                .contains("no \"Records\" array");
        assertThat(splitter.split(Sources.GITHUB, "[1]".getBytes(StandardCharsets.UTF_8)).failure())
                .isEqualTo("payload is not a JSON object");
    }

    @Test
    void otherShapesFallBackToTheParsersSplitter() {
        byte[] lines = "{\"eventID\":\"a\"}\n{\"eventID\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        var result = splitter.split(Sources.AWS_CLOUDTRAIL, lines);
        assertThat(result.failure()).isNull();
        assertThat(result.records()).extracting(EnvelopeSplitter.Part::position).containsExactly(":1", ":2");
        assertThat(result.records()).extracting(p -> p.json().path("eventID").asText()).containsExactly("a", "b");

        byte[] bareArray = "[{\"eventID\":\"a\"},{\"eventID\":\"b\"}]".getBytes(StandardCharsets.UTF_8);
        assertThat(splitter.split(Sources.AWS_CLOUDTRAIL, bareArray).records()).hasSize(2);
    }

    @Test
    void kubernetesAcceptsAnEventListOrASingleEvent() throws Exception {
        byte[] event = Samples.bytes("kubernetes/panther-test-audit-event-clusterrole-update.json");
        assertThat(splitter.split(Sources.K8S_AUDIT, event).records()).hasSize(1);
        String list = "{\"kind\":\"EventList\",\"items\":[" + new String(event, StandardCharsets.UTF_8) + "]}";
        assertThat(splitter.split(Sources.K8S_AUDIT, list.getBytes(StandardCharsets.UTF_8)).records()).hasSize(1);
    }
}
