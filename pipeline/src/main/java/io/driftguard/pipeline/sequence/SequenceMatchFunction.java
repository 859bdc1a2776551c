package io.driftguard.pipeline.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/** Emits one {@link SequenceMatch} per completed pattern, its events in pattern order. */
public final class SequenceMatchFunction extends PatternProcessFunction<SequenceEvent, SequenceMatch> {

    private final String pattern;
    private final boolean byActor;

    /**
     * @param byActor true when the pattern is keyed by actor (the match's key is the actor), false
     *     when by service
     */
    public SequenceMatchFunction(String pattern, boolean byActor) {
        this.pattern = pattern;
        this.byActor = byActor;
    }

    @Override
    public void processMatch(Map<String, List<SequenceEvent>> match, Context ctx, Collector<SequenceMatch> out) {
        List<String> ids = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        String key = null;
        for (List<SequenceEvent> events : match.values()) { // in pattern order
            for (SequenceEvent e : events) {
                ids.add(e.id());
                first = Math.min(first, e.time());
                last = Math.max(last, e.time());
                if (key == null) {
                    key = byActor ? e.actor() : e.service();
                }
            }
        }
        out.collect(new SequenceMatch(pattern, key, ids, first, last));
    }
}
