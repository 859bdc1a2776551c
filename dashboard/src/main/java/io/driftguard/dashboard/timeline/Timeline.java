package io.driftguard.dashboard.timeline;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.dashboard.approval.Approval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What happened to one finding, in time order: its events, evidence and people's decisions. */
final class Timeline {

    private Timeline() {}

    /**
     * One moment.
     *
     * @param kind first_event, last_event, detected, resolved, correlation or approval
     */
    record Entry(Instant time, String kind, String title, String detail) {}

    static List<Entry> of(Finding f, List<Approval> approvals) {
        List<Entry> out = new ArrayList<>();
        String operation = f.trigger() == null ? null : f.trigger().operation();
        String actor = f.actor() == null
                ? null
                : firstNonNull(f.actor().display(), f.actor().id());
        add(
                out,
                f.firstEventTime(),
                "first_event",
                "First diverging change",
                join(operation, actor == null ? null : "by " + actor));
        int events = f.sourceEvents().size();
        if (f.lastEventTime() != null && !f.lastEventTime().equals(f.firstEventTime())) {
            add(
                    out,
                    f.lastEventTime(),
                    "last_event",
                    "Latest joined event",
                    events + " event" + (events == 1 ? "" : "s") + " joined this episode");
        }
        add(
                out,
                f.detectedAt(),
                "detected",
                "Detected by DriftGuard",
                f.firstEventTime() == null || f.detectedAt() == null
                        ? null
                        : "detection lag " + Durations.spoken(Duration.between(f.firstEventTime(), f.detectedAt()))
                                + " after the first change");
        if (f.correlations() != null) {
            for (Finding.Correlation c : f.correlations()) {
                add(out, c.time(), "correlation", title(c), join(words(c.relation()), c.detail()));
            }
        }
        add(
                out,
                f.resolvedAt(),
                "resolved",
                "Resolved" + (f.resolution() == null ? "" : " (" + f.resolution() + ")"),
                null);
        for (Approval a : approvals) {
            add(
                    out,
                    a.decidedAt(),
                    "approval",
                    a.recommendation() + " " + a.decision() + " by " + a.decidedBy(),
                    join("version " + a.findingVersion(), a.comment()));
        }
        // Stable: entries at the same instant keep the order above (cause before effect).
        out.sort(Comparator.comparing(Entry::time));
        return out;
    }

    private static final Map<String, String> SOURCES = Map.of(
            "pagerduty", "PagerDuty",
            "jira", "Jira",
            "github", "GitHub",
            "gitlab", "GitLab",
            "alertmanager", "Alertmanager",
            "guardduty", "GuardDuty",
            "aws-eventbridge", "EventBridge");

    /** A title people read: "PagerDuty incident Q1ABC", "GitHub commit 9f8e7d6a", "Read activity before the change". */
    static String title(Finding.Correlation c) {
        String kind = c.kind() == null ? "evidence" : words(c.kind().id());
        if (c.kind() == CorrelationKind.READ_ACTIVITY) {
            return "Read activity by the actor";
        }
        String source = c.source() == null ? null : SOURCES.getOrDefault(c.source(), c.source());
        String id = c.id();
        if (id != null && c.kind() == CorrelationKind.COMMIT && id.matches("[0-9a-f]{12,}")) {
            id = id.substring(0, 8);
        }
        String text = (source == null ? capitalised(kind) : source + " " + kind) + (id == null ? "" : " " + id);
        return text;
    }

    private static String words(String id) {
        return id == null ? null : id.replace('_', ' ');
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void add(List<Entry> out, Instant time, String kind, String title, String detail) {
        if (time != null) {
            out.add(new Entry(time, kind, title, detail));
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                if (b.length() > 0) {
                    b.append(" · ");
                }
                b.append(p);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }
}
