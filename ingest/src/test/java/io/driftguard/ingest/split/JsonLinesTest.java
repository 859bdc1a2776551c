package io.driftguard.ingest.split;

import static io.driftguard.ingest.split.Splits.CONNECTOR;
import static io.driftguard.ingest.split.Splits.TREES;
import static io.driftguard.ingest.split.Splits.ids;
import static io.driftguard.ingest.split.Splits.positions;
import static io.driftguard.ingest.split.Splits.record;
import static io.driftguard.ingest.split.Splits.slices;
import static io.driftguard.ingest.split.Splits.trailLog;
import static io.driftguard.ingest.split.Splits.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.ingest.split.SplitOptions.Layout;
import org.junit.jupiter.api.Test;

/** JSON lines: one value per line, positions that name lines, one bad line costs one rejection. */
class JsonLinesTest {

    @Test
    void linesAreRecognisedByContentAndNamedByLine() {
        String lines = "{\"insertId\":\"a\"}\n\n{\"insertId\":\"b\"}\r\n";
        SplitResult r = TREES.split(utf8(lines));
        assertThat(ids(r, "insertId")).containsExactly("a", "b");
        assertThat(positions(r)).containsExactly(":1", ":3");
        assertThat(r.shape()).isEqualTo(Shape.BATCH);
    }

    @Test
    void aSingleLineOrAPrettyPrintedDocumentIsNotJsonLines() {
        assertThat(positions(TREES.split(utf8(trailLog(2) + "\n")))).containsExactly("#0", "#1");
        assertThat(positions(TREES.split(utf8("{\n  \"Records\": [\n" + record(0) + "\n]}\n"))))
                .containsExactly("#0");
        assertThat(positions(TREES.split(utf8("[\n" + record(0) + ",\n" + record(1) + "\n]"))))
                .containsExactly("#0", "#1");
    }

    @Test
    void aMalformedLineCostsOnlyThatLine() {
        String lines =
                "{\"insertId\":\"a\"}\n{\"insertId\": broken}\n\n{\"insertId\":\"c\"}\n{\"insertId\":\"d\"} {}\n";
        SplitResult r = TREES.split(utf8(lines));
        assertThat(ids(r, "insertId")).containsExactly("a", "c");
        assertThat(positions(r)).containsExactly(":1", ":4");
        assertThat(r.rejections()).extracting(x -> x.position().toString()).containsExactly(":2", ":5");
        assertThat(r.rejections()).allSatisfy(x -> {
            assertThat(x.problem()).isEqualTo(Problem.MALFORMED_JSON);
            assertThat(x.reason()).startsWith("malformed JSON: ");
        });
        assertThat(r.rejections().get(1).reason()).contains("more than one JSON value on the line");
    }

    @Test
    void anEnvelopeOnALineYieldsItsRecordsNumberedWithinTheLine() {
        String lines = trailLog(2) + "\n" + "{\"kind\":\"EventList\",\"items\":[{\"auditID\":\"x\"},42]}\n";
        SplitResult r = TREES.split(utf8(lines));
        assertThat(positions(r)).containsExactly(":1#0", ":1#1", ":2#0", ":2#1");
        SplitResult exact = CONNECTOR.split(utf8(lines));
        assertThat(slices(exact)).containsExactly(record(0), record(1), "{\"auditID\":\"x\"}");
        assertThat(exact.rejections()).singleElement().satisfies(x -> {
            assertThat(x.position().toString()).isEqualTo(":2#1");
            assertThat(x.reason()).isEqualTo("items[1] is a number, not a JSON object");
        });
    }

    @Test
    void aMalformedLineLeavesNoRecordOfItBehind() {
        // the line's envelope is cut off after one good record: that record does not count
        String lines = record(0) + "\n{\"Records\":[" + record(1) + ",{\"eventID\":}]}\n" + record(2) + "\n";
        SplitResult r = TREES.split(utf8(lines));
        assertThat(ids(r, "eventID")).containsExactly("e0", "e2");
        assertThat(r.rejections())
                .singleElement()
                .satisfies(x -> assertThat(x.position().toString()).isEqualTo(":2"));
    }

    @Test
    void fileNamesSayWhichFilesAreJsonLines() {
        assertThat(Layout.ofFileName("2026-03-01.jsonl")).isEqualTo(Layout.LINES);
        assertThat(Layout.ofFileName("x.JSONL.gz")).isEqualTo(Layout.LINES);
        assertThat(Layout.ofFileName("x.ndjson")).isEqualTo(Layout.LINES);
        assertThat(Layout.ofFileName("111122223333_CloudTrail_eu-west-1_20260301T1000Z_a1.json.gz"))
                .isEqualTo(Layout.DOCUMENT);
        assertThat(Layout.ofFileName("batch.json")).isEqualTo(Layout.DOCUMENT);
    }
}
