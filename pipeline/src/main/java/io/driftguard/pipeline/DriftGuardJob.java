package io.driftguard.pipeline;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.RawRecord;
import io.driftguard.pipeline.episode.EpisodeFunction;
import io.driftguard.pipeline.parse.ChangeRecord;
import io.driftguard.pipeline.parse.DeadLetter;
import io.driftguard.pipeline.parse.ParseFunction;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The DriftGuard detection topology, the same for live mode and replay: only the sources and sinks
 * handed in differ (ARCHITECTURE.md).
 *
 * <pre>
 *   raw records ──parse──► changes ──keyBy(resource)──┐
 *        │                                            ├─► episodes ──► findings sinks
 *        └─► dead letters ──► dead-letter sinks       │
 *   declared state ───────────keyBy(resource)─────────┘
 * </pre>
 */
public final class DriftGuardJob {

    /** What the job reads: native records and declared state. */
    public record Inputs(Source<RawRecord, ?, ?> raw, Source<DesiredResource, ?, ?> desired) {}

    /** Where the job writes. Sinks with parallelism 1 (replay files) say so. */
    public record Outputs(List<Sink<Finding>> findings, List<Sink<DeadLetter>> deadLetters, boolean singleWriter) {}

    private DriftGuardJob() {}

    /** Adds the topology to {@code env}; returns the findings stream for callers that add more. */
    public static DataStream<Finding> build(StreamExecutionEnvironment env, Inputs inputs, Outputs outputs, JobSettings settings) {
        DataStream<RawRecord> raw = env.fromSource(inputs.raw(), WatermarkStrategy.noWatermarks(), "raw-records")
                .uid("raw-records").name("raw records");

        SingleOutputStreamOperator<ChangeRecord> parsed = raw.process(new ParseFunction(settings.config()))
                .uid("parse").name("parse");

        DataStream<ChangeRecord> changes = parsed.assignTimestampsAndWatermarks(changeWatermarks(settings))
                .uid("change-time").name("change event time");

        DataStream<DesiredResource> desired = env.fromSource(inputs.desired(), WatermarkStrategy.noWatermarks(), "declared-state")
                .uid("declared-state").name("declared state");

        SingleOutputStreamOperator<Finding> findings = desired.keyBy(DesiredResource::key)
                .connect(changes.keyBy(ChangeRecord::key))
                .process(new EpisodeFunction(settings.config(), settings.replay()), TypeInformation.of(Finding.class))
                .uid("episodes").name("episodes");

        int i = 0;
        for (Sink<Finding> sink : outputs.findings()) {
            var s = findings.sinkTo(sink).uid("findings-sink-" + i).name("findings → " + sink.getClass().getSimpleName());
            if (outputs.singleWriter()) {
                s.setParallelism(1);
            }
            i++;
        }
        DataStream<DeadLetter> dead = parsed.getSideOutput(ParseFunction.DEAD_LETTERS);
        i = 0;
        for (Sink<DeadLetter> sink : outputs.deadLetters()) {
            var s = dead.sinkTo(sink).uid("dead-letter-sink-" + i).name("dead letters → " + sink.getClass().getSimpleName());
            if (outputs.singleWriter()) {
                s.setParallelism(1);
            }
            i++;
        }
        return findings;
    }

    private static WatermarkStrategy<ChangeRecord> changeWatermarks(JobSettings settings) {
        if (settings.replay()) {
            // Bounded input: no watermark until the end, when Flink emits the final one and every
            // buffered change is applied in exact event-time order per resource.
            return WatermarkStrategy.<ChangeRecord>noWatermarks().withTimestampAssigner((c, previous) -> c.timestamp());
        }
        return WatermarkStrategy.<ChangeRecord>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner((c, previous) -> c.timestamp())
                .withIdleness(settings.idleness());
    }
}
