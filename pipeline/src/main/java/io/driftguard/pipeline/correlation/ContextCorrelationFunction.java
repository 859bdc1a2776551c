package io.driftguard.pipeline.correlation;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.context.ActorFacts;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator 4 of docs/design/architecture.md. Tickets, incidents, alerts, findings and commits are few: they
 * are broadcast, merged per item, and kept until {@link #CONTEXT_RETENTION} after their last news, where
 * {@link ContextCorrelationOperator} (the only operator this function runs in) keeps them: live in
 * broadcast state on every instance, a replay in keyed state, on RocksDB when its state is ({@link
 * ContextItems}).
 * Findings are keyed by id: each update is emitted with the evidence that concerns it, and when new
 * evidence arrives later (a hotfix commit, the incident's resolution) every finding it concerns is
 * emitted again, so the judgement is provisional at once and final once the look-ahead has passed.
 *
 * <p>Replay judges each finding once, finally: the newest episode version waits in {@code latest}
 * until the watermark passes its last change plus {@link #FINDING_RETENTION} (beyond every
 * look-ahead of {@link ContextMatcher}), or the input ends, and is judged then with the evidence
 * known by then, as of the newest evidence at the end of the input or, before it, as of that
 * moment. So the output does not depend on how far the readers ran ahead, and a replay's findings
 * are those it gave when it held every change to the end of its input (the same whenever the
 * input spans less than {@link #FINDING_RETENTION}).
 *
 * <p>Versions: the n-th emission for episode version v carries version {@code v * 1000 + n}, so the
 * sinks keep the newest judgement and replays write the same rows. Live, a finding is judged again
 * only when something it is judged on changes: a new update (episode version or reads), evidence that
 * concerns it and changes its facts, or once, by a processing-time timer, when its actor has been idle
 * for {@link #IDLE} since its last change (the troubleshooting rule's threshold; no timer when that
 * moment has already passed). So the same input gives the same versions however fast it was processed
 * and whether or not the job was restored from a checkpoint on the way: a restart that replays an
 * update already judged emits nothing new ({@code LiveJudgementVersionsTest}).
 *
 * <p>Live, evidence is coalesced per bucket of context event time: an update is judged at once,
 * but a context item that concerns a tracked finding only marks it pending until the end of the item's
 * bucket, and the finding is judged again once for all the items of that bucket: when the first item of
 * a later bucket arrives (judged without it), when the watermark passes the bucket's end (the context has
 * gone quiet; {@link ContextCorrelationOperator} calls {@link #emitDue}), by the finding's next update
 * (judged with all the evidence anyway), or when the finding retires. Which versions exist therefore
 * depends on the items' event times, not on how they fell into processing batches. An item of a bucket
 * the watermark has passed is judged at once; one of a bucket a newer item has ended waits for the next
 * item or watermark (a newer item can be dated ahead of its delivery, and must not make every item
 * after it a judgement of its own).
 *
 * <p>A bucket is {@link #BUCKET} for evidence that names the finding's resource, touches its IaC or is
 * about security (what can turn a judgement: {@link #direct}); for the rest (an alert or ticket of the
 * finding's service) it doubles with every judgement of the episode version, up to {@link #MAX_BUCKET}
 * ({@link #bucketSize}). A busy service's context then re-judges its long-lived findings every few
 * minutes instead of every few seconds, each judgement rewriting the finding with all its evidence; the
 * next update starts again at {@link #BUCKET}. Sizes follow from the judgements already emitted, which
 * follow from the input, so versions still do.
 */
public final class ContextCorrelationFunction
        extends KeyedBroadcastProcessFunction<String, CorrelatedFinding, ContextEvent, EpisodeContext> {

    /** Live: the items, by {@link ContextItem#key()}; nothing else ({@link BroadcastContextItems}). */
    public static final MapStateDescriptor<String, ContextItem> CONTEXT =
            new MapStateDescriptor<>("context-items", Types.STRING, TypeInformation.of(ContextItem.class));
    /**
     * Replay: the items, by {@link ContextItem#key()}, in keyed state under a key of their own
     * ({@link KeyedContextItems}): on RocksDB when the replay's state is.
     */
    public static final MapStateDescriptor<String, ContextItem> ITEMS =
            new MapStateDescriptor<>("replay-context-items", Types.STRING, TypeInformation.of(ContextItem.class));
    /**
     * The items' bookkeeping, one {@link ContextClock} under {@link #CLOCK_KEY}, in a broadcast state
     * of its own so that {@link #CONTEXT} holds items only.
     *
     * <p>Savepoints: the operator's uid ({@code context}) and the items' state name are unchanged,
     * so a savepoint taken before the clock had its own state still restores, but its items state
     * holds the old bookkeeping entry (kind {@code marker}, its key {@code newest} after a NUL
     * character) as if it were an item, and the clock starts empty. Start such a job fresh, or drop
     * that entry with the State Processor API; savepoints taken since then need nothing.
     */
    public static final MapStateDescriptor<String, ContextClock> CLOCK =
            new MapStateDescriptor<>("context-clock", Types.STRING, TypeInformation.of(ContextClock.class));

    private static final String CLOCK_KEY = "clock";
    static final Duration CONTEXT_RETENTION = Duration.ofDays(14);
    static final Duration FINDING_RETENTION = Duration.ofHours(48);
    /** docs/design/taxonomy.md: troubleshooting changes are reverted once the actor has been idle this long. */
    static final Duration IDLE = Duration.ofHours(1);
    /**
     * Live: context items of one bucket of this much event time that concern a finding re-judge it once,
     * at the bucket's end (each judgement is a version: the judge, exception rules, a PostgreSQL row and a
     * Kafka record).
     */
    static final Duration BUCKET = Duration.ofSeconds(5);
    /** The largest bucket: evidence of the finding's service reaches its finding within this much context time. */
    static final Duration MAX_BUCKET = Duration.ofMinutes(5);
    /** Versions: the n-th judgement of episode version v is {@code v * 1000 + n}. */
    private static final int JUDGEMENTS_PER_VERSION = 1000;
    /** Pruning walks every item, so it runs at most this often in event time. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    static final ValueStateDescriptor<TrackedFinding> LATEST =
            new ValueStateDescriptor<>("latest-finding", TypeInformation.of(TrackedFinding.class));

    private final DriftGuardConfig config;
    private final boolean replay;
    private final ContextMatcher matcher;

    private transient ValueState<TrackedFinding> latest;
    /**
     * Live: the newest finding of every key this instance tracks, mirroring {@code latest}, so a
     * context item is matched against findings in memory and only the keys it concerns are read
     * from the state backend (on RocksDB, reading every tracked finding for every item was one
     * deserialization per finding per item). Derived from keyed state: rebuilt from it after a
     * restore, before the first item is matched ({@code mirrored}).
     */
    private transient Map<String, ContextMatcher.Subject> tracked;
    /**
     * Live: the findings with a re-judgement waiting ({@link TrackedFinding#pending()}), by id: the end of
     * the bucket. Mirrors keyed state like {@code tracked}, rebuilt with it.
     */
    private transient Map<String, Long> pending;
    /**
     * Live: how many judgements each tracked finding's episode version has had ({@link
     * TrackedFinding#emitted()}), which sizes its next bucket. Mirrors keyed state like {@code tracked}.
     */
    private transient Map<String, Integer> judgements;
    /** The earliest bucket end in {@code pending}, or earlier (then it is recomputed). */
    private transient long nextDue;

    private transient boolean mirrored;
    /** The items, where {@link ContextCorrelationOperator} keeps them: {@link #items(ContextItems)}. */
    private transient ContextItems items;

    public ContextCorrelationFunction(DriftGuardConfig config, boolean replay) {
        this.config = config;
        this.replay = replay;
        this.matcher = new ContextMatcher(config);
    }

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(LATEST);
        tracked = new HashMap<>();
        pending = new HashMap<>();
        judgements = new HashMap<>();
        nextDue = Long.MAX_VALUE;
        mirrored = false;
    }

    boolean replay() {
        return replay;
    }

    /** Where the items are kept; set by the operator once it has opened this function. */
    void items(ContextItems items) {
        this.items = items;
    }

    @Override
    public void processElement(CorrelatedFinding update, ReadOnlyContext ctx, Collector<EpisodeContext> out)
            throws Exception {
        TrackedFinding previous = latest.value();
        if (previous != null
                && previous.latest().finding().version() > update.finding().version()) {
            return; // an older episode version arriving late changes nothing
        }
        boolean sameVersion = previous != null
                && previous.latest().finding().version() == update.finding().version();
        int emitted = sameVersion ? previous.emitted() : 0;
        Finding f = update.finding();
        ctx.timerService()
                .registerEventTimeTimer(
                        f.lastEventTime().plus(FINDING_RETENTION).toEpochMilli());
        if (replay) {
            latest.update(new TrackedFinding(update, emitted));
            return;
        }
        List<ContextFact> facts = facts(update);
        if (sameVersion
                && update.equals(previous.latest())
                && (facts.equals(previous.judged()) || previous.pending() != null)) {
            // The same update again (a restart replaying its input, a redelivery): the judgement would be
            // the one already emitted, or the pending one with the evidence that came since, so it gets no
            // new version now.
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        out.collect(context(update, emitted, facts, now(ctx.getBroadcastState(CLOCK), f, now)));
        latest.update(new TrackedFinding(update, emitted + 1, facts)); // a pending re-judgement is in this one
        tracked.put(f.findingId(), matcher.subject(f));
        judgements.put(f.findingId(), emitted + 1);
        pending.remove(f.findingId());
        long idle = idleAt(f);
        if (previous != null && idleAt(previous.latest().finding()) != idle) {
            ctx.timerService()
                    .deleteProcessingTimeTimer(idleAt(previous.latest().finding()));
        }
        if (f.isOpen() && idle > now) {
            ctx.timerService().registerProcessingTimeTimer(idle);
        }
    }

    @Override
    public void processBroadcastElement(ContextEvent event, Context ctx, Collector<EpisodeContext> out)
            throws Exception {
        String key = ContextItem.keyOf(event);
        ContextItem known = items.get(key);
        ContextItem item = ContextItem.merge(known, event);
        if (item.equals(known)) {
            // A redelivery (a webhook retried, a Pub/Sub message after its ack deadline) or a repeat
            // that teaches nothing new: no finding is judged again, so none gets a version for it.
            return;
        }
        KeyedState keys = visit -> ctx.applyToKeyedState(LATEST, visit);
        if (!replay) {
            ensureMirrored(keys);
            // The buckets this item is past are judged first, without it, as the watermark would have judged
            // them: what they are judged on does not depend on whether the item or the watermark came first.
            emitDue(item.updated().toEpochMilli(), keys, ctx.currentProcessingTime(), out);
        }
        items.put(key, item, known);
        BroadcastState<String, ContextClock> clocks = ctx.getBroadcastState(CLOCK);
        ContextClock clock = clocks.get(CLOCK_KEY);
        if (clock == null || item.updated().isAfter(clock.newest())) {
            Instant pruned = clock == null ? item.updated() : clock.pruned();
            if (pruned.plus(PRUNE_EVERY).isBefore(item.updated())) {
                items.prune(item.updated().minus(CONTEXT_RETENTION));
                pruned = item.updated();
            }
            clocks.put(CLOCK_KEY, new ContextClock(item.updated(), pruned));
        }
        if (replay) {
            return; // findings are judged once the watermark has passed their look-ahead
        }
        // Each finding the item concerns waits for the end of its bucket (unless an earlier bucket's
        // judgement, which will see this item, is pending already), or is judged at once when the
        // watermark has passed that end. An item whose bucket a newer item has ended already waits
        // too: the next item or watermark ends it. (Judging such items at once let one alert dated an
        // hour ahead of its delivery turn every item of that hour into a judgement of its own.)
        Map<String, Long> wait = new HashMap<>();
        Set<String> atOnce = new HashSet<>();
        long watermark = ctx.currentWatermark();
        for (Map.Entry<String, ContextMatcher.Subject> e : tracked.entrySet()) {
            ContextFact fact = matcher.fact(e.getValue(), item);
            if (fact == null) {
                continue;
            }
            String findingId = e.getKey();
            long end = bucketEnd(item.updated(), bucketSize(judgements.getOrDefault(findingId, 1), direct(fact)));
            if (end - 1 <= watermark) {
                atOnce.add(findingId);
            } else if (pending.getOrDefault(findingId, Long.MAX_VALUE) > end) {
                wait.put(findingId, end);
            }
        }
        if (wait.isEmpty() && atOnce.isEmpty()) {
            return; // all of them wait for a bucket that will see this item already
        }
        long now = ctx.currentProcessingTime();
        // In the backend's key order, as before; only the keys concerned are read.
        keys.forEach((findingId, state) -> {
            Long end = wait.get(findingId);
            boolean judge = atOnce.contains(findingId);
            TrackedFinding t = end != null || judge ? state.value() : null;
            if (t == null) {
                return; // the mirror holds the state's newest finding, so it concerns the item as matched above
            }
            if (end != null) {
                state.update(t.pending(end));
                pending.put(findingId, end);
                nextDue = Math.min(nextDue, end);
                return;
            }
            List<ContextFact> facts = facts(t.latest());
            if (facts.equals(t.judged())) {
                return; // news about the item that does not change what this finding is judged on
            }
            Finding f = t.latest().finding();
            out.collect(context(t.latest(), t.emitted(), facts, now(clocks, f, now)));
            state.update(new TrackedFinding(t.latest(), t.emitted() + 1, facts, t.pending()));
            judgements.put(findingId, t.emitted() + 1);
        });
    }

    /**
     * Evidence that can turn a judgement, re-judged within {@link #BUCKET}: it names the finding's
     * resource (or, for a commit, touches its IaC), or it is about security.
     */
    static boolean direct(ContextFact fact) {
        return fact.sameResource() || fact.security();
    }

    /**
     * The bucket (milliseconds) of an item that concerns a finding whose episode version has had
     * {@code judged} judgements: {@link #BUCKET} for {@link #direct} evidence and for the first
     * re-judgement, then doubling per judgement up to {@link #MAX_BUCKET}.
     */
    static long bucketSize(int judged, boolean direct) {
        long base = BUCKET.toMillis();
        if (direct || judged <= 1) {
            return base;
        }
        int doublings = Math.min(judged - 1, 20);
        return Math.min(base << doublings, MAX_BUCKET.toMillis());
    }

    /** Access to every key's {@link #LATEST}, lent by the operator (the broadcast side or the watermark). */
    @FunctionalInterface
    interface KeyedState {
        void forEach(KeyedStateFunction<String, ValueState<TrackedFinding>> visit) throws Exception;
    }

    /**
     * Live: judges again every finding whose pending bucket ended at or before {@code upTo} (epoch
     * milliseconds): a context item of that time has arrived, or the watermark has passed it. A finding
     * whose evidence came out the same as judged gets no new version.
     */
    void emitDue(long upTo, KeyedState keys, long processingTime, Collector<EpisodeContext> out) throws Exception {
        if (replay) {
            return;
        }
        ensureMirrored(keys);
        if (nextDue > upTo) {
            return;
        }
        Set<String> due = new HashSet<>();
        for (Map.Entry<String, Long> e : pending.entrySet()) {
            if (e.getValue() <= upTo) {
                due.add(e.getKey());
            }
        }
        pending.keySet().removeAll(due);
        nextDue = pending.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        if (due.isEmpty()) {
            return;
        }
        keys.forEach((findingId, state) -> {
            TrackedFinding t = due.contains(findingId) ? state.value() : null;
            if (t != null && t.pending() != null) {
                emitPending(t, state, processingTime, out);
            }
        });
    }

    /** The pending re-judgement of {@code t}, if its evidence changed; clears the mark either way. */
    private void emitPending(
            TrackedFinding t, ValueState<TrackedFinding> state, long processingTime, Collector<EpisodeContext> out)
            throws Exception {
        List<ContextFact> facts = facts(t.latest());
        if (facts.equals(t.judged())) {
            state.update(new TrackedFinding(t.latest(), t.emitted(), t.judged()));
            return;
        }
        out.collect(context(t.latest(), t.emitted(), facts, Instant.ofEpochMilli(processingTime)));
        state.update(new TrackedFinding(t.latest(), t.emitted() + 1, facts));
        judgements.put(t.latest().finding().findingId(), t.emitted() + 1);
    }

    /** Live: builds the mirrors of keyed state once after (re)start; later changes keep them in step. */
    private void ensureMirrored(KeyedState keys) throws Exception {
        if (mirrored) {
            return;
        }
        tracked.clear();
        pending.clear();
        judgements.clear();
        keys.forEach((findingId, state) -> {
            TrackedFinding t = state.value();
            if (t != null) {
                tracked.put(findingId, matcher.subject(t.latest().finding()));
                judgements.put(findingId, t.emitted());
                if (t.pending() != null) {
                    pending.put(findingId, t.pending());
                }
            }
        });
        nextDue = pending.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        mirrored = true;
    }

    /** The end (exclusive, epoch milliseconds) of the bucket of {@code size} milliseconds that holds {@code time}. */
    static long bucketEnd(Instant time, long size) {
        return Math.floorDiv(time.toEpochMilli(), size) * size + size;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EpisodeContext> out) throws Exception {
        TrackedFinding t = latest.value();
        if (t == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            // live: the actor has now been idle for IDLE since the episode's last change (the troubleshooting
            // rule's threshold), judged once as of that moment. A timer of an earlier episode version (whose
            // last change was earlier) is stale and does nothing; so is one of an episode closed meanwhile.
            Finding f = t.latest().finding();
            if (f.isOpen() && timestamp == idleAt(f)) {
                List<ContextFact> facts = facts(t.latest());
                out.collect(context(t.latest(), t.emitted(), facts, Instant.ofEpochMilli(timestamp)));
                // A pending re-judgement stays: items of its bucket may still come, and if none changes the
                // evidence judged now, it emits nothing.
                latest.update(new TrackedFinding(t.latest(), t.emitted() + 1, facts, t.pending()));
                judgements.put(f.findingId(), t.emitted() + 1);
            }
            return;
        }
        if (t.latest().finding().lastEventTime().plus(FINDING_RETENTION).toEpochMilli() > timestamp) {
            return;
        }
        if (replay) {
            Instant asOf = ctx.timerService().currentWatermark() == Long.MAX_VALUE
                    ? now(ctx.getBroadcastState(CLOCK), t.latest().finding(), timestamp)
                    : Instant.ofEpochMilli(timestamp);
            out.collect(context(t.latest(), t.emitted(), facts(t.latest()), asOf));
        } else if (t.pending() != null) {
            // retiring with items of a bucket the watermark has not passed yet: judged with them now
            emitPending(t, latest, ctx.timerService().currentProcessingTime(), out);
        }
        latest.clear();
        tracked.remove(ctx.getCurrentKey());
        pending.remove(ctx.getCurrentKey());
        judgements.remove(ctx.getCurrentKey());
    }

    /** What a finding is judged on: its actor's reads and the context items that concern it. */
    private List<ContextFact> facts(CorrelatedFinding c) throws Exception {
        List<ContextFact> facts = new ArrayList<>(c.reads());
        ContextMatcher.Subject subject = matcher.subject(c.finding());
        facts.addAll(matcher.facts(subject, items.candidates(subject)));
        return List.copyOf(facts);
    }

    /** The moment the actor has been idle for {@link #IDLE} since the episode's last change. */
    private static long idleAt(Finding f) {
        return f.lastEventTime().plus(IDLE).toEpochMilli();
    }

    /**
     * Whether {@code f}, as this operator emitted it, is its episode version's own judgement (n = 0 in
     * {@code v * 1000 + n}) rather than a re-judgement: evidence that came later, or idleness.
     */
    public static boolean firstJudgement(Finding f) {
        return f.version() % JUDGEMENTS_PER_VERSION == 0;
    }

    private EpisodeContext context(CorrelatedFinding c, int n, List<ContextFact> facts, Instant asOf) {
        Finding f = c.finding();
        Finding versioned = f.toBuilder()
                .version(f.version() * JUDGEMENTS_PER_VERSION + Math.min(n, JUDGEMENTS_PER_VERSION - 1))
                .build();
        ActorFacts actor = new ActorFacts(
                f.actor().id(),
                f.actor().type(),
                f.actor().display(),
                f.actor().security(),
                "automation".equals(f.actor().type()),
                f.trigger() != null && f.trigger().viaConsole(),
                f.trigger() == null ? null : f.trigger().userAgent());
        return new EpisodeContext(versioned, actor, f.service(), facts, asOf, f.lastEventTime());
    }

    /** Replay judges "as of" the newest evidence seen, so output does not depend on the wall clock. */
    private Instant now(ReadOnlyBroadcastState<String, ContextClock> clocks, Finding f, long processingTime)
            throws Exception {
        if (!replay) {
            return Instant.ofEpochMilli(processingTime);
        }
        ContextClock clock = clocks.get(CLOCK_KEY);
        return later(clock == null ? null : clock.newest(), f.lastEventTime());
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
