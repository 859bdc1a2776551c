package io.driftguard.pipeline.replay;

import io.driftguard.core.json.Json;
import io.driftguard.ingest.RawRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parse ceiling of {@code bench/replay-throughput.sh}: how fast this machine merely reads a
 * replay folder's files into records and builds a Jackson tree of every record, on N threads (files
 * dealt round-robin), with no job around it. A replay that builds a tree for every record cannot
 * beat this; one that never builds a tree for a read can.
 *
 * <pre>java -cp CLASSPATH io.driftguard.pipeline.replay.ParseCeiling DIR [threads]</pre>
 *
 * Prints one line: {@code ceiling records=N seconds=S per_second=R threads=T cpu_seconds=C}.
 */
public final class ParseCeiling {

    private ParseCeiling() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<ReplayFileSource.FileRef> files = new ReplayFolder(dir)
                .inputFiles().stream().map(ReplayFileSource.FileRef::of).toList();
        AtomicLong records = new AtomicLong();
        AtomicLong fields = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread w = new Thread(
                    () -> {
                        long n = 0;
                        long f = 0;
                        for (int i = me; i < files.size(); i += threads) {
                            Iterator<RawRecord> it = ReplayFileReader.fileRecords(files.get(i));
                            while (it.hasNext()) {
                                RawRecord r = it.next();
                                try {
                                    f += Json.MAPPER.readTree(r.payload()).size();
                                } catch (java.io.IOException | RuntimeException e) {
                                    // unreadable records count as read: the ceiling is the work, not the verdict
                                }
                                n++;
                            }
                        }
                        records.addAndGet(n);
                        fields.addAndGet(f);
                        cpuNanos.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean()
                                .getCurrentThreadCpuTime());
                    },
                    "parse-ceiling-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "ceiling records=%d seconds=%.1f per_second=%.0f threads=%d cpu_seconds=%.1f (top-level fields %d)%n",
                records.get(),
                seconds,
                records.get() / seconds,
                threads,
                cpuNanos.get() / 1e9,
                fields.get());
    }
}
