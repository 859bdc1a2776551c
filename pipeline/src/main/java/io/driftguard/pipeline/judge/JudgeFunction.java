package io.driftguard.pipeline.judge;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.JudgementPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator 5 of docs/design/architecture.md: turns an episode's evidence into the finished finding. The cause
 * comes from the ONNX model over the features shared with training ({@link CauseFeatures});
 * severity, recommendation, narrative and remediation from the policies. Contexts are judged in
 * small batches (up to {@link #MAX_BATCH}, or after {@link #MAX_DELAY_MS}), the unit the model
 * scores in. The model's session lives from {@code open()} to {@code close()}.
 */
public final class JudgeFunction extends KeyedProcessFunction<String, EpisodeContext, Finding> {

    static final int MAX_BATCH = 64;
    static final long MAX_DELAY_MS = 20;

    private final boolean replay;
    private final CauseModel model;
    private final JudgementPolicies policies;

    private transient CauseFeatures features;

    private transient List<EpisodeContext> batch;
    private transient boolean timerSet;

    /**
     * @param replay flush on the watermark (event time), because a bounded job does not fire
     *     processing-time timers once its input has ended; live, flush after {@link #MAX_DELAY_MS}
     */
    public JudgeFunction(DriftGuardConfig config, boolean replay, CauseModel model) {
        this.replay = replay;
        this.model = model;
        this.policies = JudgementPolicies.from(config);
    }

    @Override
    public void open(OpenContext openContext) {
        batch = new ArrayList<>();
        features = new CauseFeatures();
        model.open();
    }

    @Override
    public void close() throws Exception {
        model.close();
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
        if (batch.isEmpty()) {
            return;
        }
        List<float[]> rows = new ArrayList<>(batch.size());
        for (EpisodeContext ctx : batch) {
            rows.add(features.extract(ctx));
        }
        List<float[]> probabilities = model.score(rows);
        List<String> classes = model.classes();
        for (int i = 0; i < batch.size(); i++) {
            float[] p = probabilities.get(i);
            Map<String, Double> scores = new LinkedHashMap<>();
            int best = 0;
            for (int c = 0; c < classes.size(); c++) {
                scores.put(classes.get(c), (double) p[c]);
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            out.collect(policies.judge(batch.get(i), classes.get(best), p[best], scores));
        }
        batch.clear();
    }
}
