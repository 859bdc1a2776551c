package io.driftguard.pipeline.correlation;

import io.driftguard.core.event.ContextEvent;
import io.driftguard.judge.context.EpisodeContext;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The operator of {@link ContextCorrelationFunction}: Flink's own for a keyed broadcast function, which
 * in addition hands every watermark to {@link ContextCorrelationFunction#emitDue} before the timers fire
 * and the watermark goes on. So a re-judgement pending for a bucket of context event time is emitted once
 * the watermark passes the bucket's end, even when no context item follows.
 *
 * <p>Why not a keyed timer: the broadcast side, which marks findings pending, cannot register keyed
 * timers, and a recurring timer per tracked finding (every {@link ContextCorrelationFunction#BUCKET} of
 * event time, 48 hours long) would fire for every finding whether or not anything waits, 17,280 times
 * in its life. Here the cost is one comparison per watermark while nothing waits.
 *
 * <p>The state is the function's, with the same names, under the same uid ({@code context}): savepoints of
 * the job as it was built with {@code BroadcastConnectedStream.process} restore into it. The operator
 * also decides where the function keeps its context items: live in the broadcast state, a replay in
 * keyed state ({@link ContextItems}).
 */
public final class ContextCorrelationOperator
        extends CoBroadcastWithKeyedOperator<String, CorrelatedFinding, ContextEvent, EpisodeContext> {

    private static final long serialVersionUID = 1L;

    private transient TimestampedCollector<EpisodeContext> due;

    public ContextCorrelationOperator(ContextCorrelationFunction function) {
        super(function, List.of(ContextCorrelationFunction.CONTEXT, ContextCorrelationFunction.CLOCK));
    }

    @Override
    public void open() throws Exception {
        super.open();
        due = new TimestampedCollector<>(output);
        ContextCorrelationFunction function = (ContextCorrelationFunction) userFunction;
        if (function.replay()) {
            TaskInfo task = getRuntimeContext().getTaskInfo();
            function.items(new KeyedContextItems(
                    this,
                    getPartitionedState(
                            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ContextCorrelationFunction.ITEMS),
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                            task.getMaxNumberOfParallelSubtasks(),
                            task.getNumberOfParallelSubtasks(),
                            task.getIndexOfThisSubtask()),
                    task.getMaxNumberOfParallelSubtasks()));
        } else {
            function.items(new BroadcastContextItems(
                    getOperatorStateBackend().getBroadcastState(ContextCorrelationFunction.CONTEXT)));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        due.setAbsoluteTimestamp(watermark);
        ((ContextCorrelationFunction) userFunction)
                .emitDue(
                        watermark == Long.MAX_VALUE ? watermark : watermark + 1,
                        visit -> this.<String>getKeyedStateBackend()
                                .applyToAllKeys(
                                        VoidNamespace.INSTANCE,
                                        VoidNamespaceSerializer.INSTANCE,
                                        ContextCorrelationFunction.LATEST,
                                        visit),
                        getProcessingTimeService().getCurrentProcessingTime(),
                        due);
        super.processWatermark(mark);
    }
}
