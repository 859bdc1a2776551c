package io.driftguard.pipeline.judge;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.DeadLetter;
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
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>A context the judge cannot judge (it threw: a value no rule foresaw) takes neither its batch nor
 * the job with it: the batch is judged again one context at a time, and each one that still fails
 * leaves on {@link #FAILED} as a dead letter with the exception as its reason, counted in
 * {@code findings_judge_failed}. Restarting would read the same context again and fail again.
 */
public final class JudgeFunction extends KeyedProcessFunction<String, EpisodeContext, Finding>
        implements CheckpointedFunction {

    static final int MAX_BATCH = 64;
    static final long MAX_DELAY_MS = 20;

    /** How often a live job re-reads the registry's roles. */
    public static final Duration MODEL_REFRESH = Duration.ofSeconds(5);

    /** A shadow candidate's cause beside the live model's, one per judged finding while a candidate is set. */
    public static final OutputTag<ShadowPrediction> SHADOW = new OutputTag<>("shadow-predictions") {};

    /** Contexts the judge threw on, as dead letters (source {@value #DEAD_LETTER_SOURCE}). */
    public static final OutputTag<DeadLetter> FAILED = new OutputTag<>("judge-failed") {};

    public static final String DEAD_LETTER_SOURCE = "judge";

    private static final Logger LOG = LoggerFactory.getLogger(JudgeFunction.class);

    private final boolean replay;
    private final LiveModels models;

    private transient List<EpisodeContext> batch;
    private transient ListState<EpisodeContext> checkpointed;
    private transient boolean timerSet;
    private transient Counter failed;
    private transient Counter shadowFailed;

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
        var metrics = getRuntimeContext().getMetricGroup().addGroup("driftguard");
        failed = metrics.counter("findings_judge_failed");
        shadowFailed = metrics.counter("shadow_judge_failed");
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
        List<EpisodeContext> scored = batch;
        List<Finding> judged;
        try {
            judged = models.live().judge(batch);
        } catch (RuntimeException e) {
            scored = new ArrayList<>(batch.size());
            judged = new ArrayList<>(batch.size());
            for (EpisodeContext ctx : batch) {
                try {
                    judged.add(models.live().judge(List.of(ctx)).get(0));
                    scored.add(ctx);
                } catch (RuntimeException one) {
                    failed.inc();
                    LOG.warn(
                            "judging finding {} failed; dead-lettered",
                            ctx.finding().findingId(),
                            one);
                    c.output(FAILED, deadLetter(ctx, one));
                }
            }
        }
        judged.forEach(out::collect);
        try {
            for (ShadowPrediction p : models.shadow(scored, judged, Instant.ofEpochMilli(now))) {
                c.output(SHADOW, p);
            }
        } catch (RuntimeException e) {
            // a candidate is on trial: its failure must never touch what the live model judged
            shadowFailed.inc();
            LOG.warn("the shadow candidate failed to score a batch of {}", scored.size(), e);
        }
        batch.clear();
    }

    /** The context as it reached the judge, and why it could not be judged. */
    static DeadLetter deadLetter(EpisodeContext ctx, RuntimeException e) {
        Finding f = ctx.finding();
        String payload;
        try {
            payload = Json.MAPPER.writeValueAsString(ctx);
        } catch (Exception notJson) {
            payload = String.valueOf(f);
        }
        return DeadLetter.of(
                DEAD_LETTER_SOURCE,
                "finding " + f.findingId() + " version " + f.version(),
                "judge_failed: " + e,
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
