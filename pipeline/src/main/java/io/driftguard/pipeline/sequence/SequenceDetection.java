package io.driftguard.pipeline.sequence;

import io.driftguard.pipeline.sequence.SequenceEvent.Kind;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The three sequence patterns applied to one stream of {@link SequenceEvent}s with event time and
 * watermarks assigned: the troubleshooting pattern keyed by actor, the incident and alert patterns
 * keyed by service. Events later than the watermark leave on {@link #LATE} per pattern, counted,
 * never silently dropped.
 */
public final class SequenceDetection {

    /** Events that arrived after the watermark had passed them. */
    public static final OutputTag<SequenceEvent> LATE = new OutputTag<>("sequence-late") {};

    private SequenceDetection() {}

    /** The matches of all three patterns; each pattern's operator has a stable uid. */
    public static DataStream<SequenceMatch> apply(DataStream<SequenceEvent> events) {
        SingleOutputStreamOperator<SequenceMatch> troubleshooting = CEP.pattern(
                        events.filter(e -> e.actor() != null
                                        && (e.is(Kind.READ) || e.is(Kind.CHANGE) || e.is(Kind.REVERT)))
                                .uid("sequence-actor-events")
                                .name("sequence: actor events")
                                .keyBy(SequenceEvent::actor),
                        SequencePatterns.troubleshooting())
                .inEventTime()
                .sideOutputLateData(LATE)
                .process(
                        new SequenceMatchFunction(SequencePatterns.TROUBLESHOOTING, true),
                        TypeInformation.of(SequenceMatch.class))
                .uid("sequence-troubleshooting")
                .name("sequence: reads → change → revert");
        DataStream<SequenceEvent> byService = events.filter(
                        e -> e.service() != null && !e.is(Kind.READ) && !e.is(Kind.REVERT))
                .uid("sequence-service-events")
                .name("sequence: service events");
        SingleOutputStreamOperator<SequenceMatch> incident = CEP.pattern(
                        byService.keyBy(SequenceEvent::service), SequencePatterns.incidentFix())
                .inEventTime()
                .sideOutputLateData(LATE)
                .process(
                        new SequenceMatchFunction(SequencePatterns.INCIDENT_FIX, false),
                        TypeInformation.of(SequenceMatch.class))
                .uid("sequence-incident")
                .name("sequence: incident → change → resolved");
        SingleOutputStreamOperator<SequenceMatch> alert = CEP.pattern(
                        byService.keyBy(SequenceEvent::service), SequencePatterns.alertThenAutomation())
                .inEventTime()
                .sideOutputLateData(LATE)
                .process(
                        new SequenceMatchFunction(SequencePatterns.ALERT_AUTOMATION, false),
                        TypeInformation.of(SequenceMatch.class))
                .uid("sequence-alert")
                .name("sequence: alert → automated change");
        return troubleshooting.union(incident, alert);
    }
}
