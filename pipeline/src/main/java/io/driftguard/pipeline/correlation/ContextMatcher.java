package io.driftguard.pipeline.correlation;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.config.ServiceOwnership;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.ContextFact.Relation;
import io.driftguard.pipeline.ownership.ServiceResolver;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which context items concern an episode, and how they relate to its first change in time. The
 * windows are docs/design/taxonomy.md's: an incident counts from its start until 15 minutes after it resolved;
 * a security finding counts for 2 hours; commits and later incidents are looked for within
 * {@link #LOOK_AHEAD}.
 */
public final class ContextMatcher implements Serializable {

    static final Duration AFTER_RESOLUTION = Duration.ofMinutes(15);
    static final Duration FINDING_WINDOW = Duration.ofHours(2);
    static final Duration LOOK_BACK = Duration.ofHours(24);
    static final Duration LOOK_AHEAD = Duration.ofHours(24);

    private final DriftGuardConfig config;

    public ContextMatcher(DriftGuardConfig config) {
        this.config = config;
    }

    /** The facts about {@code f} among {@code items}, oldest first. */
    public List<ContextFact> facts(Finding f, Iterable<ContextItem> items) {
        List<ContextFact> out = new ArrayList<>();
        ServiceOwnership owner = ServiceResolver.configured(config, f.service()).orElse(null);
        for (ContextItem item : items) {
            ContextFact fact = fact(f, owner, item);
            if (fact != null) {
                out.add(fact);
            }
        }
        out.sort(Comparator.comparing(ContextFact::time).thenComparing(ContextFact::id));
        return out;
    }

    /** Whether a new or updated item could change what is known about {@code f}. */
    public boolean concerns(Finding f, ContextItem item) {
        return fact(f, ServiceResolver.configured(config, f.service()).orElse(null), item) != null;
    }

    // Time windows first: they are cheap and rule out most items; ownership and resource mentions
    // compare strings (a replay judges every finding against every item it holds).
    private ContextFact fact(Finding f, ServiceOwnership owner, ContextItem item) {
        Instant t0 = f.firstEventTime();
        switch (item.kind()) {
            case ContextItem.COMMIT -> {
                if (f.iac() == null || f.iac().path() == null || item.start() == null) {
                    return null;
                }
                if (item.start().isBefore(t0) || item.start().isAfter(t0.plus(LOOK_AHEAD))) {
                    return null;
                }
                if (!touches(item, f.iac().path())) {
                    return null;
                }
                return fact(item, Relation.AFTER_CHANGE, true);
            }
            case ContextItem.FINDING -> {
                Instant seen = item.start();
                if (seen == null || seen.isAfter(t0) || seen.isBefore(t0.minus(FINDING_WINDOW))) {
                    return null;
                }
                boolean sameResource = mentionsResource(item, f);
                boolean concerns = sameResource
                        || (item.account() != null && item.account().equals(f.account()))
                        || ownedBy(item, f, owner);
                if (!concerns) {
                    return null;
                }
                return fact(item, Relation.BEFORE_CHANGE, sameResource);
            }
            default -> {
                String relation = relationInTime(item, t0);
                if (relation == null) {
                    return null;
                }
                boolean sameResource = mentionsResource(item, f);
                if (!(sameResource || ownedBy(item, f, owner))) {
                    return null;
                }
                return fact(item, relation, sameResource);
            }
        }
    }

    private static String relationInTime(ContextItem item, Instant t0) {
        Instant start = item.start();
        Instant end = item.end();
        if (start == null && end == null) {
            return null;
        }
        if (start != null && start.isAfter(t0)) {
            return start.isAfter(t0.plus(LOOK_AHEAD)) ? null : Relation.AFTER_CHANGE;
        }
        if (end != null && end.plus(AFTER_RESOLUTION).isBefore(t0)) {
            return end.isBefore(t0.minus(LOOK_BACK)) ? null : Relation.ENDED_BEFORE_CHANGE;
        }
        if (start == null && end != null && end.isAfter(t0.plus(LOOK_AHEAD))) {
            return null;
        }
        if (start != null && start.isBefore(t0.minus(Duration.ofDays(7))) && end == null) {
            return null; // an item open for a week without news is stale, not context
        }
        return Relation.OPEN_DURING_CHANGE;
    }

    private static ContextFact fact(ContextItem item, String relation, boolean sameResource) {
        Instant time = item.start() != null ? item.start() : item.end();
        return new ContextFact(
                item.kind(),
                item.id(),
                item.source(),
                relation,
                time,
                item.end(),
                item.level(),
                item.type(),
                item.security(),
                item.text(),
                1,
                sameResource);
    }

    private boolean ownedBy(ContextItem item, Finding f, ServiceOwnership owner) {
        if (owner != null) {
            if (contains(item.owners(), owner.pagerdutyServiceId())
                    || contains(item.owners(), owner.pagerdutyService())
                    || contains(item.owners(), owner.jiraComponent())
                    || contains(item.owners(), owner.jiraProject())) {
                return true;
            }
            if (!owner.alertLabels().isEmpty()
                    && owner.alertLabels().entrySet().stream()
                            .allMatch(l -> item.owners()
                                    .contains((l.getKey() + "=" + l.getValue()).toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        String service = f.service();
        if (service == null) {
            return false;
        }
        String s = service.toLowerCase(Locale.ROOT);
        for (String o : item.owners()) {
            if (o.equals(s)
                    || o.equals("service=" + s)
                    || o.equals("app=" + s)
                    || o.equals("job=" + s)
                    || o.equals("component=" + s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(List<String> owners, String value) {
        return value != null && owners.contains(value.toLowerCase(Locale.ROOT));
    }

    private static boolean mentionsResource(ContextItem item, Finding f) {
        String id = f.resourceId();
        if (id == null) {
            return false;
        }
        String name = id.contains("/") ? id.substring(id.lastIndexOf('/') + 1) : id;
        for (String m : item.mentions()) {
            if (m.equalsIgnoreCase(id) || m.equalsIgnoreCase(name) || m.endsWith("/" + name)) {
                return true;
            }
        }
        String text = item.text();
        return text != null && name.length() >= 6 && text.contains(name);
    }

    /** A folder path (Terraform, CloudFormation) matches files under it; a file path (a manifest) itself. */
    private static boolean touches(ContextItem commit, String iacPath) {
        boolean folder = iacPath.endsWith("/");
        for (String p : commit.paths()) {
            if (folder ? p.startsWith(iacPath) : p.equals(iacPath)) {
                return true;
            }
        }
        return false;
    }
}
