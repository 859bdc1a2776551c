package io.driftguard.pipeline.correlation;

import io.driftguard.core.event.Alert;
import io.driftguard.core.event.Commit;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.event.SecurityFinding;
import io.driftguard.core.event.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One incident, ticket, alert, finding or commit as it stands after all its deliveries: an incident
 * triggered at 10:00 and resolved at 10:40 is one item with a start and an end, whatever order the
 * webhooks came in.
 *
 * @param owners lower-cased strings that tie it to a service: PagerDuty service id and name, Jira
 *     project and components, alert labels as {@code key=value}
 * @param mentions resource ids it names (GuardDuty resources, alert label values, ticket text)
 * @param paths files a commit touched
 */
public record ContextItem(
        String kind,
        String id,
        String source,
        Instant start,
        Instant end,
        String level,
        String type,
        boolean security,
        String text,
        String account,
        List<String> owners,
        List<String> mentions,
        List<String> paths,
        Instant updated) {

    static final String INCIDENT = "incident";
    static final String TICKET = "ticket";
    static final String ALERT = "alert";
    static final String FINDING = "finding";
    static final String COMMIT = "commit";

    /** The item key in broadcast state. */
    String key() {
        return kind + ":" + source + ":" + id;
    }

    static String keyOf(ContextEvent e) {
        return kindOf(e) + ":" + e.source() + ":" + e.id();
    }

    private static String kindOf(ContextEvent e) {
        if (e instanceof Incident) {
            return INCIDENT;
        }
        if (e instanceof Ticket) {
            return TICKET;
        }
        if (e instanceof Alert) {
            return ALERT;
        }
        if (e instanceof SecurityFinding) {
            return FINDING;
        }
        return COMMIT;
    }

    /** Merges a delivery into what was known of the same item (null when first seen). */
    static ContextItem merge(ContextItem known, ContextEvent e) {
        ContextItem next = of(e);
        if (known == null) {
            return next;
        }
        Instant start = earliest(known.start, next.start);
        Instant end = known.end == null ? next.end : next.end == null ? known.end : latest(known.end, next.end);
        if (e instanceof Incident i
                && !"resolved".equalsIgnoreCase(i.status())
                && next.updated.isAfter(known.updated)) {
            end = null; // re-triggered after a resolution
        }
        String level = UrgencyScale.higher(known.level, next.level);
        boolean newer = !next.updated.isBefore(known.updated);
        return new ContextItem(
                known.kind,
                known.id,
                known.source,
                start,
                end,
                level,
                newer && next.type != null ? next.type : known.type,
                known.security || next.security,
                newer && next.text != null ? next.text : known.text,
                known.account != null ? known.account : next.account,
                union(known.owners, next.owners),
                union(known.mentions, next.mentions),
                union(known.paths, next.paths),
                latest(known.updated, next.updated));
    }

    static ContextItem of(ContextEvent e) {
        if (e instanceof Incident i) {
            boolean resolved = "resolved".equalsIgnoreCase(i.status());
            List<String> owners = new ArrayList<>();
            addLower(owners, i.serviceId());
            addLower(owners, i.serviceName());
            String text = i.title();
            return new ContextItem(
                    INCIDENT,
                    i.id(),
                    i.source(),
                    resolved ? null : i.time(),
                    resolved ? i.time() : null,
                    UrgencyScale.incident(i.urgency(), i.priority()),
                    "incident",
                    SecurityWords.mentionsSecurity(text),
                    text,
                    null,
                    owners,
                    List.of(),
                    List.of(),
                    i.time());
        }
        if (e instanceof Ticket t) {
            List<String> owners = new ArrayList<>();
            addLower(owners, t.project());
            t.components().forEach(c -> addLower(owners, c));
            t.labels().forEach(l -> addLower(owners, l));
            boolean security = t.labels().stream().anyMatch(SecurityWords::isSecurityWord)
                    || t.components().stream().anyMatch(SecurityWords::isSecurityWord);
            return new ContextItem(
                    TICKET,
                    t.id(),
                    t.source(),
                    t.resolved() ? null : t.time(),
                    t.resolved() ? t.time() : null,
                    UrgencyScale.jiraPriority(t.priority()),
                    t.issueType(),
                    security,
                    t.summary(),
                    null,
                    owners,
                    List.of(),
                    List.of(),
                    t.time());
        }
        if (e instanceof Alert a) {
            List<String> owners = new ArrayList<>();
            List<String> mentions = new ArrayList<>();
            for (Map.Entry<String, String> l : a.labels().entrySet()) {
                owners.add((l.getKey() + "=" + l.getValue()).toLowerCase(Locale.ROOT));
                mentions.add(l.getValue());
            }
            boolean security = a.labels().values().stream().anyMatch(SecurityWords::isSecurityWord)
                    || SecurityWords.isSecurityWord(a.labels().getOrDefault("category", ""));
            Instant start = a.startsAt() != null ? a.startsAt() : a.time();
            Instant end = "resolved".equalsIgnoreCase(a.status()) ? (a.endsAt() != null ? a.endsAt() : a.time()) : null;
            return new ContextItem(
                    ALERT,
                    a.id(),
                    a.source(),
                    start,
                    end,
                    UrgencyScale.alertSeverity(a.severity()),
                    a.name(),
                    security,
                    a.summary() != null ? a.summary() : a.name(),
                    null,
                    owners,
                    mentions,
                    List.of(),
                    a.time());
        }
        if (e instanceof SecurityFinding f) {
            return new ContextItem(
                    FINDING,
                    f.id(),
                    f.source(),
                    f.time(),
                    null,
                    UrgencyScale.securityFinding(f.severity()),
                    f.findingType(),
                    true,
                    f.title(),
                    f.account(),
                    List.of(),
                    f.resourceIds(),
                    List.of(),
                    f.time());
        }
        Commit c = (Commit) e;
        return new ContextItem(
                COMMIT,
                c.id(),
                c.source(),
                c.time(),
                null,
                null,
                c.repository(),
                false,
                c.message(),
                null,
                List.of(),
                List.of(),
                c.paths(),
                c.time());
    }

    private static void addLower(List<String> out, String s) {
        if (s != null && !s.isBlank()) {
            out.add(s.toLowerCase(Locale.ROOT));
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<String> out = new ArrayList<>(a);
        for (String s : b) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
