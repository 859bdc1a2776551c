package io.driftguard.pipeline.judge;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.models.context.ContextFact;
import io.driftguard.models.context.EpisodeContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator 5 of ARCHITECTURE.md: turns an episode's evidence into the finished finding. Contexts
 * are judged in small batches (up to {@link #MAX_BATCH}, or after {@link #MAX_DELAY_MS}), the unit the
 * cause model scores in.
 */
public final class JudgeFunction extends KeyedProcessFunction<String, EpisodeContext, Finding> {

    static final int MAX_BATCH = 64;
    static final long MAX_DELAY_MS = 20;

    private final DriftGuardConfig config;
    private final boolean replay;

    private transient List<EpisodeContext> batch;
    private transient boolean timerSet;

    /**
     * @param replay flush on the watermark (event time), because a bounded job does not fire
     *     processing-time timers once its input has ended; live, flush after {@link #MAX_DELAY_MS}
     */
    public JudgeFunction(DriftGuardConfig config, boolean replay) {
        this.config = config;
        this.replay = replay;
    }

    @Override
    public void open(OpenContext openContext) {
        batch = new ArrayList<>();
    }

    @Override
    public void processElement(EpisodeContext ctx, Context c, Collector<Finding> out) {
        batch.add(ctx);
        if (batch.size() >= MAX_BATCH) {
            flush(out);
        } else if (replay) {
            c.timerService().registerEventTimeTimer(c.timestamp() == null ? Long.MAX_VALUE - 1 : c.timestamp());
        } else if (!timerSet) {
            timerSet = true;
            c.timerService().registerProcessingTimeTimer(c.timerService().currentProcessingTime() + MAX_DELAY_MS);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext c, Collector<Finding> out) {
        timerSet = false;
        flush(out);
    }

    private void flush(Collector<Finding> out) {
        for (EpisodeContext ctx : batch) {
            out.collect(judge(ctx));
        }
        batch.clear();
    }

    static Finding judge(EpisodeContext ctx) {
        return ctx.finding().toBuilder().correlations(correlations(ctx.facts())).build();
    }

    static List<Finding.Correlation> correlations(List<ContextFact> facts) {
        List<Finding.Correlation> out = new ArrayList<>(facts.size());
        for (ContextFact f : facts) {
            out.add(new Finding.Correlation(f.kind(), f.id(), f.source(), f.relation(), f.time(), f.text()));
        }
        return out;
    }
}
