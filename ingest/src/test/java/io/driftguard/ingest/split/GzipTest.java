package io.driftguard.ingest.split;

import static io.driftguard.ingest.split.Splits.CONNECTOR;
import static io.driftguard.ingest.split.Splits.REPLAY_DOCUMENT;
import static io.driftguard.ingest.split.Splits.REPLAY_LINES;
import static io.driftguard.ingest.split.Splits.TREES;
import static io.driftguard.ingest.split.Splits.gzip;
import static io.driftguard.ingest.split.Splits.ids;
import static io.driftguard.ingest.split.Splits.positions;
import static io.driftguard.ingest.split.Splits.slices;
import static io.driftguard.ingest.split.Splits.trailLog;
import static io.driftguard.ingest.split.Splits.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Gzip is recognised by its magic bytes; a broken stream keeps the records before the break. */
class GzipTest {

    @Test
    void gzipIsRecognisedByItsBytesNotItsName() {
        byte[] plain = utf8(trailLog(3));
        assertThat(slices(REPLAY_DOCUMENT.split(gzip(plain)))).isEqualTo(slices(REPLAY_DOCUMENT.split(plain)));
        assertThat(ids(TREES.split(new ByteArrayInputStream(gzip(plain))), "eventID"))
                .containsExactly("e0", "e1", "e2");
        assertThat(positions(REPLAY_LINES.split(gzip(utf8("{\"a\":1}\n{\"a\":2}\n")))))
                .containsExactly(":1", ":2");
    }

    @Test
    void truncatedGzipKeepsTheRecordsBeforeTheCutAndSaysSo() {
        byte[] whole = gzip(utf8(trailLog(5000)));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        for (SplitResult r :
                new SplitResult[] {REPLAY_DOCUMENT.split(cut), TREES.split(new ByteArrayInputStream(cut))}) {
            assertThat(r.records()).isNotEmpty().hasSizeLessThan(5000);
            Rejection gz = r.rejections().get(r.rejections().size() - 1);
            assertThat(gz.problem()).isEqualTo(Problem.BAD_GZIP);
            assertThat(gz.position()).isEqualTo(Position.WHOLE_INPUT);
            assertThat(gz.reason())
                    .startsWith("truncated or corrupt gzip data: ")
                    .endsWith("; the " + r.records().size() + " records before it were kept");
        }
        // in memory, the record the cut went through is malformed JSON at its own position first
        SplitResult inMemory = REPLAY_DOCUMENT.split(cut);
        assertThat(inMemory.rejections().get(0).problem()).isEqualTo(Problem.MALFORMED_JSON);
        assertThat(inMemory.rejections().get(0).position().toString())
                .isEqualTo("#" + inMemory.records().size());
    }

    @Test
    void corruptOrEmptyGzip() {
        byte[] garbage = utf8("..not deflate at all");
        garbage[0] = 0x1f; // the gzip magic bytes, then nonsense
        garbage[1] = (byte) 0x8b;
        SplitResult r = REPLAY_DOCUMENT.split(garbage);
        assertThat(r.records()).isEmpty();
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.problem()).isEqualTo(Problem.BAD_GZIP);
            assertThat(x.reason())
                    .startsWith("truncated or corrupt gzip data: ")
                    .doesNotContain("records before it");
        });
        SplitResult empty = REPLAY_DOCUMENT.split(gzip(new byte[0]));
        assertThat(empty.records()).isEmpty();
        assertThat(empty.rejections()).isEmpty();
        assertThat(empty.shape()).isEqualTo(Shape.NOTHING);
    }

    @Test
    void allOrNothingRejectsABrokenGzipPayloadWhole() {
        byte[] whole = gzip(utf8(trailLog(5000)));
        SplitResult r = CONNECTOR.split(Arrays.copyOf(whole, whole.length / 2));
        assertThat(r.records()).isEmpty();
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.problem()).isEqualTo(Problem.BAD_GZIP);
            assertThat(x.reason())
                    .startsWith("truncated or corrupt gzip data: ")
                    .doesNotContain("kept");
        });
        assertThat(CONNECTOR.split(whole).records()).hasSize(5000);
    }
}
