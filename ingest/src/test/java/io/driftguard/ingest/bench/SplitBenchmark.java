package io.driftguard.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.ThreadMXBean;
import io.driftguard.ingest.split.EnvelopeSplitter;
import io.driftguard.ingest.split.Position;
import io.driftguard.ingest.split.RecordSink;
import io.driftguard.ingest.split.Rejection;
import io.driftguard.ingest.split.SplitOptions;
import io.driftguard.ingest.split.SplitOptions.Layout;
import io.driftguard.ingest.split.SplitOptions.NonObjects;
import io.driftguard.ingest.split.SplitOptions.OnBadInput;
import io.driftguard.ingest.split.SplitOptions.Output;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Split-only throughput of a replay folder ({@code driftguard generate --output DIR}) on one thread,
 * with replay's options: every file under {@code DIR/events} read and cut into byte slices, nothing
 * parsed. Prints records/s and the bytes allocated per record (file, gzip buffer, slices, origins).
 *
 * <p>Run: {@code java -cp <test classpath> io.driftguard.ingest.bench.SplitBenchmark DIR [rounds]}
 */
public final class SplitBenchmark {

    private static final EnvelopeSplitter LINES = new EnvelopeSplitter(
            new SplitOptions(Layout.LINES, Output.SLICES, OnBadInput.KEEP_PARTIAL, NonObjects.PASS_ON));
    private static final EnvelopeSplitter DOCUMENTS = new EnvelopeSplitter(
            new SplitOptions(Layout.DOCUMENT, Output.SLICES, OnBadInput.KEEP_PARTIAL, NonObjects.PASS_ON));

    public static void main(String[] args) throws IOException {
        Path events = Path.of(args[0]).resolve("events");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(events)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            Counter counter = new Counter();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (Path f : files) {
                counter.file = f.toString();
                Layout layout = Layout.ofFileName(f.getFileName().toString());
                (layout == Layout.LINES ? LINES : DOCUMENTS).split(Files.readAllBytes(f), counter);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
            System.out.printf(
                    "round %d: %,d records (%,d rejected) from %,d files in %.2f s = %,.0f records/s,"
                            + " %,.1f MB/s of records, %,d bytes allocated per record%n",
                    round,
                    counter.records,
                    counter.rejected,
                    files.size(),
                    secs,
                    counter.records / secs,
                    counter.bytes / secs / 1e6,
                    allocated / Math.max(1, counter.records));
        }
    }

    /** Keeps what replay keeps per record (the origin string), and counts. */
    private static final class Counter implements RecordSink {
        String file;
        long records;
        long rejected;
        long bytes;
        long origins;

        @Override
        public void record(Position position, byte[] slice, JsonNode tree) {
            records++;
            bytes += slice.length;
            origins += position.after(file).length();
        }

        @Override
        public void rejected(Rejection rejection) {
            rejected++;
        }
    }
}
