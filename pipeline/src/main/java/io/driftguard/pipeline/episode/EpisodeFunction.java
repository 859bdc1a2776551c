package io.driftguard.pipeline.episode;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.ingest.reconcile.ReconcileScanParser;
import io.driftguard.pipeline.EventIdHash;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.eventtime.EventTimeBuffer;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator 2 of docs/design/architecture.md, keyed by resource: declared state (input 1) meets changes
 * (input 2) and drift episodes come out as versioned {@link Finding}s.
 *
 * <p>In replay, changes are applied in event-time order: each waits in {@code buffer} (an
 * {@link EventTimeBuffer}) until the watermark passes its timestamp, so the declaration loaded at the start of a replay is always in
 * place before the first change, and two changes to one resource read from different files are
 * applied in the order they happened. Live, each change is applied as it arrives.
 *
 * <p>Live, declared state and changes come from different topics, so a change can arrive before
 * its resource's declaration: at start-up, while the declared-state topic is still being read, or
 * when a resource was just created and {@code iac-sync} has not yet published it. Such a change is
 * not judged unmanaged at once: it waits in {@code awaiting} for at most the declaration wait, in
 * event time and in processing time, whichever ends first (event time only once the declaration
 * has had {@link #GRACE_MILLIS} to arrive, so a job catching up on a backlog does not end the wait
 * before it has read the declared state). A declaration that arrives in time
 * applies the waiting changes in order, as drift; when the wait ends without one, they are
 * reported as unmanaged. Either way the counters say how often it happened
 * ({@code changes_declared_late}, {@code changes_declaration_wait_expired}); nothing waits forever.
 *
 * <p>A resource removed from the IaC arrives as a {@linkplain DesiredResource#isRemoval() removal}
 * per declaration (an {@code iac-sync} tombstone): once the last one goes, the open episode is
 * resolved as {@code removed_from_iac} and later changes are reported as unmanaged. The other way
 * round, an open unmanaged finding whose resource becomes declared is resolved as {@code codified}
 * (someone imported it into the IaC, or its declaration was read late), and later changes are drift.
 *
 * <p>A reconcile scan's observation ({@code driftguard reconcile}) is a change like any other, by an
 * unknown actor, so the same state decides whether it is drift: a live value the open episode
 * already has is a restatement and reports nothing twice. {@code last-audited-change} (the event
 * time of the newest audited change applied) keeps an observation read before that change from
 * undoing it.
 *
 * <p>A connector redelivers at least once (an SQS message whose deletion failed, a Pub/Sub ack that
 * was lost, a webhook sent again), sometimes after the episode the event belonged to was closed and
 * judged. Applied again then, the event would open the episode a second time, under the same
 * finding id (made of its first event id) with a second version 1, and leave an open episode on a
 * resource that was reverted. So, live, {@code applied} remembers a hash of every event id applied
 * to the resource, with the processing time, for the redelivery horizon
 * ({@link JobSettings#REDELIVERY_HORIZON} by default), and an event seen again within it is dropped
 * on arrival. Ids older than the horizon are removed by processing-time timers, at most 24 per
 * resource and horizon (an id is kept up to a 24th of the horizon longer). Replay needs none of
 * it: it applies changes in event-time order, so a repeated event sits next to the first and
 * restates it within its episode.
 *
 * <p>State and its cleanup: {@code declarations} live as long as the IaC declares the resource, and
 * {@code last-audited-change} with them; live, {@code applied} holds each event id for the horizon;
 * {@code overlay} holds only attributes that differ and is cleared when an episode resolves;
 * {@code episode} is cleared on resolution; an {@code unmanaged} finding is dropped after
 * {@link #UNMANAGED_IDLE} of quiet; {@code buffer} empties as the watermark advances;
 * {@code awaiting} and its deadline empty when a declaration arrives or the wait ends, and hold at
 * most {@link #MAX_AWAITING} changes. Long-running operations arrive already paired by
 * {@link OperationFunction}.
 */
public final class EpisodeFunction extends KeyedCoProcessFunction<String, DesiredResource, ChangeRecord, Finding> {

    static final Duration UNMANAGED_IDLE = Duration.ofHours(24);
    /**
     * The least time a declaration is given to arrive, however fast event time moves: a job that
     * catches up on a backlog reads hours of changes in seconds, while the declared-state topic is
     * still being read.
     */
    static final long GRACE_MILLIS = 10_000;

    /** Changes kept per resource while its declaration is awaited; more end the wait at once. */
    static final int MAX_AWAITING = 1_000;

    private final DriftGuardConfig config;
    private final boolean replay;
    private final long declarationWaitMillis;
    private final Duration redeliveryHorizon;

    private transient EpisodeTracker tracker;
    private transient MapState<String, DesiredResource> declarations;
    private transient MapState<String, String> overlay;
    private transient ValueState<Finding> episode;
    private transient ValueState<Finding> unmanaged;
    private transient EventTimeBuffer<ChangeRecord> buffer;
    private transient ListState<ChangeRecord> awaiting;
    private transient ValueState<Long> awaitingUntil;
    private transient ValueState<Integer> awaitingCount;
    private transient ListState<ChangeRecord> unconfirmed;
    private transient ValueState<Long> unconfirmedUntil;
    private transient ValueState<Long> lastAudited;
    private transient MapState<Long, Long> applied;
    private transient Counter opened;
    private transient Counter resolved;
    private transient Counter ignoredByRule;
    private transient Counter declaredLate;
    private transient Counter waitExpired;
    private transient Counter staleObservations;
    private transient Counter redelivered;

    /**
     * @param replay order changes by event time through the buffer and report {@code detected_at} in
     *     event time; live mode applies each change as it arrives, because Kafka already keeps one
     *     resource's events in order and the promise is seconds, not a watermark's delay
     * @param declarationWait live: how long a change on a resource without a declaration waits for
     *     one before it is judged unmanaged (in replay every declaration is read before any change
     *     is applied, so nothing waits)
     * @param redeliveryHorizon how long the event ids applied to a resource are remembered, to drop
     *     a redelivered event
     */
    public EpisodeFunction(
            DriftGuardConfig config, boolean replay, Duration declarationWait, Duration redeliveryHorizon) {
        this.config = config;
        this.replay = replay;
        this.declarationWaitMillis = declarationWait.toMillis();
        this.redeliveryHorizon = redeliveryHorizon;
    }

    public EpisodeFunction(DriftGuardConfig config, boolean replay, Duration declarationWait) {
        this(config, replay, declarationWait, JobSettings.REDELIVERY_HORIZON);
    }

    public EpisodeFunction(DriftGuardConfig config, boolean replay) {
        this(config, replay, JobSettings.DECLARATION_WAIT);
    }

    @Override
    public void open(OpenContext openContext) {
        tracker = new EpisodeTracker(config, replay);
        var ctx = getRuntimeContext();
        declarations = ctx.getMapState(
                new MapStateDescriptor<>("declarations", Types.STRING, TypeInformation.of(DesiredResource.class)));
        overlay = ctx.getMapState(new MapStateDescriptor<>("overlay", Types.STRING, Types.STRING));
        episode = ctx.getState(new ValueStateDescriptor<>("episode", TypeInformation.of(Finding.class)));
        unmanaged = ctx.getState(new ValueStateDescriptor<>("unmanaged", TypeInformation.of(Finding.class)));
        buffer = EventTimeBuffer.create(ctx, "buffer", TypeInformation.of(ChangeRecord.class));
        awaiting = ctx.getListState(new ListStateDescriptor<>("awaiting", TypeInformation.of(ChangeRecord.class)));
        awaitingUntil = ctx.getState(new ValueStateDescriptor<>("awaiting-until", Types.LONG));
        awaitingCount = ctx.getState(new ValueStateDescriptor<>("awaiting-count", Types.INT));
        unconfirmed =
                ctx.getListState(new ListStateDescriptor<>("unconfirmed", TypeInformation.of(ChangeRecord.class)));
        unconfirmedUntil = ctx.getState(new ValueStateDescriptor<>("unconfirmed-until", Types.LONG));
        lastAudited = ctx.getState(new ValueStateDescriptor<>("last-audited-change", Types.LONG));
        applied = ctx.getMapState(new MapStateDescriptor<>("applied", Types.LONG, Types.LONG));
        var metrics = ctx.getMetricGroup().addGroup("driftguard");
        opened = metrics.counter("episodes_opened");
        resolved = metrics.counter("episodes_resolved");
        ignoredByRule = metrics.counter("changes_ignored_by_rule");
        declaredLate = metrics.counter("changes_declared_late");
        waitExpired = metrics.counter("changes_declaration_wait_expired");
        staleObservations = metrics.counter("scan_observations_skipped");
        redelivered = metrics.counter("changes_redelivered");
    }

    @Override
    public void processElement1(DesiredResource declared, Context ctx, Collector<Finding> out) throws Exception {
        if (declared.isRemoval()) {
            removed(declared, ctx, out);
            return;
        }
        boolean known = !declarations.isEmpty();
        declarations.put(declared.iac().address(), stored(declared));
        if (known) {
            EpisodeTracker.View view = load(declared.key());
            emit(tracker.redeclared(view, at(ctx)), out);
            store(view);
        } else if (unmanaged.value() != null) {
            // reported unmanaged, declared now (codified, or its declaration was read late): the
            // unmanaged finding is resolved, and changes from here on are measured against the IaC
            emit(tracker.nowDeclared(unmanaged.value(), at(ctx)), out);
            unmanaged.clear();
        }
        if (unconfirmedUntil.value() != null) {
            // changes already reported unmanaged when event time ran past their wait, while their
            // declaration was still on its way: within the whole wait they are drift after all
            List<ChangeRecord> reported = drainUnconfirmed();
            declaredLate.inc(reported.size());
            for (ChangeRecord change : reported) {
                handle(change, ctx.timerService(), out);
            }
        }
        if (awaitingUntil.value() != null) {
            // the declaration these changes waited for: apply them in arrival order, as drift
            List<ChangeRecord> waited = drainAwaiting();
            declaredLate.inc(waited.size());
            for (ChangeRecord change : waited) {
                handle(change, ctx.timerService(), out);
            }
        }
    }

    /**
     * An {@code iac-sync} tombstone: the IaC no longer declares the object at this address. When it
     * was the resource's last declaration the resource is no longer managed: its open episode is
     * resolved as {@code removed_from_iac}, its state goes, and later changes are unmanaged. When
     * other declarations remain (a rule resource removed beside its group), what is left is the new
     * declaration, as on any reload.
     */
    private void removed(DesiredResource removal, Context ctx, Collector<Finding> out) throws Exception {
        if (!declarations.contains(removal.iac().address())) {
            return; // a tombstone for something this key never declared (a compacted topic re-read)
        }
        declarations.remove(removal.iac().address());
        EpisodeTracker.View view = load(removal.key());
        Instant at = at(ctx);
        if (view.declarations.isEmpty()) {
            emit(tracker.undeclared(view, at), out);
            declarations.clear();
            overlay.clear();
            episode.clear();
            lastAudited.clear();
            return;
        }
        emit(tracker.redeclared(view, at), out);
        store(view);
    }

    /** The declaration's time: its record's timestamp, or the processing time when it has none. */
    private static Instant at(Context ctx) {
        return ctx.timestamp() == null
                ? Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())
                : Instant.ofEpochMilli(ctx.timestamp());
    }

    @Override
    public void processElement2(ChangeRecord change, Context ctx, Collector<Finding> out) throws Exception {
        if (!replay || !buffer.hold(change, change.timestamp(), ctx.timerService())) {
            arrive(change, ctx.timerService(), out);
        }
    }

    /**
     * A change as it comes in (live, or released by the event-time buffer): dropped when its event
     * was already applied to this resource within the redelivery horizon. Changes that waited for a
     * declaration go to {@link #handle} directly when they are applied again as drift.
     */
    private void arrive(ChangeRecord change, TimerService timers, Collector<Finding> out) throws Exception {
        String id = change.event().eventId();
        if (!replay && id != null && !change.changes().isEmpty()) {
            Long at = applied.get(appliedKey(change));
            if (at != null && at + redeliveryHorizon.toMillis() > timers.currentProcessingTime()) {
                redelivered.inc();
                return;
            }
        }
        handle(change, timers, out);
    }

    /** Live: remembers the event as applied, and when to forget it. */
    private void remember(ChangeRecord change, long now, TimerService timers) throws Exception {
        if (replay || change.event().eventId() == null) {
            return;
        }
        applied.put(appliedKey(change), now);
        long step = Math.max(1_000, redeliveryHorizon.toMillis() / 24);
        timers.registerProcessingTimeTimer(((now + redeliveryHorizon.toMillis()) / step + 1) * step);
    }

    /**
     * What identifies a change as applied: its event id and what it changes. One event can make
     * several changes on one resource (two catalog rows of one call, such as API Gateway's v1 and v2
     * shapes of {@code UpdateAuthorizer}); each is applied, and only the same change of the same
     * event arriving again is a redelivery.
     */
    private static long appliedKey(ChangeRecord change) {
        return EventIdHash.of(change.event().eventId() + '\n' + change.changes());
    }

    /** Forgets the event ids applied longer than the redelivery horizon ago. */
    private void forgetApplied(long now) throws Exception {
        List<Long> old = new ArrayList<>();
        for (Map.Entry<Long, Long> e : applied.entries()) {
            if (e.getValue() + redeliveryHorizon.toMillis() <= now) {
                old.add(e.getKey());
            }
        }
        for (Long id : old) {
            applied.remove(id);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        Long until = awaitingUntil.value();
        if (until != null) {
            TimerService timers = ctx.timerService();
            long now = timers.currentProcessingTime();
            long graceOver = until - declarationWaitMillis + Math.min(declarationWaitMillis, GRACE_MILLIS);
            boolean eventTimeOver = timers.currentWatermark() >= firstAwaitedAt() + declarationWaitMillis;
            if (now >= until) {
                expireWait(timers, out);
            } else if (eventTimeOver && now >= graceOver) {
                expireWaitEarly(until, timers, out);
            } else if (eventTimeOver) {
                timers.registerProcessingTimeTimer(graceOver);
            }
        }
        Long reportedUntil = unconfirmedUntil.value();
        if (reportedUntil != null && ctx.timerService().currentProcessingTime() >= reportedUntil) {
            drainUnconfirmed(); // the whole wait passed without a declaration: unmanaged it stays
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            forgetApplied(ctx.timerService().currentProcessingTime());
            return;
        }
        for (ChangeRecord change : buffer.release(timestamp)) {
            arrive(change, ctx.timerService(), out);
        }
        Finding u = unmanaged.value();
        if (u != null && u.lastEventTime().toEpochMilli() + UNMANAGED_IDLE.toMillis() <= timestamp) {
            unmanaged.clear();
        }
    }

    private void handle(ChangeRecord change, TimerService timers, Collector<Finding> out) throws Exception {
        if (change.changes().isEmpty()) {
            return;
        }
        if (ReconcileScanParser.isObservation(change.event()) && !observationApplies(change)) {
            staleObservations.inc();
            return;
        }
        if (declarations.isEmpty() && !replay) {
            await(change, timers, out);
            return;
        }
        apply(change, timers, out);
    }

    /** Live: keeps a change on a not-yet-declared resource until its declaration or the wait ends. */
    private void await(ChangeRecord change, TimerService timers, Collector<Finding> out) throws Exception {
        if (awaitingUntil.value() == null) {
            long until = timers.currentProcessingTime() + declarationWaitMillis;
            awaitingUntil.update(until);
            timers.registerProcessingTimeTimer(until);
            timers.registerEventTimeTimer(change.timestamp() + declarationWaitMillis);
        }
        awaiting.add(change);
        int n = awaitingCount.value() == null ? 1 : awaitingCount.value() + 1;
        awaitingCount.update(n);
        if (n >= MAX_AWAITING) {
            expireWait(timers, out);
        }
    }

    /** The wait ended without a declaration: what waited is reported as unmanaged, in order. */
    private void expireWait(TimerService timers, Collector<Finding> out) throws Exception {
        List<ChangeRecord> waited = drainAwaiting();
        waitExpired.inc(waited.size());
        for (ChangeRecord change : waited) {
            apply(change, timers, out);
        }
    }

    /**
     * Event time ran past the wait and the declaration had its grace: what waited is reported as
     * unmanaged now (a backlog is not held back), but kept until the whole wait is over in
     * processing time, so a declared-state topic that is read slowly (a loaded or restarted job) still
     * turns these changes into drift when the declaration arrives.
     */
    private void expireWaitEarly(long until, TimerService timers, Collector<Finding> out) throws Exception {
        List<ChangeRecord> waited = drainAwaiting();
        waitExpired.inc(waited.size());
        for (ChangeRecord change : waited) {
            apply(change, timers, out);
        }
        unconfirmed.addAll(waited);
        Long previous = unconfirmedUntil.value();
        unconfirmedUntil.update(previous == null ? until : Math.max(previous, until));
    }

    private List<ChangeRecord> drainUnconfirmed() throws Exception {
        List<ChangeRecord> out = new ArrayList<>();
        Iterable<ChangeRecord> it = unconfirmed.get();
        if (it != null) {
            it.forEach(out::add);
        }
        unconfirmed.clear();
        unconfirmedUntil.clear();
        return out;
    }

    private List<ChangeRecord> drainAwaiting() throws Exception {
        List<ChangeRecord> out = new ArrayList<>();
        Iterable<ChangeRecord> it = awaiting.get();
        if (it != null) {
            it.forEach(out::add);
        }
        awaiting.clear();
        awaitingUntil.clear();
        awaitingCount.clear();
        return out;
    }

    private long firstAwaitedAt() throws Exception {
        Iterable<ChangeRecord> it = awaiting.get();
        if (it != null) {
            for (ChangeRecord c : it) {
                return c.timestamp();
            }
        }
        return Long.MIN_VALUE / 2;
    }

    /**
     * A reconcile scan's observation is applied only to a declared resource (the scanner reads
     * declared resources; one the IaC has since dropped is not its business) and only when it was
     * read after the last audited change this operator applied: an older read would undo that
     * change (a revert the scan never saw) or repeat it. Equal values apply as a restatement and
     * change nothing, so a scan never duplicates what an episode already reports.
     */
    private boolean observationApplies(ChangeRecord observation) throws Exception {
        if (declarations.isEmpty()) {
            return false;
        }
        Long last = lastAudited.value();
        return last == null || observation.timestamp() > last;
    }

    private void apply(ChangeRecord change, TimerService timers, Collector<Finding> out) throws Exception {
        long now = timers.currentProcessingTime();
        remember(change, now, timers);
        if (!declarations.isEmpty() && !ReconcileScanParser.isObservation(change.event())) {
            Long last = lastAudited.value();
            if (last == null || change.timestamp() > last) {
                lastAudited.update(change.timestamp());
            }
        }
        if (declarations.isEmpty()) {
            Finding u = tracker.unmanaged(unmanaged.value(), change, now);
            if (u != null) {
                unmanaged.update(u);
                timers.registerEventTimeTimer(u.lastEventTime().toEpochMilli() + UNMANAGED_IDLE.toMillis());
                out.collect(u);
            }
            return;
        }
        EpisodeTracker.View view = load(change.key());
        if (tracker.onlyIgnored(view, change)) {
            ignoredByRule.inc();
        }
        Finding update = tracker.apply(view, change, now);
        store(view);
        emit(update, out);
    }

    private EpisodeTracker.View load(String key) throws Exception {
        Map<String, DesiredResource> decl = new HashMap<>();
        for (Map.Entry<String, DesiredResource> e : declarations.entries()) {
            decl.put(e.getKey(), restored(key, e.getKey(), e.getValue()));
        }
        Map<String, String> over = new HashMap<>();
        for (Map.Entry<String, String> e : overlay.entries()) {
            over.put(e.getKey(), e.getValue());
        }
        return new EpisodeTracker.View(decl, over, episode.value());
    }

    private void store(EpisodeTracker.View view) throws Exception {
        for (Map.Entry<String, DesiredResource> e : view.declarations.entrySet()) {
            declarations.put(e.getKey(), stored(e.getValue()));
        }
        overlay.clear();
        if (!view.overlay.isEmpty()) {
            overlay.putAll(view.overlay);
        }
        if (view.episode == null) {
            episode.clear();
        } else {
            episode.update(view.episode);
        }
    }

    /**
     * A declaration as {@code declarations} keeps it: without the resource key (the state's key)
     * and the IaC address (the entry's key), which every resource would otherwise store twice
     * (about a sixth of its bytes, {@link StateSize}). A declaration stored whole, by a job before
     * this, reads back the same.
     */
    static DesiredResource stored(DesiredResource d) {
        IacRef iac = d.iac();
        return new DesiredResource(
                null,
                d.cloud(),
                d.account(),
                d.resourceId(),
                d.resourceType(),
                new IacRef(iac.source(), null, iac.path(), iac.excerpt()),
                d.attributes(),
                d.labels());
    }

    /** The declaration {@link #stored} kept under {@code key} and {@code address}. */
    static DesiredResource restored(String key, String address, DesiredResource s) {
        IacRef iac = s.iac();
        return new DesiredResource(
                key,
                s.cloud(),
                s.account(),
                s.resourceId(),
                s.resourceType(),
                new IacRef(iac.source(), address, iac.path(), iac.excerpt()),
                s.attributes(),
                s.labels());
    }

    private void emit(Finding update, Collector<Finding> out) {
        if (update == null) {
            return;
        }
        if (update.version() == 1) {
            opened.inc();
        }
        if (!update.isOpen()) {
            resolved.inc();
        }
        out.collect(update);
    }
}
