package io.driftguard.pipeline;

import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.DeadLetter;
import io.driftguard.core.store.ShadowPrediction;
import io.driftguard.ingest.RawRecord;
import io.driftguard.judge.Judge;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.pipeline.correlation.ContextCorrelationFunction;
import io.driftguard.pipeline.correlation.ContextCorrelationOperator;
import io.driftguard.pipeline.correlation.CorrelatedFinding;
import io.driftguard.pipeline.correlation.ReadActivityFunction;
import io.driftguard.pipeline.correlation.ReadBundle;
import io.driftguard.pipeline.correlation.ReadBundleSerializer;
import io.driftguard.pipeline.correlation.ReadBundler;
import io.driftguard.pipeline.correlation.ReadEvent;
import io.driftguard.pipeline.episode.EpisodeFunction;
import io.driftguard.pipeline.episode.OperationFunction;
import io.driftguard.pipeline.exception.ExceptionRuleFunction;
import io.driftguard.pipeline.judge.JudgeFunction;
import io.driftguard.pipeline.parse.ChangeRecord;
import io.driftguard.pipeline.parse.ParseFunction;
import io.driftguard.pipeline.replay.DeclaredStateMerge;
import io.driftguard.pipeline.replay.IacFileSource;
import io.driftguard.pipeline.replay.IacPart;
import io.driftguard.pipeline.replay.ReplayProgress;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The DriftGuard detection topology, the same for live mode and replay: only the sources and sinks
 * handed in differ (docs/design/architecture.md).
 *
 * <pre>
 *   raw records ──parse──► changes ──keyBy(resource)──┐
 *     │  │  │                                          ├─► episodes ─keyBy(actor)─┐
 *     │  │  │  declared state ──────keyBy(resource)────┘                         ├─► read activity
 *     │  │  └─► reads ─bundles per actor──────────────────keyBy(actor)───────────┘        │
 *     │  └────► context (tickets, incidents, alerts, findings, commits) ─broadcast─┐   keyBy(finding)
 *     │                                                                             └─► context ─► judge ─► exception rules (live) ─► findings sinks
 *     └─► dead letters ──► dead-letter sinks
 * </pre>
 *
 * <p>Changes reach the episode operator through the operations operator, keyed by the resource their
 * record names (as Kafka partitions them), which pairs long-running operations' start and completion
 * records and keeps one resource's records in their Kafka order.
 */
public final class DriftGuardJob {

    /**
     * What the job reads: native records and declared state; live, also the accepted exceptions in
     * PostgreSQL ({@code exceptionRules}, null for none), which mark the findings they silence.
     */
    public record Inputs(
            Source<RawRecord, ?, ?> raw,
            Source<DesiredResource, ?, ?> desired,
            Database exceptionRules,
            IacFileSource iacFiles) {

        public Inputs(Source<RawRecord, ?, ?> raw, Source<DesiredResource, ?, ?> desired, Database exceptionRules) {
            this(raw, desired, exceptionRules, null);
        }

        public Inputs(Source<RawRecord, ?, ?> raw, Source<DesiredResource, ?, ?> desired) {
            this(raw, desired, null);
        }

        /**
         * Replay: the declared state is read from the IaC files inside the job and merged per
         * resource there ({@link DeclaredStateMerge}), so it never passes through the client or the
         * job graph.
         */
        public static Inputs replay(Source<RawRecord, ?, ?> raw, IacFileSource iacFiles) {
            return new Inputs(raw, null, null, iacFiles);
        }
    }

    /**
     * Where the job writes. Sinks with parallelism 1 (replay files) say so. {@code contexts} receive
     * every judged episode's evidence (training data; empty in production); {@code shadow} the
     * causes a candidate model gives beside the live one's (docs/design/model-registry.md).
     */
    public record Outputs(
            List<Sink<Finding>> findings,
            List<Sink<DeadLetter>> deadLetters,
            List<Sink<EpisodeContext>> contexts,
            boolean singleWriter,
            List<Sink<ShadowPrediction>> shadow) {

        public Outputs(
                List<Sink<Finding>> findings,
                List<Sink<DeadLetter>> deadLetters,
                List<Sink<EpisodeContext>> contexts,
                boolean singleWriter) {
            this(findings, deadLetters, contexts, singleWriter, List.of());
        }

        public Outputs(List<Sink<Finding>> findings, List<Sink<DeadLetter>> deadLetters, boolean singleWriter) {
            this(findings, deadLetters, List.of(), singleWriter);
        }
    }

    private DriftGuardJob() {}

    /** Adds the topology to {@code env}; returns the findings stream for callers that add more. */
    public static DataStream<Finding> build(
            StreamExecutionEnvironment env, Inputs inputs, Outputs outputs, JobSettings settings) {
        // Every record type passed between operators is immutable, or (ReadEvent) read and let go by its
        // receiver, so chained operators hand records on without a defensive copy: the copies were a tenth
        // of a replay's CPU, and live a judged finding with all its evidence was copied for each sink.
        env.getConfig().enableObjectReuse();
        DataStream<RawRecord> raw = env.fromSource(inputs.raw(), WatermarkStrategy.noWatermarks(), "raw-records")
                .uid("raw-records")
                .name("raw records");

        SingleOutputStreamOperator<ChangeRecord> parsed =
                raw.process(new ParseFunction(settings.config())).uid("parse").name("parse");

        DataStream<ChangeRecord> timed = parsed.assignTimestampsAndWatermarks(
                        watermarks(settings, ChangeRecord::timestamp))
                .uid("change-time")
                .name("change event time");
        // Start and completion records of one operation meet first. Every change goes through the
        // operator keyed by the resource its record names, so one resource's records keep their
        // Kafka order on their way to the episode operator whatever operations they belong to.
        SingleOutputStreamOperator<ChangeRecord> changes = timed.keyBy(OperationFunction::orderKey)
                .process(new OperationFunction(settings.replay()), TypeInformation.of(ChangeRecord.class))
                .uid("operations")
                .name("operations");

        DataStream<DesiredResource> desired = inputs.iacFiles() == null
                ? env.fromSource(inputs.desired(), declaredStateWatermarks(settings), "declared-state")
                        .uid("declared-state")
                        .name("declared state")
                : env.fromSource(inputs.iacFiles(), WatermarkStrategy.noWatermarks(), "iac-files")
                        .uid("iac-files")
                        .name("IaC files")
                        .keyBy(IacPart::key)
                        .process(
                                new DeclaredStateMerge(inputs.iacFiles().folder()),
                                TypeInformation.of(DesiredResource.class))
                        .uid("declared-merge")
                        .name("declared state");

        SingleOutputStreamOperator<Finding> episodes = desired.keyBy(DesiredResource::key)
                .connect(changes.keyBy(ChangeRecord::key))
                .process(
                        new EpisodeFunction(
                                settings.config(),
                                settings.replay(),
                                settings.declarationWait(),
                                settings.redeliveryHorizon()),
                        TypeInformation.of(Finding.class))
                .uid("episodes")
                .name("episodes");

        // Replay: one actor's reads cross the exchange as a bundle, sent before every watermark and
        // barrier; live: each read at once, so it is not overtaken by the finding it is evidence for
        DataStream<ReadBundle> reads = parsed.getSideOutput(ParseFunction.READS)
                .assignTimestampsAndWatermarks(watermarks(settings, (ReadEvent r) -> r.time))
                .uid("read-time")
                .name("read event time")
                .transform("read bundles", ReadBundleSerializer.TYPE, new ReadBundler(settings.replay()))
                .uid("read-bundles")
                .name("read bundles");
        DataStream<CorrelatedFinding> withReads = reads.keyBy(r -> r.actor)
                .connect(episodes.keyBy(f -> f.actor().id()))
                .process(new ReadActivityFunction(settings.replay()), TypeInformation.of(CorrelatedFinding.class))
                .uid("read-activity")
                .name("read activity");

        DataStream<ContextEvent> context = parsed.getSideOutput(ParseFunction.CONTEXT)
                .assignTimestampsAndWatermarks(
                        watermarks(settings, (ContextEvent c) -> c.time().toEpochMilli()))
                .uid("context-time")
                .name("context event time");
        // A keyed broadcast function in its own operator (the same state, uid and name as through
        // BroadcastConnectedStream.process), which also sees the watermark: ContextCorrelationOperator.
        SingleOutputStreamOperator<EpisodeContext> judged = withReads
                .keyBy(c -> c.finding().findingId())
                .connect(context.broadcast())
                .transform(
                        "context",
                        TypeInformation.of(EpisodeContext.class),
                        new ContextCorrelationOperator(
                                new ContextCorrelationFunction(settings.config(), settings.replay())))
                .uid("context")
                .name("context");
        if (settings.replay()) {
            // Broadcast state is a full copy per instance: with one instance a replay holds its 14 days
            // of context once instead of once per slot. Replay judges each finding once, a sliver of
            // the work, so one instance keeps up at any parallelism.
            judged.setParallelism(1);
        }

        SingleOutputStreamOperator<Finding> judgedFindings = judged.keyBy(
                        c -> c.finding().findingId())
                .process(
                        new JudgeFunction(
                                Judge.of(settings.config(), settings.loadCauseModel()),
                                settings.replay(),
                                settings.models()),
                        TypeInformation.of(Finding.class))
                .uid("judge")
                .name("judge");
        DataStream<Finding> findings = inputs.exceptionRules() == null
                ? judgedFindings
                : judgedFindings
                        .map(new ExceptionRuleFunction(inputs.exceptionRules()), TypeInformation.of(Finding.class))
                        .uid("exception-rules")
                        .name("exception rules");
        int c = 0;
        for (Sink<ShadowPrediction> sink : outputs.shadow()) {
            var s = judgedFindings
                    .getSideOutput(JudgeFunction.SHADOW)
                    .sinkTo(sink)
                    .uid("shadow-sink-" + c++)
                    .name("shadow predictions → " + sink.getClass().getSimpleName());
            if (outputs.singleWriter()) {
                s.setParallelism(1);
            }
        }
        c = 0;
        for (Sink<EpisodeContext> sink : outputs.contexts()) {
            var s = judged.sinkTo(sink)
                    .uid("contexts-sink-" + c++)
                    .name("contexts → " + sink.getClass().getSimpleName());
            if (outputs.singleWriter()) {
                s.setParallelism(1);
            }
        }

        int i = 0;
        for (Sink<Finding> sink : outputs.findings()) {
            var s = findings.sinkTo(sink)
                    .uid("findings-sink-" + i)
                    .name("findings → " + sink.getClass().getSimpleName());
            if (outputs.singleWriter()) {
                s.setParallelism(1);
            }
            i++;
        }
        DataStream<DeadLetter> dead = parsed.getSideOutput(ParseFunction.DEAD_LETTERS)
                .union(changes.getSideOutput(OperationFunction.UNFINISHED))
                .union(judgedFindings.getSideOutput(JudgeFunction.FAILED));
        i = 0;
        for (Sink<DeadLetter> sink : outputs.deadLetters()) {
            var s = dead.sinkTo(sink)
                    .uid("dead-letter-sink-" + i)
                    .name("dead letters → " + sink.getClass().getSimpleName());
            if (outputs.singleWriter()) {
                s.setParallelism(1);
            }
            i++;
        }
        return findings;
    }

    /**
     * Event time per stream: the record's own time, and a watermark that trails the newest record by
     * the out-of-orderness bound. Replay reads its files merged in event-time order
     * ({@code ReplayFileSource}), so the same bound holds there; it has no idleness, because a
     * bounded input's slow reader must hold the watermark back rather than be overtaken, and every
     * record behind the watermark is counted ({@code ReplayProgress.LATE}).
     */
    private static <T> WatermarkStrategy<T> watermarks(JobSettings settings, EventTime<T> time) {
        long bound = settings.outOfOrderness().toMillis();
        if (settings.replay()) {
            return WatermarkStrategy.<T>forGenerator(ctx -> new CountingLateness<>(bound))
                    .withTimestampAssigner((e, previous) -> time.of(e));
        }
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner((e, previous) -> time.of(e))
                .withIdleness(settings.idleness());
    }

    /**
     * Bounded out-of-orderness that counts the records arriving behind its own watermark. The
     * watermark moves on the records, never on the wall clock: on the first record, then whenever
     * it can advance by the bound or {@value #EVERY_RECORDS} records have passed since it last
     * moved (about what the periodic emit gave at full speed). Which records are behind it then
     * depends only on the order this stream's records are read in (splits assigned statically,
     * merged in time order), so a replay counts the same at any speed, on any machine; with a
     * periodic emit the count depended on where the emits fell between a record and the newest
     * record before it.
     */
    static final class CountingLateness<T> implements WatermarkGenerator<T> {
        static final int EVERY_RECORDS = 10_000;
        private final long bound;
        private long newest = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;
        private int since;

        CountingLateness(long bound) {
            this.bound = bound;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (emitted != Long.MIN_VALUE && eventTimestamp <= emitted) {
                ReplayProgress.LATE.incrementAndGet();
            }
            newest = Math.max(newest, eventTimestamp);
            since++;
            if (newest < Long.MIN_VALUE + bound + 1) {
                return; // no time yet (or one so early that the bound would wrap around)
            }
            long next = newest - bound - 1;
            if (next > emitted && (emitted == Long.MIN_VALUE || since >= EVERY_RECORDS || next - emitted >= bound)) {
                emitted = next;
                since = 0;
                output.emitWatermark(new Watermark(emitted));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            // the watermark moves on records only (see above); the end of the input closes it
        }
    }

    /**
     * Declared state is not an event in time: a declaration holds from when it is read. In replay it
     * is read before any change is applied, and the final watermark closes it with the input. Live,
     * its watermark follows the wall clock (less the changes' out-of-orderness), so it never holds
     * the episode operator, and every operator after it, at the start of time: their event-time
     * timers (state cleanup, waits with a bound) fire as the changes' own watermark advances.
     */
    private static WatermarkStrategy<DesiredResource> declaredStateWatermarks(JobSettings settings) {
        if (settings.replay()) {
            return WatermarkStrategy.noWatermarks();
        }
        long lag = settings.outOfOrderness().toMillis();
        return WatermarkStrategy.<DesiredResource>forGenerator(ctx -> new WallClockWatermarks<>(lag))
                .withTimestampAssigner((d, previous) -> System.currentTimeMillis());
    }

    /** Emits the wall clock less a lag as the watermark, on every periodic emit. */
    private static final class WallClockWatermarks<T> implements WatermarkGenerator<T> {
        private final long lag;

        WallClockWatermarks(long lag) {
            this.lag = lag;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(System.currentTimeMillis() - lag));
        }
    }

    /** A record's event time in epoch milliseconds. */
    @FunctionalInterface
    private interface EventTime<T> extends java.io.Serializable {
        long of(T record);
    }
}
