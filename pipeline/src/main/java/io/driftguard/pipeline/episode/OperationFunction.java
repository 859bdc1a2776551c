package io.driftguard.pipeline.episode;

import io.driftguard.core.event.Outcome;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Long-running operations, keyed by correlation id (docs/design/taxonomy.md): Azure logs a {@code Start} record
 * carrying the request body, then {@code Success} or {@code Failure}; GCP an {@code operation.first}
 * and an {@code operation.last} entry. The start's changes, for every resource it touched (a new
 * NSG rule changes the rule and its security group), are held here and released with the
 * completion record's event only if it succeeded. A completion that carries its own body (Azure's
 * REST shape) counts as it is.
 *
 * <p>In replay the records wait for the watermark and are handled in event-time order, so a start
 * and its completion in different files still pair. State cleanup: a start without completion is
 * forgotten after {@link #TTL}; the buffer empties as the watermark advances.
 */
public final class OperationFunction extends KeyedProcessFunction<String, ChangeRecord, ChangeRecord> {

    static final Duration TTL = Duration.ofHours(6);

    private final boolean replay;

    private transient ListState<ChangeRecord> started;
    private transient MapState<Long, List<ChangeRecord>> buffer;

    public OperationFunction(boolean replay) {
        this.replay = replay;
    }

    @Override
    public void open(OpenContext openContext) {
        started = getRuntimeContext().getListState(new ListStateDescriptor<>("started", TypeInformation.of(ChangeRecord.class)));
        buffer = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("buffer", Types.LONG, Types.LIST(TypeInformation.of(ChangeRecord.class))));
    }

    @Override
    public void processElement(ChangeRecord record, Context ctx, Collector<ChangeRecord> out) throws Exception {
        long ts = record.timestamp();
        if (!replay || ts <= ctx.timerService().currentWatermark()) {
            handle(record, ctx.timerService(), out);
            return;
        }
        List<ChangeRecord> waiting = buffer.get(ts);
        List<ChangeRecord> next = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
        next.add(record);
        buffer.put(ts, next);
        ctx.timerService().registerEventTimeTimer(ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChangeRecord> out) throws Exception {
        List<ChangeRecord> due = buffer.get(timestamp);
        if (due != null) {
            buffer.remove(timestamp);
            if (buffer.isEmpty()) {
                buffer.clear();
            }
            for (ChangeRecord r : due) {
                handle(r, ctx.timerService(), out);
            }
        }
        List<ChangeRecord> held = list(started);
        if (!held.isEmpty() && held.get(held.size() - 1).timestamp() + TTL.toMillis() <= timestamp) {
            started.clear();
        }
    }

    private void handle(ChangeRecord r, org.apache.flink.streaming.api.TimerService timers, Collector<ChangeRecord> out)
            throws Exception {
        Outcome outcome = r.event().outcome();
        if (outcome == Outcome.IN_PROGRESS) {
            if (!r.changes().isEmpty()) {
                started.add(r);
                timers.registerEventTimeTimer(r.timestamp() + TTL.toMillis());
            }
            return;
        }
        List<ChangeRecord> held = list(started);
        started.clear();
        if (outcome == Outcome.FAILURE) {
            return; // the operation failed: its start changed nothing
        }
        if (!r.changes().isEmpty()) {
            out.collect(r);
        }
        for (ChangeRecord s : held) {
            if (r.changes().isEmpty() || !s.key().equals(r.key())) {
                out.collect(new ChangeRecord(r.event(), s.key(), s.resourceId(), s.resourceType(), s.changes()));
            }
        }
    }

    private static List<ChangeRecord> list(ListState<ChangeRecord> state) throws Exception {
        List<ChangeRecord> out = new ArrayList<>();
        Iterable<ChangeRecord> it = state.get();
        if (it != null) {
            it.forEach(out::add);
        }
        return out;
    }
}
