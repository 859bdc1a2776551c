package io.driftguard.pipeline.episode;

import io.driftguard.core.event.Outcome;
import io.driftguard.pipeline.eventtime.EventTimeBuffer;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
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
 * <p>In replay the records wait for the watermark in an {@link EventTimeBuffer} and are handled in
 * event-time order, so a start and its completion in different files still pair. State cleanup: a
 * start without completion is forgotten after {@link #TTL}; the buffer empties as the watermark
 * advances.
 */
public final class OperationFunction extends KeyedProcessFunction<String, ChangeRecord, ChangeRecord> {

    static final Duration TTL = Duration.ofHours(6);

    private final boolean replay;

    private transient ListState<ChangeRecord> started;
    private transient EventTimeBuffer<ChangeRecord> buffer;

    public OperationFunction(boolean replay) {
        this.replay = replay;
    }

    @Override
    public void open(OpenContext openContext) {
        started = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("started", TypeInformation.of(ChangeRecord.class)));
        buffer = EventTimeBuffer.create(getRuntimeContext(), "buffer", TypeInformation.of(ChangeRecord.class));
    }

    @Override
    public void processElement(ChangeRecord record, Context ctx, Collector<ChangeRecord> out) throws Exception {
        if (!replay || !buffer.hold(record, record.timestamp(), ctx.timerService())) {
            handle(record, ctx.timerService(), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChangeRecord> out) throws Exception {
        for (ChangeRecord r : buffer.release(timestamp)) {
            handle(r, ctx.timerService(), out);
        }
        List<ChangeRecord> held = list(started);
        if (!held.isEmpty() && held.get(held.size() - 1).timestamp() + TTL.toMillis() <= timestamp) {
            started.clear();
        }
    }

    private void handle(ChangeRecord r, TimerService timers, Collector<ChangeRecord> out) throws Exception {
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
