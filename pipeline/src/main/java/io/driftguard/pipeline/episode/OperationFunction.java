package io.driftguard.pipeline.episode;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.DeadLetter;
import io.driftguard.pipeline.eventtime.EventTimeBuffer;
import io.driftguard.pipeline.parse.ChangeRecord;
import io.driftguard.pipeline.replay.ReplayProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Long-running operations (docs/design/taxonomy.md): Azure logs a {@code Start} record
 * carrying the request body, then {@code Success} or {@code Failure}; GCP an {@code operation.first}
 * and an {@code operation.last} entry. The start's changes, for every resource it touched (a new
 * NSG rule changes the rule and its security group), are held here and released with the
 * completion record's event only if it succeeded. A completion that carries its own body (Azure's
 * REST shape) counts as it is.
 *
 * <p>Keyed by {@link #orderKey}, the resource the record names, as Kafka partitions raw records,
 * not by correlation id: every change goes through here, a single call at once, so one resource's
 * records reach the episode operator in their Kafka order. Keyed by correlation id, two operations
 * on one resource took different parallel paths and could swap: a Terraform apply that deleted an
 * NSG rule again after a person had deleted it, arriving first, became the declaration, and the
 * person's deletion then changed nothing (LiveRecallIT's intermittent miss of an Azure rule
 * deletion).
 *
 * <p>A key holds the operations on its resource, and one correlation id can cover several
 * operations (an ARM deployment runs many writes under one {@code correlationId}), so a completion
 * releases or discards only the starts of its own call: the same correlation id, operation and
 * resource. A completion that names no operation closes every start of its correlation id it finds.
 *
 * <p>In replay the records wait for the watermark in an {@link EventTimeBuffer} and are handled in
 * event-time order, so a start and its completion in different files still pair.
 *
 * <p>Nothing waits without bound: a start without completion waits at most {@link #TTL}, in event
 * time and in processing time, whichever ends first. Then it is reported on {@link #UNFINISHED} as
 * a dead letter with its reason and counted ({@code operations_unfinished}); at the end of a replay's
 * input an operation still open is only counted ({@code operations_open_at_end_of_input}): its
 * completion is simply not in the export. A completion with no start (its start was lost, or
 * expired) is counted too ({@code operation_completions_unmatched}) and applied with what it
 * carries. Live, a completion can also arrive before its start (the two records reach this
 * operator through different parallel readers or parsers, which keep no order between them): it is
 * kept for its start for up to {@link #TTL} of event time, and the start is then released at once
 * with it (or, when the completion carried its own body and was applied as it was, the start adds
 * only what it changed on other resources); only one that carried nothing and whose start never
 * comes is counted as unmatched. The buffer empties as the watermark advances.
 */
public final class OperationFunction extends KeyedProcessFunction<String, ChangeRecord, ChangeRecord> {

    static final Duration TTL = Duration.ofHours(6);

    /** Operations that started and never completed within {@link #TTL}. */
    public static final OutputTag<DeadLetter> UNFINISHED = new OutputTag<>("unfinished-operations") {};

    private final boolean replay;

    private transient ListState<ChangeRecord> started;
    /** Live: completions that arrived before any start of their call, until it comes or {@link #TTL} passes. */
    private transient ListState<ChangeRecord> completedFirst;

    private transient ValueState<Long> expiresAt;
    private transient EventTimeBuffer<ChangeRecord> buffer;
    private transient Counter unfinished;
    private transient Counter openAtEnd;
    private transient ReplayProgress.Accumulators progress;
    private transient Counter unmatched;

    public OperationFunction(boolean replay) {
        this.replay = replay;
    }

    @Override
    public void open(OpenContext openContext) {
        var ctx = getRuntimeContext();
        started = ctx.getListState(new ListStateDescriptor<>("started", TypeInformation.of(ChangeRecord.class)));
        completedFirst =
                ctx.getListState(new ListStateDescriptor<>("completed-first", TypeInformation.of(ChangeRecord.class)));
        expiresAt = ctx.getState(new ValueStateDescriptor<>("started-expires-at", Types.LONG));
        buffer = EventTimeBuffer.create(ctx, "buffer", TypeInformation.of(ChangeRecord.class));
        var metrics = ctx.getMetricGroup().addGroup("driftguard");
        unfinished = metrics.counter("operations_unfinished");
        openAtEnd = metrics.counter("operations_open_at_end_of_input");
        unmatched = metrics.counter("operation_completions_unmatched");
        if (replay) {
            progress = ReplayProgress.register(ctx);
        }
    }

    /** A replay's counts from this JVM go back to the replay command (a session cluster runs it in several). */
    @Override
    public void close() throws Exception {
        if (progress != null) {
            ReplayProgress.publish(progress);
        }
        super.close();
    }

    /**
     * The key records are paired and ordered under: the resource the record names, lower-cased as
     * {@code RecordKeys} keys Azure's records on Kafka (ARM casing is not stable), so the start and
     * completion of an operation, and every other record of the resource, meet in one place; the
     * correlation id for a record that names no resource.
     */
    public static String orderKey(ChangeRecord c) {
        AuditEvent e = c.event();
        if (e.resourceId() != null) {
            return e.resourceId().toLowerCase(Locale.ROOT);
        }
        return e.correlationId() != null ? e.correlationId() : c.key();
    }

    @Override
    public void processElement(ChangeRecord record, Context ctx, Collector<ChangeRecord> out) throws Exception {
        if (record.event().correlationId() == null) {
            // a single call: nothing to pair (replay orders it in the episode operator)
            out.collect(record);
            return;
        }
        if (!replay || !buffer.hold(record, record.timestamp(), ctx.timerService())) {
            handle(record, ctx.timerService(), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChangeRecord> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            for (ChangeRecord r : buffer.release(timestamp)) {
                handle(r, ctx.timerService(), out);
            }
            forgetCompletionsBefore(timestamp - TTL.toMillis());
        }
        List<ChangeRecord> held = list(started);
        if (held.isEmpty()) {
            return;
        }
        boolean expired = ctx.timeDomain() == TimeDomain.PROCESSING_TIME
                ? expiresAt.value() != null && timestamp >= expiresAt.value()
                : newest(held) + TTL.toMillis() <= timestamp;
        if (!expired) {
            return;
        }
        boolean endOfInput = replay && ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        for (ChangeRecord s : held) {
            if (endOfInput) {
                openAtEnd.inc();
            } else {
                unfinished.inc();
                ctx.output(UNFINISHED, deadLetter(s));
            }
        }
        started.clear();
        expiresAt.clear();
    }

    private void handle(ChangeRecord r, TimerService timers, Collector<ChangeRecord> out) throws Exception {
        Outcome outcome = r.event().outcome();
        if (outcome == Outcome.IN_PROGRESS) {
            if (!r.changes().isEmpty()) {
                ChangeRecord completion = replay ? null : completionOf(r);
                if (completion != null) {
                    // its completion came first (the two reached this operator by different parallel paths);
                    // one that carried its own body counted as it was, for its own resource
                    if (completion.event().outcome() != Outcome.FAILURE
                            && (completion.changes().isEmpty()
                                    || !completion.key().equals(r.key()))) {
                        out.collect(new ChangeRecord(
                                completion.event(), r.key(), r.resourceId(), r.resourceType(), r.changes()));
                    }
                    return;
                }
                started.add(r);
                timers.registerEventTimeTimer(r.timestamp() + TTL.toMillis());
                if (!replay) {
                    long at = timers.currentProcessingTime() + TTL.toMillis();
                    expiresAt.update(at);
                    timers.registerProcessingTimeTimer(at);
                }
            }
            return;
        }
        List<ChangeRecord> mine = new ArrayList<>();
        List<ChangeRecord> others = new ArrayList<>();
        for (ChangeRecord s : list(started)) {
            (sameCall(s.event(), r.event()) ? mine : others).add(s);
        }
        started.clear();
        if (others.isEmpty()) {
            expiresAt.clear();
        } else {
            started.addAll(others);
        }
        if (mine.isEmpty()) {
            if (replay) {
                if (r.changes().isEmpty()) {
                    unmatched.inc(); // replay reads in event-time order: its start is not in the input
                }
            } else {
                // live, its start may still be on its way: kept for it (so that the start, when it comes, pairs
                // and is not held until it expires as unfinished), counted if it never comes and carried nothing
                completedFirst.add(r);
                timers.registerEventTimeTimer(r.timestamp() + TTL.toMillis());
            }
        }
        if (outcome == Outcome.FAILURE) {
            return; // the operation failed: its start changed nothing
        }
        if (!r.changes().isEmpty()) {
            out.collect(r);
        }
        for (ChangeRecord s : mine) {
            if (r.changes().isEmpty() || !s.key().equals(r.key())) {
                out.collect(new ChangeRecord(r.event(), s.key(), s.resourceId(), s.resourceType(), s.changes()));
            }
        }
    }

    /** Takes the completion that arrived before this start of its call, if one did. */
    private ChangeRecord completionOf(ChangeRecord start) throws Exception {
        List<ChangeRecord> done = list(completedFirst);
        for (int i = 0; i < done.size(); i++) {
            if (sameCall(start.event(), done.get(i).event())) {
                ChangeRecord c = done.remove(i);
                completedFirst.update(done);
                return c;
            }
        }
        return null;
    }

    /** Completions whose start did not come within {@link #TTL} are counted as unmatched and forgotten. */
    private void forgetCompletionsBefore(long time) throws Exception {
        List<ChangeRecord> done = list(completedFirst);
        if (done.isEmpty()) {
            return;
        }
        List<ChangeRecord> kept = new ArrayList<>();
        for (ChangeRecord c : done) {
            if (c.timestamp() <= time) {
                if (c.changes().isEmpty()) {
                    unmatched.inc(); // one with its own body was applied as it was: its start was not needed
                }
            } else {
                kept.add(c);
            }
        }
        completedFirst.update(kept);
    }

    /**
     * A start and a completion belong to one call when they have the same correlation id and name
     * the same operation and resource; what a completion leaves out does not tell them apart.
     */
    static boolean sameCall(AuditEvent start, AuditEvent completion) {
        return Objects.equals(start.correlationId(), completion.correlationId())
                && (completion.operation() == null || Objects.equals(start.operation(), completion.operation()))
                && (completion.resourceId() == null
                        || start.resourceId() == null
                        || start.resourceId().equalsIgnoreCase(completion.resourceId()));
    }

    private static DeadLetter deadLetter(ChangeRecord s) {
        AuditEvent e = s.event();
        String reason = "operation " + e.operation() + " on " + s.resourceId() + " started at " + e.eventTime()
                + " and did not complete within " + TTL.toHours() + " h: its change was never applied";
        Map<String, String> started = new LinkedHashMap<>();
        started.put("event_id", e.eventId());
        started.put("correlation_id", e.correlationId());
        started.put("operation", e.operation());
        started.put("resource", s.resourceId());
        started.put("event_time", String.valueOf(e.eventTime()));
        return new DeadLetter(
                e.source(),
                "operation/" + e.correlationId(),
                reason,
                Json.MAPPER.valueToTree(started).toString());
    }

    private static long newest(List<ChangeRecord> held) {
        long t = Long.MIN_VALUE;
        for (ChangeRecord r : held) {
            t = Math.max(t, r.timestamp());
        }
        return t;
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
