package io.driftguard.pipeline.replay;

import io.driftguard.ingest.iac.IacProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    /** Declared resources the IaC source's merge emitted. */
    static final AtomicLong DECLARED = new AtomicLong();

    private record OrderedProblem(long unit, long sequence, IacProblem problem) {}

    private static final AtomicLong PROBLEM_SEQUENCE = new AtomicLong();
    private static final ConcurrentLinkedQueue<OrderedProblem> IAC_PROBLEMS = new ConcurrentLinkedQueue<>();

    private ReplayProgress() {}

    /** A file or document of {@code iac/} that was not read, found in the unit with this ordinal. */
    static void iacProblem(int unit, IacProblem problem) {
        IAC_PROBLEMS.add(new OrderedProblem(unit, PROBLEM_SEQUENCE.incrementAndGet(), problem));
    }

    /** Two IaC resources declaring the same resource; after every file's problems. */
    static void iacConflict(long order, IacProblem problem) {
        IAC_PROBLEMS.add(new OrderedProblem(Long.MAX_VALUE, order, problem));
    }

    /** The IaC problems of the run, in reading order, conflicts last. */
    static List<IacProblem> iacProblems() {
        List<OrderedProblem> all = new ArrayList<>(IAC_PROBLEMS);
        all.sort(Comparator.comparingLong(OrderedProblem::unit).thenComparingLong(OrderedProblem::sequence));
        return all.stream().map(OrderedProblem::problem).toList();
    }

    static void reset() {
        RECORDS_READ.set(0);
        FINDINGS.set(0);
        REJECTED.set(0);
        LATE.set(0);
        DECLARED.set(0);
        IAC_PROBLEMS.clear();
    }
}
