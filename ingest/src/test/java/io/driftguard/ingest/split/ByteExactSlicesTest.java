package io.driftguard.ingest.split;

import static io.driftguard.ingest.split.Splits.CONNECTOR;
import static io.driftguard.ingest.split.Splits.REPLAY_DOCUMENT;
import static io.driftguard.ingest.split.Splits.REPLAY_LINES;
import static io.driftguard.ingest.split.Splits.positions;
import static io.driftguard.ingest.split.Splits.slices;
import static io.driftguard.ingest.split.Splits.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.json.Json;
import io.driftguard.testkit.Samples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Records leave the splitter as the provider wrote them, byte for byte. */
class ByteExactSlicesTest {

    @Test
    void eachRecordIsTheExactTextOfTheFile() throws Exception {
        byte[] file =
                Samples.bytes("aws-cloudtrail/driftguard-records-s3-ListBuckets-PutBucketAcl-GetBucketVersioning.json");
        String text = new String(file, StandardCharsets.UTF_8);
        var expected = Json.MAPPER.readTree(file).path("Records");
        SplitResult r = REPLAY_DOCUMENT.split(file);
        assertThat(r.records()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            String slice = slices(r).get(i);
            assertThat(text).contains(slice);
            assertThat(slice).startsWith("{").endsWith("}");
            assertThat(Json.MAPPER.readTree(slice)).isEqualTo(expected.get(i));
        }
    }

    @Test
    void multiByteCharactersDoNotShiftTheCuts() {
        byte[] file = utf8("{\"Records\":[{\"userName\":\"Zoë Ångström ✓\"},{\"userName\":\"李\"}]}");
        assertThat(slices(REPLAY_DOCUMENT.split(file)))
                .containsExactly("{\"userName\":\"Zoë Ångström ✓\"}", "{\"userName\":\"李\"}");
    }

    @Test
    void whitespaceInsideARecordIsKeptAndAroundItIsNot() {
        String pretty = "[\n  {\n    \"eventID\" : \"a\",\n    \"n\" : [ 1, 2 ]\n  },\n  {\"eventID\":\"b\"}\n]\n";
        assertThat(slices(REPLAY_DOCUMENT.split(utf8(pretty))))
                .containsExactly("{\n    \"eventID\" : \"a\",\n    \"n\" : [ 1, 2 ]\n  }", "{\"eventID\":\"b\"}");
        assertThat(slices(CONNECTOR.split(utf8("  {\"insertId\":\"i1\"}\n")))).containsExactly("{\"insertId\":\"i1\"}");
    }

    @Test
    void slicesAndTreesComeFromOnePassAndAgree() throws Exception {
        byte[] file = Samples.bytes("aws-cloudtrail/driftguard-records-iam-CreateUser.json");
        for (SplitRecord r : CONNECTOR.split(file).records()) {
            assertThat(Json.MAPPER.readTree(r.bytes())).isEqualTo(r.tree());
        }
    }

    @Test
    void valuesThatAreNotObjectsAreCutWhole() {
        // replay passes them on for the parser to reject with its own reason
        SplitResult r = REPLAY_DOCUMENT.split(utf8("{\"Records\":[\"oops\", [1, 2], 42, null, {\"a\":1}]}"));
        assertThat(slices(r)).containsExactly("\"oops\"", "[1, 2]", "42", "null", "{\"a\":1}");
        assertThat(positions(r)).containsExactly("#0", "#1", "#2", "#3", "#4");
    }

    @Test
    void jsonLinesAreCutAtNewlinesAndNotReadForSlices() {
        // the parse operator reads each line once, and rejects a bad one with its line number
        String lines = "{\"time\":\"t1\"}\r\n\n   \n{\"time\": broken}\n  {\"time\":\"t5\"}  ";
        SplitResult r = REPLAY_LINES.split(utf8(lines));
        assertThat(slices(r)).containsExactly("{\"time\":\"t1\"}", "{\"time\": broken}", "{\"time\":\"t5\"}");
        assertThat(positions(r)).containsExactly(":1", ":4", ":5");
        assertThat(r.rejections()).isEmpty();
    }
}
