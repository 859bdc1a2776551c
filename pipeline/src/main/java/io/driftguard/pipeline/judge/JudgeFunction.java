package io.driftguard.pipeline.judge;

import io.driftguard.core.finding.Finding;
import io.driftguard.judge.Judge;
import io.driftguard.judge.context.EpisodeContext;
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

/**
 * Operator 5 of the architecture (docs/design/architecture.md): turns an episode's evidence into the
 * finished finding through the Flink-free {@link Judge}. Contexts are judged in small batches (up to
 * {@link #MAX_BATCH}, or after {@link #MAX_DELAY_MS}), the unit the model scores in. The model's
 * session lives from {@code open()} to {@code close()}.
 *
 * <p>A batch that waits when a checkpoint is taken is part of the checkpoint (operator state), so a
 * restore judges it again instead of losing it: its input was acknowledged by that checkpoint and
 * will not be read again. The flush timer is keyed state and is restored with it.
 */
public final class JudgeFunction extends KeyedProcessFunction<String, EpisodeContext, Finding>
        implements CheckpointedFunction {

    static final int MAX_BATCH = 64;
    static final long MAX_DELAY_MS = 20;

    private final boolean replay;
    private final Judge judge;

    private transient List<EpisodeContext> batch;
    private transient ListState<EpisodeContext> checkpointed;
    private transient boolean timerSet;

    /**
     * @param replay flush on the watermark (event time), because a bounded job does not fire
     *     processing-time timers once its input has ended; live, flush after {@link #MAX_DELAY_MS}
     */
    public JudgeFunction(Judge judge, boolean replay) {
        this.replay = replay;
        this.judge = judge;
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
        judge.open();
    }

    @Override
    public void close() {
        judge.close();
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
        judge.judge(batch).forEach(out::collect);
        batch.clear();
    }
}
