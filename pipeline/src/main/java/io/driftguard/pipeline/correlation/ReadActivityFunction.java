package io.driftguard.pipeline.correlation;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.pipeline.eventtime.EventTimeBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator 3 of docs/design/architecture.md, keyed by actor: reads, then a change by the same actor on the same
 * resource or service within {@link #WINDOW} (docs/design/taxonomy.md's manual troubleshooting signal). An
 * equivalent of the CEP pattern {@code read+ → change within 30 min} that keeps counts per minute
 * instead of every read, so an actor who reads all day costs a few hundred bytes, not a list.
 *
 * <p>"The same service" without a resource named (a {@code DescribeInstances} of everything) is the
 * same cloud, account and API namespace. Minute buckets make the window exact to the minute.
 * Cleanup: one timer per minute removes that minute's counts once the watermark is {@link #WINDOW}
 * past it, in constant time however many minutes the actor has.
 *
 * <p>Replay runs on watermarks over input merged in event-time order, so a finding can reach this
 * operator before the reads of its own minute: in replay a finding waits (an {@link EventTimeBuffer})
 * until the watermark has passed the minute of its first change, and the reads found for an
 * episode then are kept for its later versions ({@code finding-reads}, removed
 * {@link ContextCorrelationFunction#FINDING_RETENTION} after the episode's last change), so every
 * version counts the same reads as when every read was held to the end of the input. Live, a
 * finding is correlated at once: the promise is seconds.
 */
public final class ReadActivityFunction extends KeyedCoProcessFunction<String, ReadEvent, Finding, CorrelatedFinding> {

    static final Duration WINDOW = Duration.ofMinutes(30);
    private static final long MINUTE = 60_000;

    private final boolean replay;

    private transient MapState<Long, ReadMinute> minutes;
    private transient EventTimeBuffer<Finding> waiting;
    private transient MapState<String, FindingReads> findingReads;

    /** Live: each finding is correlated as it arrives. */
    public ReadActivityFunction() {
        this(false);
    }

    /** @param replay findings wait for the watermark to pass their first change's minute */
    public ReadActivityFunction(boolean replay) {
        this.replay = replay;
    }

    @Override
    public void open(OpenContext openContext) {
        minutes = getRuntimeContext()
                .getMapState(
                        new MapStateDescriptor<>("read-minutes", Types.LONG, TypeInformation.of(ReadMinute.class)));
        if (replay) {
            waiting =
                    EventTimeBuffer.create(getRuntimeContext(), "findings-waiting", TypeInformation.of(Finding.class));
            findingReads = getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            "finding-reads", Types.STRING, TypeInformation.of(FindingReads.class)));
        }
    }

    @Override
    public void processElement1(ReadEvent read, Context ctx, Collector<CorrelatedFinding> out) throws Exception {
        long minute = read.time / MINUTE;
        ReadMinute m = minutes.get(minute);
        if (m == null) {
            m = new ReadMinute();
            ctx.timerService().registerEventTimeTimer(expiry(minute));
        }
        if (!m.firstDelivery(read.eventId)) {
            return; // the same read delivered again
        }
        if (read.resource != null) {
            add(m, RESOURCE + read.resource, read.time);
        }
        add(m, SCOPE + read.scope, read.time);
        minutes.put(minute, m);
    }

    private static void add(ReadMinute m, String key, long time) {
        ReadBucket b = m.counts.get(key);
        if (b == null) {
            m.counts.put(key, new ReadBucket(1, time));
        } else {
            b.count++;
            b.first = Math.min(b.first, time);
        }
    }

    private static long expiry(long minute) {
        return (minute + 1) * MINUTE + WINDOW.toMillis();
    }

    @Override
    public void processElement2(Finding finding, Context ctx, Collector<CorrelatedFinding> out) throws Exception {
        if (!replay) {
            out.collect(new CorrelatedFinding(finding, readsBefore(finding)));
            return;
        }
        long endOfFirstMinute = (finding.firstEventTime().toEpochMilli() / MINUTE + 1) * MINUTE - 1;
        if (!waiting.hold(finding, endOfFirstMinute, ctx.timerService())) {
            correlate(finding, ctx.timerService(), out);
        }
    }

    /** Replay: the reads of the episode's first version, for every version. */
    private void correlate(Finding f, TimerService timers, Collector<CorrelatedFinding> out) throws Exception {
        FindingReads known = findingReads.get(f.findingId());
        List<ContextFact> reads = known != null ? known.reads() : readsBefore(f);
        long keepUntil = f.lastEventTime()
                .plus(ContextCorrelationFunction.FINDING_RETENTION)
                .toEpochMilli();
        if (known == null || known.keepUntil() < keepUntil) {
            findingReads.put(f.findingId(), new FindingReads(reads, keepUntil));
            timers.registerEventTimeTimer(keepUntil);
        }
        out.collect(new CorrelatedFinding(f, reads));
    }

    private List<ContextFact> readsBefore(Finding f) throws Exception {
        long t0 = f.firstEventTime().toEpochMilli();
        String resource = RESOURCE + ResourceKey.of(f.cloud(), f.resourceId());
        String scope = f.trigger() == null || f.trigger().api() == null
                ? null
                : SCOPE
                        + ReadEvent.scope(
                                f.cloud().wireName(), f.account(), f.trigger().api());
        int onResource = 0;
        int inScope = 0;
        long first = Long.MAX_VALUE;
        for (long minute = (t0 - WINDOW.toMillis()) / MINUTE; minute <= t0 / MINUTE; minute++) {
            ReadMinute m = minutes.get(minute);
            if (m == null) {
                continue;
            }
            ReadBucket r = m.counts.get(resource);
            if (r != null) {
                onResource += r.count;
                first = Math.min(first, r.first);
            }
            ReadBucket s = scope == null ? null : m.counts.get(scope);
            if (s != null) {
                inScope += s.count;
                first = Math.min(first, s.first);
            }
        }
        if (onResource == 0 && inScope == 0) {
            return List.of();
        }
        // scope buckets count every read, resource reads included
        int count = Math.max(onResource, inScope);
        return List.of(new ContextFact(
                "read_activity",
                "reads:" + f.actor().id() + "@" + Instant.ofEpochMilli(first),
                f.cloud().wireName() + "-audit",
                ContextFact.Relation.BEFORE_CHANGE,
                Instant.ofEpochMilli(first),
                null,
                null,
                null,
                false,
                count + " read calls by the same actor in the 30 minutes before the change"
                        + (onResource > 0 ? ", " + onResource + " of them on this resource" : ""),
                count,
                onResource > 0));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CorrelatedFinding> out) throws Exception {
        if (replay) {
            for (Finding f : waiting.release(timestamp)) {
                correlate(f, ctx.timerService(), out);
            }
            List<String> done = new ArrayList<>();
            for (Map.Entry<String, FindingReads> e : findingReads.entries()) {
                if (e.getValue().keepUntil() <= timestamp) {
                    done.add(e.getKey());
                }
            }
            for (String id : done) {
                findingReads.remove(id);
            }
            if (findingReads.isEmpty()) {
                findingReads.clear();
            }
        }
        // any timer is past the expiry of this minute (a minute's own timer is exactly at it)
        minutes.remove((timestamp - WINDOW.toMillis()) / MINUTE - 1);
        if (minutes.isEmpty()) {
            minutes.clear();
        }
    }

    private static final String RESOURCE = "r|";
    private static final String SCOPE = "s|";
}
