package io.driftguard.judge.narrative;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.context.Evidence;
import io.driftguard.judge.context.RepeatedEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What triggered a change, and what is only context. The trigger is the piece of evidence that
 * the decided cause rests on in docs/design/taxonomy.md's cause table, and it must concern the
 * change: name the changed resource, be on its service (or, for a security finding, its account),
 * or be the actor's own activity. Evidence of another kind, or a weaker relation than the
 * trigger's, is listed as context with its relation stated, never as the trigger: a resize judged
 * manual troubleshooting is triggered by the actor's reads, not by a security-review ticket that
 * happens to be open on the same service.
 */
public final class Triggers {

    /** The trigger (null when nothing explains the change) and the rest of the evidence as context. */
    public record Reading(ContextFact trigger, String relation, List<String> context) {}

    private Triggers() {}

    public static Reading of(EpisodeContext ctx, Cause cause) {
        ContextFact trigger = pick(ctx, cause);
        List<ContextFact> others = new ArrayList<>(ctx.facts().size());
        for (ContextFact f : ctx.facts()) {
            if (f != trigger) {
                others.add(f);
            }
        }
        List<String> context = RepeatedEvidence.lines(others, f -> head(ctx, f), ", ", h -> h + ")");
        return new Reading(trigger, trigger == null ? null : relation(ctx, trigger), List.copyOf(context));
    }

    /** The evidence the cause rests on, closest relation first (the resource, then the service, then the account). */
    static ContextFact pick(EpisodeContext ctx, Cause cause) {
        List<ContextFact> candidates = new ArrayList<>();
        for (ContextFact f : ctx.facts()) {
            if (!ContextFact.Relation.AFTER_CHANGE.equals(f.relation()) && eligible(f, cause)) {
                candidates.add(f);
            }
        }
        Instant t0 = ctx.finding().firstEventTime();
        candidates.sort(Comparator.comparing((ContextFact f) -> f.sameResource() ? 0 : 1)
                .thenComparing(f -> strength(f, cause))
                .thenComparing(f -> distance(f, t0)));
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    private static boolean eligible(ContextFact f, Cause cause) {
        if (cause == null) {
            return !f.kind().equals("commit");
        }
        return switch (cause) {
            case EMERGENCY_FIX ->
                Evidence.highUrgency(f) && ContextFact.Relation.OPEN_DURING_CHANGE.equals(f.relation());
            case SECURITY_RESPONSE -> f.security() || f.kind().equals("finding");
            case MANUAL_TROUBLESHOOTING ->
                f.kind().equals("read_activity")
                        || f.kind().equals("ticket") && f.sameResource() && !f.security() && !Evidence.highUrgency(f);
            case AUTOMATED_RESPONSE -> f.kind().equals("alert");
            case CONFIGURATION_ERROR -> false;
        };
    }

    /** Within one relation, the kind the cause reads first. */
    private static int strength(ContextFact f, Cause cause) {
        if (cause == Cause.MANUAL_TROUBLESHOOTING) {
            return f.kind().equals("read_activity") ? 0 : 1;
        }
        return switch (f.kind()) {
            case "incident", "finding" -> 0;
            case "alert" -> 1;
            case "ticket" -> 2;
            default -> 3;
        };
    }

    private static long distance(ContextFact f, Instant t0) {
        if (f.time() == null || t0 == null) {
            return Long.MAX_VALUE;
        }
        return Math.abs(Duration.between(f.time(), t0).toSeconds());
    }

    /** How the evidence concerns the change: "on the changed resource", "on its service checkout", "by the actor…". */
    public static String relation(EpisodeContext ctx, ContextFact f) {
        String svc = ctx.service() == null ? "its service" : "its service " + ctx.service();
        return switch (f.kind()) {
            case "read_activity" ->
                f.sameResource() ? "by the actor, on the changed resource" : "by the actor, on " + svc;
            case "commit" -> "touching the IaC that declares the resource";
            case "finding" -> f.sameResource() ? "on the changed resource" : "on " + svc + " or its account";
            default -> f.sameResource() ? "naming the changed resource" : "on " + svc;
        };
    }

    /**
     * A line of context without its time and closing parenthesis, what repeats share: "Jira Task SEC-1
     * "…" (on its service checkout; open when the change was made".
     */
    private static String head(EpisodeContext ctx, ContextFact f) {
        String when = switch (f.relation() == null ? "" : f.relation()) {
            case ContextFact.Relation.OPEN_DURING_CHANGE -> "open when the change was made";
            case ContextFact.Relation.BEFORE_CHANGE -> "seen before the change";
            case ContextFact.Relation.ENDED_BEFORE_CHANGE -> "ended before the change";
            case ContextFact.Relation.AFTER_CHANGE -> "after the change";
            default -> null;
        };
        return Evidence.name(f) + " (" + relation(ctx, f) + (when == null ? "" : "; " + when);
    }
}
