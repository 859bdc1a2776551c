package io.driftguard.ingest.split;

import static io.driftguard.ingest.split.Splits.TREES;
import static io.driftguard.ingest.split.Splits.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A big input is split record by record as it is read: never held as one tree, nor as one array. */
class StreamingTest {

    /** Records {@code {"eventID":"1",…}} … {@code "n"}, about 500 bytes each, generated as they are read. */
    private static final class GeneratedRecords extends InputStream {
        private final int n;
        private final String before;
        private final String between;
        private final String after;
        private int next;
        private byte[] chunk = new byte[0];
        private int pos;
        long read;

        GeneratedRecords(int n, String before, String between, String after) {
            this.n = n;
            this.before = before;
            this.between = between;
            this.after = after;
        }

        @Override
        public int read() {
            while (pos == chunk.length) {
                if (next > n + 1) {
                    return -1;
                }
                chunk = utf8(next == 0 ? before : next > n ? after : (next > 1 ? between : "") + record(next));
                next++;
                pos = 0;
            }
            read++;
            return chunk[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int k = 0; k < len; k++) {
                int c = read();
                if (c < 0) {
                    return k == 0 ? -1 : k;
                }
                b[off + k] = (byte) c;
            }
            return len;
        }

        private static String record(int i) {
            return "{\"eventID\":\"" + i
                    + "\",\"eventName\":\"DescribeInstances\",\"eventSource\":\"ec2.amazonaws.com\"," + "\"pad\":\""
                    + "x".repeat(420) + "\"}";
        }
    }

    /** Counts records, checks their order, and notes how much had been read when the first arrived. */
    private static final class Counter implements RecordSink {
        private final GeneratedRecords in;
        long records;
        long readAtFirst = -1;
        String lastPosition;

        Counter(GeneratedRecords in) {
            this.in = in;
        }

        @Override
        public void record(Position position, byte[] bytes, JsonNode tree) {
            if (records++ == 0) {
                readAtFirst = in.read;
            }
            assertThat(tree.path("eventID").asText()).isEqualTo(Long.toString(records));
            lastPosition = position.toString();
        }

        @Override
        public void rejected(Rejection r) {
            throw new AssertionError(r.position() + ": " + r.reason());
        }
    }

    @Test
    void aHundredMegabyteLogFileIsSplitWhileItIsRead() {
        GeneratedRecords in = new GeneratedRecords(200_000, "{\"Records\":[", ",", "]}");
        Counter sink = new Counter(in);
        TREES.split(in, sink);
        assertThat(sink.records).isEqualTo(200_000);
        assertThat(sink.lastPosition).isEqualTo("#199999");
        assertThat(in.read).isGreaterThan(100_000_000L);
        assertThat(sink.readAtFirst)
                .as("bytes read when the first record arrived")
                .isLessThan(2_000_000L);
    }

    @Test
    void jsonLinesAreSplitWhileTheyAreRead() {
        GeneratedRecords in = new GeneratedRecords(50_000, "", "\n", "\n");
        Counter sink = new Counter(in);
        TREES.split(in, sink);
        assertThat(sink.records).isEqualTo(50_000);
        assertThat(sink.lastPosition).isEqualTo(":50000");
        assertThat(sink.readAtFirst)
                .as("bytes read when the first record arrived")
                .isLessThan(2_000_000L);
    }
}
