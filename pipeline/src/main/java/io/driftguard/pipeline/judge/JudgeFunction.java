package io.driftguard.pipeline.judge;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.DeadLetter;
import io.driftguard.core.store.ShadowPrediction;
import io.driftguard.judge.Judge;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.registry.ModelSource;
import io.driftguard.pipeline.correlation.ContextCorrelationFunction;
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
 * {@link #MAX_BATCH} contexts or {@link #MAX_BATCH_FACTS} pieces of evidence, or after {@link
 * #MAX_DELAY_MS}), the unit the model scores in. The model's session lives from {@code open()} to
 * {@code close()}. Live, a change's judgement goes first: re-judgements wait in {@code deferred} and
 * are judged {@link #SLICE} at a time (and at most {@link #MAX_BATCH_FACTS} pieces of evidence),
 * {@link #PAUSE_MS} apart, so a burst of them (evidence about a whole account) does not hold up the
 * judgement of a change that arrives during it.
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
    /**
     * A batch is judged once its contexts hold this much evidence, however few they are: the findings of a
     * busy service carry thousands of alerts each, and a replay's end judges every finding still open at
     * once, so a batch counted in contexts alone held hundreds of thousands of facts on the heap.
     */
    static final int MAX_BATCH_FACTS = 4_096;

    static final long MAX_DELAY_MS = 20;
    /** Live: re-judgements judged per turn of the task, {@link #PAUSE_MS} apart. */
    static final int SLICE = 8;
    /** Live: between two slices of re-judgements, for the task to read its input. */
    static final long PAUSE_MS = 5;
    /** Live: the most re-judgements that wait; beyond, a batch is judged at once (back-pressure). */
    static final int MAX_DEFERRED = 1_000;
    /**
     * Live: the most evidence re-judgements hold while they wait; beyond, a batch is judged at once, as
     * beyond {@link #MAX_DEFERRED}. A slice of re-judgements holds at most {@link #MAX_BATCH_FACTS} of it
     * (at least one context).
     */
    static final int MAX_DEFERRED_FACTS = 65_536;

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

    private transient Waiting batch;
    /**
     * Live: re-judgements (evidence that came later, idleness), judged {@link #SLICE} at a time after
     * {@link #batch}. Evidence that concerns many findings re-judges them all at once, each with all its
     * evidence; judged in one go they held up the judgement of a new change for seconds.
     */
    private transient Waiting deferred;

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
        batch = new Waiting();
        deferred = new Waiting();
        if (context.isRestored()) {
            checkpointed.get().forEach(batch::add);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<EpisodeContext> waiting = new ArrayList<>(batch.size() + deferred.size());
        waiting.addAll(batch.contexts);
        waiting.addAll(deferred.contexts);
        checkpointed.update(waiting);
    }

    @Override
    public void open(OpenContext openContext) {
        if (batch == null) {
            batch = new Waiting();
            deferred = new Waiting();
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
        if (!replay && !ContextCorrelationFunction.firstJudgement(ctx.finding())) {
            deferred.add(ctx);
            if (deferred.size() >= MAX_DEFERRED || deferred.facts >= MAX_DEFERRED_FACTS) {
                judge(deferred.take(MAX_BATCH), c, out);
            }
        } else {
            batch.add(ctx);
            if (batch.size() >= MAX_BATCH || batch.facts >= MAX_BATCH_FACTS) {
                judge(batch.takeAll(), c, out);
                return;
            }
        }
        if (replay) {
            c.timerService().registerEventTimeTimer(c.timestamp() == null ? Long.MAX_VALUE - 1 : c.timestamp());
        } else {
            schedule(c, MAX_DELAY_MS);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext c, Collector<Finding> out) {
        timerSet = false;
        judge(batch.takeAll(), c, out);
        if (!replay && !deferred.isEmpty()) {
            judge(deferred.take(SLICE), c, out);
            if (!deferred.isEmpty()) {
                schedule(c, PAUSE_MS); // the rest after the task has read what came meanwhile
            }
        }
    }

    private void schedule(Context c, long delayMs) {
        if (!timerSet) {
            timerSet = true;
            c.timerService().registerProcessingTimeTimer(c.timerService().currentProcessingTime() + delayMs);
        }
    }

    /** Contexts waiting to be judged, in arrival order, and the evidence they hold. */
    private static final class Waiting {
        final List<EpisodeContext> contexts = new ArrayList<>();
        /** Their facts, all together. */
        int facts;

        void add(EpisodeContext ctx) {
            contexts.add(ctx);
            facts += ctx.facts().size();
        }

        int size() {
            return contexts.size();
        }

        boolean isEmpty() {
            return contexts.isEmpty();
        }

        List<EpisodeContext> takeAll() {
            return take(contexts.size(), Integer.MAX_VALUE);
        }

        /** The first contexts, at most {@code n} of them and, past the first, {@link #MAX_BATCH_FACTS} of evidence. */
        List<EpisodeContext> take(int n) {
            return take(n, MAX_BATCH_FACTS);
        }

        private List<EpisodeContext> take(int n, int maxFacts) {
            int count = 0;
            int taken = 0;
            while (count < Math.min(n, contexts.size())) {
                int next = contexts.get(count).facts().size();
                if (count > 0 && (long) taken + next > maxFacts) {
                    break;
                }
                taken += next;
                count++;
            }
            List<EpisodeContext> head = new ArrayList<>(contexts.subList(0, count));
            contexts.subList(0, count).clear();
            facts -= taken;
            return head;
        }
    }

    private void judge(List<EpisodeContext> contexts, Context c, Collector<Finding> out) {
        if (contexts.isEmpty()) {
            return;
        }
        long now = c.timerService().currentProcessingTime();
        models.refresh(now);
        List<EpisodeContext> scored = contexts;
        List<Finding> judged;
        try {
            judged = models.live().judge(contexts);
        } catch (RuntimeException e) {
            scored = new ArrayList<>(contexts.size());
            judged = new ArrayList<>(contexts.size());
            for (EpisodeContext ctx : contexts) {
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
