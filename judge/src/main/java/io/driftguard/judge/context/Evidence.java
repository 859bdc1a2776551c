package io.driftguard.judge.context;

import io.driftguard.core.finding.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Questions the policies ask of an episode's context, answered the same way everywhere. */
public final class Evidence {

    public static final Duration IDLE = Duration.ofHours(1);

    private Evidence() {}

    /**
     * The moment the recommendation is for: {@code asOf} while the episode is open; for a resolved
     * episode the moment it resolved, so it keeps the recommendation it had while open.
     */
    public static Instant decisionTime(EpisodeContext ctx) {
        Finding f = ctx.finding();
        if (!f.isOpen()) {
            Instant t = f.resolvedAt() != null ? f.resolvedAt() : f.lastEventTime();
            if (t != null && (ctx.asOf() == null || t.isBefore(ctx.asOf()))) {
                // just before the resolving change
                return t.minusMillis(1);
            }
        }
        return ctx.asOf() != null ? ctx.asOf() : f.lastEventTime();
    }

    /** A high-urgency incident, a Highest/High Incident ticket or a critical alert (docs/design/taxonomy.md). */
    public static boolean highUrgency(ContextFact f) {
        String level = f.level() == null ? "" : f.level();
        boolean high = level.equals("high") || level.equals("critical");
        return switch (f.kind()) {
            case "incident" -> high;
            case "ticket" -> high && "incident".equalsIgnoreCase(f.type());
            case "alert" -> level.equals("critical");
            default -> false;
        };
    }

    /** High-urgency incidents on the service open at {@code at}, earliest first. */
    public static List<ContextFact> openIncidents(EpisodeContext ctx, Instant at) {
        List<ContextFact> out = new ArrayList<>();
        for (ContextFact f : ctx.facts()) {
            if (highUrgency(f)
                    && (f.time() == null || at == null || !f.time().isAfter(at))
                    && (f.endTime() == null || at != null && f.endTime().isAfter(at))) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparing(ContextFact::time, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    /** The strongest piece of evidence for narratives: incident &gt; security finding &gt; alert &gt; ticket &gt; commit &gt; reads. */
    public static ContextFact strongest(EpisodeContext ctx) {
        ContextFact best = null;
        int bestRank = Integer.MAX_VALUE;
        for (ContextFact f : ctx.facts()) {
            int rank = rank(f);
            if (rank < bestRank) {
                best = f;
                bestRank = rank;
            }
        }
        return best;
    }

    private static int rank(ContextFact f) {
        boolean before = !ContextFact.Relation.AFTER_CHANGE.equals(f.relation());
        int base = switch (f.kind()) {
            case "incident" -> highUrgency(f) ? 0 : 4;
            case "finding" -> 1;
            case "alert" -> highUrgency(f) ? 2 : 5;
            case "ticket" -> highUrgency(f) ? 3 : f.security() ? 1 : 6;
            case "read_activity" -> 7;
            case "commit" -> 8;
            default -> 9;
        };
        return before ? base : base + 10;
    }

    /** "PagerDuty incident Q1ABC (high urgency) "Checkout 5xx"". */
    public static String name(ContextFact f) {
        String src = source(f.source());
        String what = switch (f.kind()) {
            case "incident" -> src + " incident " + f.id() + (f.level() == null ? "" : " (" + f.level() + " urgency)");
            case "ticket" ->
                src + " " + (f.type() == null ? "issue" : f.type()) + " " + f.id()
                        + (f.level() == null ? "" : " (" + f.level() + " priority)");
            case "alert" ->
                src + " alert " + (f.type() != null ? f.type() : f.id())
                        + (f.level() == null ? "" : " (" + f.level() + ")");
            case "finding" ->
                src + " finding " + (f.type() != null ? f.type() : f.id())
                        + (f.level() == null ? "" : " (" + f.level() + ")");
            case "commit" -> "commit " + shortId(f.id());
            case "read_activity" ->
                f.count() + " read" + (f.count() == 1 ? "" : "s") + " by the actor"
                        + (f.sameResource() ? " on the resource" : " on its service");
            default -> f.kind() + " " + f.id();
        };
        return f.text() == null || f.text().isBlank() || f.kind().equals("read_activity")
                ? what
                : what + " \"" + oneLine(f.text()) + "\"";
    }

    public static String source(String s) {
        if (s == null) {
            return "";
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "pagerduty" -> "PagerDuty";
            case "jira" -> "Jira";
            case "alertmanager" -> "Alertmanager";
            case "guardduty" -> "GuardDuty";
            case "github" -> "GitHub";
            case "gitlab" -> "GitLab";
            default -> s;
        };
    }

    public static String shortId(String id) {
        return id != null && id.length() > 12 && id.chars().allMatch(c -> Character.isLetterOrDigit(c))
                ? id.substring(0, 12)
                : id;
    }

    public static String oneLine(String text) {
        String t = text.replace('\n', ' ').replace('\r', ' ').trim();
        return t.length() > 120 ? t.substring(0, 119) + "…" : t;
    }
}
