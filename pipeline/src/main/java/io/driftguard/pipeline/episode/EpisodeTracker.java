package io.driftguard.pipeline.episode;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Unchanged;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.FoundBy;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.ingest.reconcile.ReconcileScanParser;
import io.driftguard.judge.semantics.Qualifiers;
import io.driftguard.pipeline.ownership.SecurityPrincipals;
import io.driftguard.pipeline.ownership.ServiceResolver;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The drift-episode rules of docs/design/taxonomy.md for one resource, free of Flink so they can be read and
 * tested on their own. {@link EpisodeFunction} keeps the state between calls.
 *
 * <p>The actual state is the declared state overlaid with what non-deploy changes did
 * ({@code overlay}, only paths that differ). A change joins or opens an episode when it touches a
 * managed attribute (declared and not ignored) and leaves at least one managed attribute different
 * from its declaration; it resolves the open episode when everything matches again: a revert
 * ({@code reverted}) or, when a deploy identity moved the declaration to the actual value,
 * {@code codified}.
 */
final class EpisodeTracker {

    /**
     * Source events kept per finding; a flapping autoscaler must not grow state without bound. A
     * longer episode keeps its first event (the trigger) and the newest ones, so the change a user
     * just made is always listed.
     */
    static final int MAX_SOURCE_EVENTS = 500;

    private final DriftGuardConfig config;
    private final boolean detectAtEventTime;

    /**
     * @param detectAtEventTime replay: {@code detected_at} is the event time of the detecting change,
     *     so output is reproducible; live: the wall clock when the operator saw it
     */
    EpisodeTracker(DriftGuardConfig config, boolean detectAtEventTime) {
        this.config = config;
        this.detectAtEventTime = detectAtEventTime;
    }

    /** One resource's state as the operator holds it. All maps are mutable and updated in place. */
    static final class View {
        final Map<String, DesiredResource> declarations;
        final Map<String, String> overlay;
        Finding episode;

        View(Map<String, DesiredResource> declarations, Map<String, String> overlay, Finding episode) {
            this.declarations = declarations;
            this.overlay = overlay;
            this.episode = episode;
        }
    }

    /**
     * Applies one successful, interpreted change to a managed resource.
     *
     * @return the finding update to emit, or null when the change is not drift and closes nothing
     */
    Finding apply(View view, ChangeRecord change, long nowMillis) {
        AuditEvent event = change.event();
        Map<String, String> desired = ResourceState.mergedAttributes(view.declarations.values());
        List<AttributeChange> managed = new ArrayList<>();
        for (AttributeChange c : change.changes()) {
            if (c.op() == AttributeChange.Op.UNSET && c.path().endsWith(".*")) {
                // a call that replaces a whole map (S3 PutBucketTagging): every declared key under the
                // prefix is removed first, and the call's own SETs that follow put back what it keeps
                String prefix = c.path().substring(0, c.path().length() - 1);
                for (String path : desired.keySet()) {
                    if (path.startsWith(prefix)) {
                        managed.add(AttributeChange.unset(path));
                    }
                }
            } else if (desired.containsKey(c.path())) {
                managed.add(c);
            }
        }
        if (managed.isEmpty()) {
            return null; // only undeclared attributes: not drift
        }
        boolean deploy = event.actor() != null && event.actor().type() == ActorType.DEPLOY;
        Map<String, String> actualBefore = actual(desired, view.overlay, managed);
        if (deploy) {
            applyToDeclarations(view, managed);
            for (AttributeChange c : managed) {
                view.overlay.remove(c.path()); // the deploy identity set the real value too
            }
        } else {
            // Compared per attribute once the whole call is applied: a call that replaces a map
            // (UNSET every key, then SET the kept ones) and restates it is no change. A hidden value
            // may have changed again, unless this very event is already part of the episode (a
            // redelivery: an SQS message after its visibility timeout, a Pub/Sub ack deadline, an
            // Event Hubs restart from its checkpoint).
            boolean redelivered = view.episode != null
                    && event.eventId() != null
                    && view.episode.sourceEvents().contains(event.eventId());
            Map<String, String> before = new HashMap<>();
            for (AttributeChange c : managed) {
                String current =
                        view.overlay.containsKey(c.path()) ? view.overlay.get(c.path()) : desired.get(c.path());
                before.putIfAbsent(c.path(), current);
                view.overlay.put(c.path(), AttributeValues.apply(current, c));
            }
            boolean changed = false;
            for (Map.Entry<String, String> b : before.entrySet()) {
                String next = view.overlay.get(b.getKey());
                changed |= (AttributeValues.UNKNOWN.equals(next) && !redelivered)
                        || !java.util.Objects.equals(b.getValue(), next);
            }
            if (!changed) {
                // the call restated the current value: it neither diverges nor reverts, but it may
                // name who made a change a reconcile scan found first
                return attributed(view, change, managed);
            }
        }
        Map<String, String> newDesired = deploy ? ResourceState.mergedAttributes(view.declarations.values()) : desired;
        view.overlay
                .entrySet()
                .removeIf(e -> !newDesired.containsKey(e.getKey())
                        || AttributeValues.matches(newDesired.get(e.getKey()), e.getValue()));
        List<Change> diff = diff(view, newDesired);

        Finding open = view.episode;
        if (open == null) {
            if (deploy || diff.isEmpty()) {
                return null; // a deployment, or a change equal to the declaration: not drift
            }
            view.episode = opened(view, change, diff, unchanged(view, newDesired, diff), nowMillis);
            return view.episode;
        }
        if (!diff.isEmpty()) {
            if (deploy) {
                // A deployment that leaves the drift in place changes what is desired, not the episode's story.
                if (diff.equals(open.changes())) {
                    return null;
                }
                view.episode = open.toBuilder()
                        .version(open.version() + 1)
                        .changes(diff)
                        .unchanged(unchanged(view, newDesired, diff))
                        .build();
                return view.episode;
            }
            view.episode = joined(open, event, diff, unchanged(view, newDesired, diff));
            return view.episode;
        }
        boolean codified = deploy && movedDeclarationToActual(open, managed, actualBefore);
        Finding resolved = resolved(open, event, codified);
        view.episode = null;
        view.overlay.clear();
        return resolved;
    }

    /**
     * An audit record that arrives after a reconcile scan found its change (CloudTrail delivers
     * minutes late) restates what the scan saw: it names the actor the scan could not. The finding
     * keeps its id and its {@code found_by}; the actor, the trigger call and the first event time
     * become the record's.
     */
    private Finding attributed(View view, ChangeRecord change, List<AttributeChange> managed) {
        Finding open = view.episode;
        AuditEvent e = change.event();
        if (open == null
                || open.trigger() == null
                || !open.trigger().foundByScan()
                || ReconcileScanParser.isObservation(e)
                || !ActorType.UNKNOWN.findingType().equals(open.actor().type())) {
            return null;
        }
        Set<String> drifted = new LinkedHashSet<>();
        open.changes().forEach(c -> drifted.add(c.path()));
        if (managed.stream().noneMatch(c -> drifted.contains(c.path()))) {
            return null;
        }
        view.episode = open.toBuilder()
                .version(open.version() + 1)
                .actor(FindingActors.of(
                        e.actor(), SecurityPrincipals.isSecurity(config, e.cloud(), e.account(), e.actor())))
                .trigger(new Finding.Trigger(
                        e.eventId(),
                        e.operation(),
                        e.sourceIp(),
                        e.userAgent(),
                        e.viaConsole(),
                        e.service(),
                        FoundBy.RECONCILE_SCAN))
                .sourceEvents(withEvent(open.sourceEvents(), e.eventId()))
                .firstEventTime(e.eventTime().isBefore(open.firstEventTime()) ? e.eventTime() : open.firstEventTime())
                .build();
        return view.episode;
    }

    /**
     * True when every declared attribute the change touches is excluded by an ignore rule: the change
     * is silenced on purpose (counted, never reported as drift).
     */
    boolean onlyIgnored(View view, ChangeRecord change) {
        boolean any = false;
        for (AttributeChange c : change.changes()) {
            DesiredResource owner = ResourceState.owner(view.declarations.values(), c.path());
            if (owner == null) {
                continue;
            }
            if (!ignored(owner, c.path())) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /**
     * The declarations were replaced (live IaC reload). An open episode whose actual state is now
     * declared is resolved as {@code codified}.
     */
    Finding redeclared(View view, Instant at) {
        Map<String, String> desired = ResourceState.mergedAttributes(view.declarations.values());
        view.overlay
                .entrySet()
                .removeIf(e -> !desired.containsKey(e.getKey())
                        || AttributeValues.matches(desired.get(e.getKey()), e.getValue()));
        if (view.episode == null) {
            return null;
        }
        List<Change> diff = diff(view, desired);
        if (!diff.isEmpty()) {
            if (!diff.equals(view.episode.changes())) {
                view.episode = view.episode.toBuilder()
                        .version(view.episode.version() + 1)
                        .changes(diff)
                        .unchanged(unchanged(view, desired, diff))
                        .build();
                return view.episode;
            }
            return null;
        }
        Finding resolved = closed(view.episode, Resolution.CODIFIED, at);
        view.episode = null;
        view.overlay.clear();
        return resolved;
    }

    /**
     * The IaC stopped declaring the resource altogether (its last declaration was removed): an open
     * episode is resolved as {@code removed_from_iac}, since nothing is managed any more, and what
     * it had overlaid is forgotten. The caller has already emptied {@code view.declarations}.
     *
     * @return the resolved episode, or null when none was open
     */
    Finding undeclared(View view, Instant at) {
        view.overlay.clear();
        Finding open = view.episode;
        view.episode = null;
        if (open == null) {
            return null;
        }
        return closed(open, Resolution.REMOVED_FROM_IAC, at);
    }

    /**
     * The IaC now declares a resource reported unmanaged: its unmanaged finding, if still open, is
     * resolved as {@code codified}. Whether the declaration matches the live values is for the next
     * change or reconcile scan to tell: the unmanaged finding's values are what the log showed,
     * not the resource's whole configuration.
     */
    Finding nowDeclared(Finding unmanaged, Instant at) {
        if (unmanaged == null || !unmanaged.isOpen()) {
            return null;
        }
        return closed(unmanaged, Resolution.CODIFIED, at);
    }

    /** The next version of an open finding, resolved at a moment no audit event marks. */
    private static Finding closed(Finding open, Resolution resolution, Instant at) {
        return open.toBuilder()
                .version(open.version() + 1)
                .status(FindingStatus.RESOLVED)
                .resolution(resolution)
                .resolvedAt(at)
                .build();
    }

    /**
     * A change to a resource no IaC source declares: reported as kind {@code unmanaged}, never as
     * drift. Changes by deploy identities and cloud automation are left out (they are the normal life
     * of unmanaged resources, such as instances an autoscaler starts).
     */
    Finding unmanaged(Finding open, ChangeRecord change, long nowMillis) {
        AuditEvent e = change.event();
        ActorType type = e.actor() == null ? ActorType.UNKNOWN : e.actor().type();
        if (type == ActorType.DEPLOY
                || type == ActorType.AUTOMATION
                || change.changes().isEmpty()) {
            return null;
        }
        List<Change> changes = new ArrayList<>();
        for (AttributeChange c : change.changes()) {
            boolean known = c.op() != AttributeChange.Op.UNKNOWN;
            String path = c.op() == AttributeChange.Op.ADD
                    ? c.path() + "+"
                    : c.op() == AttributeChange.Op.REMOVE ? c.path() + "-" : c.path();
            changes.add(new Change(path, null, known ? c.value() : null, known ? null : Boolean.FALSE));
        }
        if (open != null) {
            if (e.eventId() != null && open.sourceEvents().contains(e.eventId())) {
                return null; // the same call delivered again: the episode already holds it
            }
            return open.toBuilder()
                    .version(open.version() + 1)
                    .changes(changes)
                    .sourceEvents(withEvent(open.sourceEvents(), e.eventId()))
                    .lastEventTime(later(open.lastEventTime(), e.eventTime()))
                    .build();
        }
        return Finding.builder()
                .findingId(FindingIds.of(FindingKind.UNMANAGED, change.key(), e.eventId()))
                .version(1)
                .kind(FindingKind.UNMANAGED)
                .cloud(e.cloud())
                .account(e.account())
                .region(e.region())
                .resourceId(change.resourceId())
                .resourceType(change.resourceType() != null ? change.resourceType() : e.service() + "/" + e.operation())
                .status(FindingStatus.OPEN)
                .changes(changes)
                .sourceEvents(List.of(e.eventId()))
                .actor(FindingActors.of(
                        e.actor(), SecurityPrincipals.isSecurity(config, e.cloud(), e.account(), e.actor())))
                .firstEventTime(e.eventTime())
                .lastEventTime(e.eventTime())
                .detectedAt(detectAtEventTime ? e.eventTime() : Instant.ofEpochMilli(nowMillis))
                .trigger(new Finding.Trigger(
                        e.eventId(), e.operation(), e.sourceIp(), e.userAgent(), e.viaConsole(), e.service()))
                .service(ServiceResolver.serviceOf(config, e.cloud(), change.resourceId(), Map.of()))
                .build();
    }

    private List<Change> diff(View view, Map<String, String> desired) {
        List<Change> diff = new ArrayList<>();
        for (Map.Entry<String, String> e : view.overlay.entrySet()) {
            String path = e.getKey();
            DesiredResource owner = ResourceState.owner(view.declarations.values(), path);
            if (owner != null && ignored(owner, path)) {
                continue;
            }
            String actual = e.getValue();
            boolean known = !AttributeValues.UNKNOWN.equals(actual);
            diff.add(new Change(path, desired.get(path), known ? actual : null, known ? null : Boolean.FALSE));
        }
        return diff;
    }

    /**
     * The declared attributes the judge reads beside the drifted ones ({@link Qualifiers}) that the
     * episode left as declared: a firewall rule's source ranges when only its ports drifted.
     */
    private static List<Unchanged> unchanged(View view, Map<String, String> desired, List<Change> diff) {
        List<String> changed = new ArrayList<>(diff.size());
        diff.forEach(c -> changed.add(c.path()));
        Set<String> wanted = Qualifiers.of(changed);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Unchanged> out = new ArrayList<>();
        for (String path : wanted) {
            String value = view.overlay.containsKey(path) ? view.overlay.get(path) : desired.get(path);
            if (value != null && !AttributeValues.UNKNOWN.equals(value)) {
                out.add(new Unchanged(path, value));
            }
        }
        return out;
    }

    /** Whether an ignore rule excludes this attribute of the resource that declares it. */
    private boolean ignored(DesiredResource owner, String path) {
        return config.ignoreRule(owner.cloud(), owner.resourceType(), owner.resourceId(), path)
                .isPresent();
    }

    private Finding opened(
            View view, ChangeRecord change, List<Change> diff, List<Unchanged> unchanged, long nowMillis) {
        AuditEvent e = change.event();
        DesiredResource owner =
                ResourceState.owner(view.declarations.values(), diff.get(0).path());
        String id = FindingIds.of(FindingKind.DRIFT, change.key(), e.eventId());
        Instant detected = detectAtEventTime ? e.eventTime() : Instant.ofEpochMilli(nowMillis);
        FoundBy foundBy = ReconcileScanParser.isObservation(e) ? FoundBy.RECONCILE_SCAN : null;
        return Finding.builder()
                .findingId(id)
                .version(1)
                .kind(FindingKind.DRIFT)
                .cloud(owner.cloud())
                .account(owner.account() != null ? owner.account() : e.account())
                .region(e.region())
                .resourceId(owner.resourceId())
                .resourceType(owner.resourceType())
                .iac(owner.iac())
                .status(FindingStatus.OPEN)
                .changes(diff)
                .unchanged(unchanged)
                .sourceEvents(List.of(e.eventId()))
                .actor(FindingActors.of(
                        e.actor(), SecurityPrincipals.isSecurity(config, e.cloud(), e.account(), e.actor())))
                .firstEventTime(e.eventTime())
                .lastEventTime(e.eventTime())
                .detectedAt(detected)
                .trigger(new Finding.Trigger(
                        e.eventId(), e.operation(), e.sourceIp(), e.userAgent(), e.viaConsole(), e.service(), foundBy))
                .service(ServiceResolver.serviceOf(config, owner.cloud(), owner.resourceId(), owner.labels()))
                .remediation(new Finding.Remediation(null, null, suggestedIgnoreRule(owner, diff)))
                .build();
    }

    private static Finding joined(Finding open, AuditEvent e, List<Change> diff, List<Unchanged> unchanged) {
        return open.toBuilder()
                .version(open.version() + 1)
                .changes(diff)
                .unchanged(unchanged)
                .sourceEvents(withEvent(open.sourceEvents(), e.eventId()))
                .lastEventTime(later(open.lastEventTime(), e.eventTime()))
                .build();
    }

    private static Finding resolved(Finding open, AuditEvent e, boolean codified) {
        return open.toBuilder()
                .version(open.version() + 1)
                .status(FindingStatus.RESOLVED)
                .resolution(codified ? Resolution.CODIFIED : Resolution.REVERTED)
                .sourceEvents(withEvent(open.sourceEvents(), e.eventId()))
                .lastEventTime(later(open.lastEventTime(), e.eventTime()))
                .resolvedAt(e.eventTime())
                .build();
    }

    /** Codified when the deploy set some drifted attribute to the value the drift had given it. */
    private static boolean movedDeclarationToActual(
            Finding open, List<AttributeChange> managed, Map<String, String> actualBefore) {
        Set<String> drifted = new LinkedHashSet<>();
        open.changes().forEach(c -> drifted.add(c.path()));
        for (AttributeChange c : managed) {
            if (drifted.contains(c.path())) {
                String before = actualBefore.get(c.path());
                String after = AttributeValues.apply(before, c);
                if (AttributeValues.matches(before, after)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, String> actual(
            Map<String, String> desired, Map<String, String> overlay, List<AttributeChange> changes) {
        Map<String, String> out = new HashMap<>();
        for (AttributeChange c : changes) {
            out.put(c.path(), overlay.containsKey(c.path()) ? overlay.get(c.path()) : desired.get(c.path()));
        }
        return out;
    }

    private static void applyToDeclarations(View view, List<AttributeChange> managed) {
        for (AttributeChange c : managed) {
            for (Map.Entry<String, DesiredResource> e : view.declarations.entrySet()) {
                DesiredResource d = e.getValue();
                if (d.attributes().containsKey(c.path())) {
                    Map<String, String> attrs = new HashMap<>(d.attributes());
                    String next = AttributeValues.apply(attrs.get(c.path()), c);
                    if (next == null) {
                        attrs.remove(c.path());
                    } else {
                        attrs.put(c.path(), next);
                    }
                    e.setValue(d.withAttributes(attrs));
                    break;
                }
            }
        }
    }

    private static String suggestedIgnoreRule(DesiredResource owner, List<Change> diff) {
        return "{resource_type: \"" + owner.resourceType() + "\", resource: \"" + owner.resourceId()
                + "\", attribute: \"" + diff.get(0).path() + "\"}";
    }

    private static List<String> withEvent(List<String> events, String eventId) {
        if (events.contains(eventId)) {
            return events;
        }
        List<String> out = new ArrayList<>(events.size() + 1);
        if (events.size() >= MAX_SOURCE_EVENTS) {
            out.add(events.get(0));
            out.addAll(events.subList(events.size() - MAX_SOURCE_EVENTS + 2, events.size()));
        } else {
            out.addAll(events);
        }
        out.add(eventId);
        return out;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
