package io.driftguard.pipeline.judge;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.store.ShadowPrediction;
import io.driftguard.judge.Judge;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.registry.ModelSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Operator 5 of the architecture (docs/design/architecture.md): turns an episode's evidence into the
 * finished finding through the Flink-free {@link Judge}. Contexts are judged in small batches (up to
 * {@link #MAX_BATCH}, or after {@link #MAX_DELAY_MS}), the unit the model scores in. The model's
 * session lives from {@code open()} to {@code close()}.
 *
 * <p>A batch that waits when a checkpoint is taken is part of the checkpoint (operator state), so a
 * restore judges it again instead of losing it: its input was acknowledged by that checkpoint and
 * will not be read again. The flush timer is keyed state and is restored with it.
 *
 * <p>With a model registry ({@link ModelSource}), the live model and a shadow candidate follow the
 * registry's roles while the job runs ({@link LiveModels}): a promotion or rollback changes the model
 * that judges the next batch, and nothing else. The candidate's causes leave on {@link #SHADOW}.
 */
public final class JudgeFunction extends KeyedProcessFunction<String, EpisodeContext, Finding>
        implements CheckpointedFunction {

    static final int MAX_BATCH = 64;
    static final long MAX_DELAY_MS = 20;

    /** How often a live job re-reads the registry's roles. */
    public static final Duration MODEL_REFRESH = Duration.ofSeconds(5);

    /** A shadow candidate's cause beside the live model's, one per judged finding while a candidate is set. */
    public static final OutputTag<ShadowPrediction> SHADOW = new OutputTag<>("shadow-predictions") {};

    private final boolean replay;
    private final LiveModels models;

    private transient List<EpisodeContext> batch;
    private transient ListState<EpisodeContext> checkpointed;
    private transient boolean timerSet;

    /**
     * @param replay flush on the watermark (event time), because a bounded job does not fire
     *     processing-time timers once its input has ended; live, flush after {@link #MAX_DELAY_MS}
     */
    public JudgeFunction(Judge judge, boolean replay) {
        this(judge, replay, null);
    }

    /**
     * @param models the registry whose live and candidate models judge (null: {@code judge}'s model
     *     for good); a replay reads it once at the start, so its output stays reproducible
     */
    public JudgeFunction(Judge judge, boolean replay, ModelSource models) {
        this.replay = replay;
        this.models = new LiveModels(judge, models, replay ? Long.MAX_VALUE : MODEL_REFRESH.toMillis());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("judge-batch", TypeInformation.of(EpisodeContext.class)));
        batch = new ArrayList<>();
        if (context.isRestored()) {
            checkpointed.get().forEach(batch::add);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(new ArrayList<>(batch));
    }

    @Override
    public void open(OpenContext openContext) {
        if (batch == null) {
            batch = new ArrayList<>();
        }
        models.open(System.currentTimeMillis());
    }

    @Override
    public void close() {
        models.close();
    }

    @Override
    public void processElement(EpisodeContext ctx, Context c, Collector<Finding> out) {
        batch.add(ctx);
        if (batch.size() >= MAX_BATCH) {
            flush(c, out);
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
        flush(c, out);
    }

    private void flush(Context c, Collector<Finding> out) {
        if (batch.isEmpty()) {
            return;
        }
        long now = c.timerService().currentProcessingTime();
        models.refresh(now);
        List<Finding> judged = models.live().judge(batch);
        judged.forEach(out::collect);
        for (ShadowPrediction p : models.shadow(batch, judged, Instant.ofEpochMilli(now))) {
            c.output(SHADOW, p);
        }
        batch.clear();
    }
}
