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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
        return facts(subject(f), items);
    }

    /** {@link #facts(Finding, Iterable)} for a finding prepared once by {@link #subject}. */
    List<ContextFact> facts(Subject subject, Iterable<ContextItem> items) {
        List<ContextFact> out = new ArrayList<>();
        for (ContextItem item : items) {
            ContextFact fact = fact(subject, item);
            if (fact != null) {
                out.add(fact);
            }
        }
        out.sort(Comparator.comparing(ContextFact::time).thenComparing(ContextFact::id));
        return out;
    }

    /**
     * What the item checks compare about one finding, computed once per finding rather than once
     * per item (a judgement meets every item held, and lower-casing the owner's ids and building
     * "service=..." strings per item was most of a live job's context correlation):
     *
     * @param ownerStrings the lower-cased strings an item's {@code owners} may hold to be the
     *     finding's service's: the configured PagerDuty service id and name, Jira component and
     *     project, and the service name alone and as {@code service=}, {@code app=}, {@code job=},
     *     {@code component=}
     * @param alertLabels the configured alert labels as lower-cased {@code key=value}, all of which
     *     an item's owners must hold (empty: none configured)
     * @param name the resource id's last path segment; {@code slashName} it after a slash
     */
    record Subject(
            Finding finding, Set<String> ownerStrings, List<String> alertLabels, String name, String slashName) {}

    Subject subject(Finding f) {
        ServiceOwnership owner = ServiceResolver.configured(config, f.service()).orElse(null);
        Set<String> strings = new HashSet<>();
        List<String> labels = List.of();
        if (owner != null) {
            for (String v : new String[] {
                owner.pagerdutyServiceId(), owner.pagerdutyService(), owner.jiraComponent(), owner.jiraProject()
            }) {
                if (v != null) {
                    strings.add(v.toLowerCase(Locale.ROOT));
                }
            }
            labels = owner.alertLabels().entrySet().stream()
                    .map(l -> (l.getKey() + "=" + l.getValue()).toLowerCase(Locale.ROOT))
                    .toList();
        }
        if (f.service() != null) {
            String s = f.service().toLowerCase(Locale.ROOT);
            strings.add(s);
            strings.add("service=" + s);
            strings.add("app=" + s);
            strings.add("job=" + s);
            strings.add("component=" + s);
        }
        String id = f.resourceId();
        String name = id == null ? null : id.contains("/") ? id.substring(id.lastIndexOf('/') + 1) : id;
        return new Subject(f, strings, labels, name, name == null ? null : "/" + name);
    }

    /** The fact {@code item} is about the finding prepared as {@code subject}, or null when it is none. */
    ContextFact fact(Subject subject, ContextItem item) {
        // Time windows first: they are cheap and rule out most items; ownership and resource mentions
        // compare strings (a replay judges every finding against every item it holds).
        Finding f = subject.finding();
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
                boolean sameResource = mentionsResource(item, subject);
                boolean concerns = sameResource
                        || (item.account() != null && item.account().equals(f.account()))
                        || ownedBy(item, subject);
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
                boolean sameResource = mentionsResource(item, subject);
                if (!(sameResource || ownedBy(item, subject))) {
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

    private static boolean ownedBy(ContextItem item, Subject subject) {
        for (String o : item.owners()) {
            if (subject.ownerStrings().contains(o)) {
                return true;
            }
        }
        return !subject.alertLabels().isEmpty() && item.owners().containsAll(subject.alertLabels());
    }

    private static boolean mentionsResource(ContextItem item, Subject subject) {
        String id = subject.finding().resourceId();
        if (id == null) {
            return false;
        }
        String name = subject.name();
        for (String m : item.mentions()) {
            if (m.equalsIgnoreCase(id) || m.equalsIgnoreCase(name) || m.endsWith(subject.slashName())) {
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
