package io.driftguard.pipeline.correlation;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.pipeline.eventtime.EventTimeBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
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
 * Cleanup: one timer per minute removes that minute's event-id hashes and counts once the watermark
 * is {@link #WINDOW} past it.
 *
 * <p>Reads arrive in {@link ReadBundle}s (in replay one actor's reads between two watermarks; live
 * one read each, so none is held back behind the finding it is evidence for), processed in their
 * order exactly as one by one. State is flat and small per value ({@code read-ids},
 * {@code read-counts}): on RocksDB every access (de)serializes a whole value, so a bundle reads and
 * writes each value it touches once (a minute's shard of hashes, a resource's and a scope's counts),
 * and a finding reads two. (One value per minute holding every hash and count cost a copy of the whole
 * minute per read: the busiest operator of the live job at 5,000 events/s, docs/benchmarks.md.)
 *
 * <p>Replay runs on watermarks over input merged in event-time order, so a finding can reach this
 * operator before the reads of its own minute: in replay a finding waits (an {@link EventTimeBuffer})
 * until the watermark has passed the minute of its first change, and the reads found for an
 * episode then are kept for its later versions ({@code finding-reads}, removed
 * {@link ContextCorrelationFunction#FINDING_RETENTION} after the episode's last change), so every
 * version counts the same reads as when every read was held to the end of the input. Live, a
 * finding is correlated at once: the promise is seconds.
 */
public final class ReadActivityFunction extends KeyedCoProcessFunction<String, ReadBundle, Finding, CorrelatedFinding> {

    static final Duration WINDOW = Duration.ofMinutes(30);
    private static final long MINUTE = 60_000;
    /** Shards of a minute's event-id hashes: the top four bits of the hash. */
    private static final int SHARDS = 16;
    /**
     * Minutes between two walks over {@code read-counts} to drop minutes that left the window. The
     * walk touches every resource and scope the actor read in the last half hour; done at every
     * minute's timer it was the replay's hottest method. Minutes outside the window are never
     * counted ({@link #readsBefore} reads only the window), so dropping them later changes nothing
     * but the size of the values, which stays bounded (at most the window plus this many minutes).
     */
    static final long TRIM_EVERY_MINUTES = 16;

    private final boolean replay;

    /**
     * Event-id hashes of the reads counted, per minute and shard ({@code minute * SHARDS + shard}),
     * so a redelivered read is counted once. A shard holds a sixteenth of a minute's reads: each
     * read rewrites only its shard, so on RocksDB a read costs a small get and put however many
     * reads the actor makes in that minute (one value per minute cost a copy of all its hashes per
     * read, quadratic in the reads of the minute).
     */
    private transient MapState<Long, long[]> readIds;
    /**
     * Per resource ({@code r|key}) and per API scope ({@code s|scope}): flat triples
     * (minute, count, first read's time) of the minutes still inside the window. A read updates
     * two small values; a finding reads exactly the two it needs.
     */
    private transient MapState<String, long[]> counts;
    /** The first expired minute at which {@code read-counts} is walked again; cleared with the counts. */
    private transient ValueState<Long> nextTrim;
    /**
     * The newest minute with a read counted, so a minute's timer knows whether any read is left in the
     * window without looking: on RocksDB, asking {@code read-ids} whether it is empty is an iterator
     * seek over the tombstones of the shards just removed, and those seeks were 45 % of the operator's
     * time in RocksDB during a replay (docs/benchmarks.md). Absent in state written before it existed:
     * then {@code read-ids} is asked.
     */
    private transient ValueState<Long> newestMinute;

    private transient EventTimeBuffer<Finding> waiting;
    private transient MapState<String, FindingReads> findingReads;
    /**
     * Replay: the earliest {@link FindingReads#keepUntil()} in {@code finding-reads}, so the timers before
     * it do not walk it.
     */
    private transient ValueState<Long> findingReadsDue;

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
        readIds = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "read-ids", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        counts = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "read-counts", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        nextTrim = getRuntimeContext().getState(new ValueStateDescriptor<>("read-counts-trim", Types.LONG));
        newestMinute = getRuntimeContext().getState(new ValueStateDescriptor<>("read-newest-minute", Types.LONG));
        if (replay) {
            waiting =
                    EventTimeBuffer.create(getRuntimeContext(), "findings-waiting", TypeInformation.of(Finding.class));
            findingReads = getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            "finding-reads", Types.STRING, TypeInformation.of(FindingReads.class)));
            findingReadsDue = getRuntimeContext().getState(new ValueStateDescriptor<>("finding-reads-due", Types.LONG));
        }
    }

    @Override
    public void processElement1(ReadBundle reads, Context ctx, Collector<CorrelatedFinding> out) throws Exception {
        // The bundle's reads, in order, exactly as one by one; each state value touched is read once
        // and written once per bundle.
        Map<Long, long[]> ids = new HashMap<>();
        Map<String, long[]> touched = new HashMap<>();
        String[] resourceKeys = new String[reads.nameCount()];
        String[] scopeKeys = new String[reads.nameCount()];
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < reads.size(); i++) {
            long time = reads.time(i);
            long minute = time / MINUTE;
            newest = Math.max(newest, minute);
            long h = reads.idHash(i);
            Long shardKey = minute * SHARDS + (h >>> 60);
            long[] seen = ids.get(shardKey);
            if (seen == null) {
                seen = readIds.get(shardKey);
                if (seen == null) {
                    seen = new long[0];
                    ctx.timerService().registerEventTimeTimer(expiry(minute));
                }
            }
            if (reads.hasId(i)) {
                if (contains(seen, h)) {
                    continue; // the same read delivered again
                }
                seen = Arrays.copyOf(seen, seen.length + 1);
                seen[seen.length - 1] = h;
            }
            ids.put(shardKey, seen);
            int r = reads.resourceIndex(i);
            if (r >= 0) {
                if (resourceKeys[r] == null) {
                    resourceKeys[r] = RESOURCE + reads.name(r);
                }
                add(touched, resourceKeys[r], minute, time);
            }
            int s = reads.scopeIndex(i);
            if (scopeKeys[s] == null) {
                scopeKeys[s] = SCOPE + reads.name(s);
            }
            add(touched, scopeKeys[s], minute, time);
        }
        for (Map.Entry<Long, long[]> e : ids.entrySet()) {
            readIds.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, long[]> e : touched.entrySet()) {
            counts.put(e.getKey(), e.getValue());
        }
        Long known = newestMinute.value();
        if (known == null) {
            // the actor's first reads since its read state ended, or state from before this value existed
            for (Long shardKey : readIds.keys()) {
                newest = Math.max(newest, shardKey / SHARDS);
            }
            newestMinute.update(newest);
        } else if (known < newest) {
            newestMinute.update(newest);
        }
    }

    private static boolean contains(long[] hashes, long h) {
        for (long s : hashes) {
            if (s == h) {
                return true;
            }
        }
        return false;
    }

    /** Counts a read in the bucket {@code key}'s triple of {@code minute}, in {@code touched} (read from state once). */
    private void add(Map<String, long[]> touched, String key, long minute, long time) throws Exception {
        long[] b = touched.get(key);
        if (b == null) {
            b = counts.get(key);
        }
        if (b == null) {
            touched.put(key, new long[] {minute, 1, time});
            return;
        }
        for (int i = 0; i < b.length; i += 3) {
            if (b[i] == minute) {
                b[i + 1]++;
                b[i + 2] = Math.min(b[i + 2], time);
                touched.put(key, b);
                return;
            }
        }
        long[] grown = Arrays.copyOf(b, b.length + 3);
        grown[b.length] = minute;
        grown[b.length + 1] = 1;
        grown[b.length + 2] = time;
        touched.put(key, grown);
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
            Long due = findingReadsDue.value();
            if (due == null || due > keepUntil) {
                findingReadsDue.update(keepUntil);
            }
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
        long from = (t0 - WINDOW.toMillis()) / MINUTE;
        long to = t0 / MINUTE;
        int onResource = 0;
        int inScope = 0;
        long first = Long.MAX_VALUE;
        long[] r = counts.get(resource);
        for (int i = 0; r != null && i < r.length; i += 3) {
            if (r[i] >= from && r[i] <= to) {
                onResource += (int) r[i + 1];
                first = Math.min(first, r[i + 2]);
            }
        }
        long[] s = scope == null ? null : counts.get(scope);
        for (int i = 0; s != null && i < s.length; i += 3) {
            if (s[i] >= from && s[i] <= to) {
                inScope += (int) s[i + 1];
                first = Math.min(first, s[i + 2]);
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
            Long due = findingReadsDue.value();
            if (due != null && due <= timestamp) {
                List<String> done = new ArrayList<>();
                long next = Long.MAX_VALUE;
                for (Map.Entry<String, FindingReads> e : findingReads.entries()) {
                    if (e.getValue().keepUntil() <= timestamp) {
                        done.add(e.getKey());
                    } else {
                        next = Math.min(next, e.getValue().keepUntil());
                    }
                }
                for (String id : done) {
                    findingReads.remove(id);
                }
                if (next == Long.MAX_VALUE) {
                    findingReads.clear();
                    findingReadsDue.clear();
                } else {
                    findingReadsDue.update(next);
                }
            }
        }
        // Any timer is past the expiry of this minute (a minute's own timer is exactly at it), and
        // every older minute was removed by its own timer, which fired before this one.
        long expired = (timestamp - WINDOW.toMillis()) / MINUTE - 1;
        for (long shard = 0; shard < SHARDS; shard++) {
            readIds.remove(expired * SHARDS + shard);
        }
        Long newest = newestMinute.value();
        if (newest != null ? newest <= expired : readIds.isEmpty()) {
            // No read is left in the window (each minute with reads keeps its hashes until its own
            // timer), so every count is of an expired minute: the actor's read state ends here.
            readIds.clear();
            counts.clear();
            nextTrim.clear();
            newestMinute.clear();
            return;
        }
        Long next = nextTrim.value();
        if (next != null && expired < next) {
            return;
        }
        nextTrim.update(expired + TRIM_EVERY_MINUTES);
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entries()) {
            long[] b = e.getValue();
            int kept = 0;
            for (int i = 0; i < b.length; i += 3) {
                kept += b[i] > expired ? 3 : 0;
            }
            if (kept == 0) {
                empty.add(e.getKey());
            } else if (kept < b.length) {
                long[] left = new long[kept];
                for (int i = 0, j = 0; i < b.length; i += 3) {
                    if (b[i] > expired) {
                        System.arraycopy(b, i, left, j, 3);
                        j += 3;
                    }
                }
                e.setValue(left);
            }
        }
        for (String key : empty) {
            counts.remove(key);
        }
    }

    private static final String RESOURCE = "r|";
    private static final String SCOPE = "s|";
}
