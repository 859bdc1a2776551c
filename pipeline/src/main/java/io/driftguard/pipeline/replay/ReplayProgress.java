package io.driftguard.pipeline.replay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters the replay command prints as progress. Replay runs the job in a MiniCluster inside the
 * command's own JVM, so the source, the sinks and the printer share these; a cluster deployment
 * reads the Flink metrics instead.
 */
public final class ReplayProgress {

    static final AtomicLong RECORDS_READ = new AtomicLong();
    static final AtomicLong FINDINGS = new AtomicLong();
    static final AtomicLong REJECTED = new AtomicLong();
    /**
     * Records that arrived behind the watermark of their stream (more out of order than the bound
     * allows): a change among them may be applied out of order. Zero on well-ordered input.
     */
    public static final AtomicLong LATE = new AtomicLong();

    private ReplayProgress() {}

    static void reset() {
        RECORDS_READ.set(0);
        FINDINGS.set(0);
        REJECTED.set(0);
        LATE.set(0);
    }
}
