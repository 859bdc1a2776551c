package io.driftguard.pipeline.replay;

import io.driftguard.ingest.iac.IacProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Counters the replay command prints. In the command's own MiniCluster the source, the sinks and the
 * printer share these; on a session cluster they live in each task manager's JVM, and the records read and
 * the records behind the watermark travel back to the command as accumulators ({@link #publish}), while
 * findings and rejected records are counted in their files.
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

    /** Accumulator names: what {@code env.execute()} returns, summed over the task managers. */
    static final String RECORDS_ACCUMULATOR = "driftguard-replay-records";

    static final String LATE_ACCUMULATOR = "driftguard-replay-late";

    /** Declared resources the IaC merge emitted ({@link DeclaredStateMerge}). */
    static final String DECLARED_ACCUMULATOR = "driftguard-replay-declared";

    /** The IaC files, documents and conflicts the job could not use, as {@link OrderedProblem}s. */
    static final String IAC_PROBLEMS_ACCUMULATOR = "driftguard-replay-iac-problems";

    private static final AtomicBoolean PUBLISHED = new AtomicBoolean();

    /**
     * An IaC problem with its place in reading order: the unit (file or stack) it was found in and its
     * sequence there; merge conflicts come after every file's problems, in the order of the resource's
     * first part. Travels back to the command in an accumulator, from any task manager.
     */
    record OrderedProblem(long unit, long sequence, String file, String reason) implements java.io.Serializable {

        static OrderedProblem ofFile(int unit, int sequence, IacProblem p) {
            return new OrderedProblem(unit, sequence, p.file(), p.reason());
        }

        static OrderedProblem ofConflict(long order, IacProblem p) {
            return new OrderedProblem(Long.MAX_VALUE, order, p.file(), p.reason());
        }
    }

    /** The IaC problems of a run, in reading order, conflicts last. */
    static List<IacProblem> inReadingOrder(List<OrderedProblem> problems) {
        List<OrderedProblem> all = new ArrayList<>(problems);
        all.sort(Comparator.comparingLong(OrderedProblem::unit).thenComparingLong(OrderedProblem::sequence));
        return all.stream().map(o -> new IacProblem(o.file(), o.reason())).toList();
    }

    /** The merge's accumulators: declared resources, and the IaC problems it was handed or found. */
    record IacAccumulators(LongCounter declared, ListAccumulator<OrderedProblem> problems) {}

    static IacAccumulators registerIac(RuntimeContext ctx) {
        return new IacAccumulators(
                counter(ctx, DECLARED_ACCUMULATOR),
                accumulator(ctx, IAC_PROBLEMS_ACCUMULATOR, ListAccumulator.class, ListAccumulator::new));
    }

    private ReplayProgress() {}

    static void reset() {
        RECORDS_READ.set(0);
        FINDINGS.set(0);
        REJECTED.set(0);
        LATE.set(0);
        PUBLISHED.set(false);
    }

    /** The accumulators one operator instance adds this JVM's counts to; register in {@code open}. */
    public record Accumulators(LongCounter records, LongCounter late) {}

    public static Accumulators register(RuntimeContext ctx) {
        return new Accumulators(counter(ctx, RECORDS_ACCUMULATOR), counter(ctx, LATE_ACCUMULATOR));
    }

    private static LongCounter counter(RuntimeContext ctx, String name) {
        return accumulator(ctx, name, LongCounter.class, LongCounter::new);
    }

    /** The context's accumulator of that name, added unless it is there (an operator harness reopens in one context). */
    @SuppressWarnings("unchecked")
    private static <V, R extends java.io.Serializable, A extends Accumulator<V, R>> A accumulator(
            RuntimeContext ctx, String name, Class<?> type, Supplier<A> create) {
        Accumulator<V, R> present = ctx.getAccumulator(name);
        if (type.isInstance(present)) {
            return (A) present;
        }
        A made = create.get();
        ctx.addAccumulator(name, made);
        return made;
    }

    /**
     * Adds this JVM's records read and records behind the watermark, once per JVM however many of the
     * calling operator's instances it runs. The caller closes only after every source instance has finished
     * (it is keyed behind them), and it has an instance in every slot that runs a source (same parallelism,
     * one slot-sharing group), so the sum over the task managers is the whole input's.
     */
    public static void publish(Accumulators a) {
        if (PUBLISHED.compareAndSet(false, true)) {
            a.records().add(RECORDS_READ.get());
            a.late().add(LATE.get());
        }
    }
}
