package io.driftguard.judge.policy;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Finding.SeverityEntry;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.context.Evidence;
import io.driftguard.judge.context.RepeatedEvidence;
import io.driftguard.judge.context.Wording;
import io.driftguard.judge.semantics.ChangeSemantics;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * docs/design/taxonomy.md's default recommendation table, with the organisation's overrides tried first.
 *
 * <p><b>Confidence</b> = agreement × clarity. <i>Agreement</i> is the share of the cause model's
 * probability on causes for which the same rule would give the same recommendation in this context
 * (so an episode torn between configuration_error and manual_troubleshooting, both leading to
 * auto_revert, is still a confident revert); without scores it is the chosen cause's confidence.
 * <i>Clarity</i> is how clear-cut the rule's own input was: 1 normally, 0.8 when the idle rule had
 * to fall back to the episode's last event because the actor's last change was unknown, 0.9 when a
 * high severity rests on an assumption (a firewall opened to the world whose ports the change does
 * not show), or the {@code confidence} an override rule states. The product is at most
 * {@link #MAX_CONFIDENCE}: the cause scores are the model's, and a model is wrong now and then even
 * where it is surest (about 1 % in its most confident bin on worlds it never saw), so no
 * recommendation is certain by construction.
 */
public final class RecommendationPolicy implements Serializable {

    /** The most a recommendation's confidence can be: the residual error of the surest cause scores. */
    public static final double MAX_CONFIDENCE = 0.99;

    public record Advice(
            Recommendation recommendation, double confidence, String reasoning, String risk, String policyRule)
            implements Serializable {}

    /** A table row's decision, before confidence and prose. */
    record Decision(Recommendation recommendation, String rule, double clarity, String why) {}

    private final List<PolicyOverrides.RecommendationOverride> overrides;

    public RecommendationPolicy(List<PolicyOverrides.RecommendationOverride> overrides) {
        this.overrides = List.copyOf(overrides);
    }

    public static RecommendationPolicy defaults() {
        return new RecommendationPolicy(List.of());
    }

    public Advice decide(
            EpisodeContext ctx,
            Cause cause,
            double causeConfidence,
            Map<Cause, Double> causeScores,
            SeverityPolicy.Assessment severity,
            ChangeSemantics s) {
        Finding f = ctx.finding();
        Instant at = Evidence.decisionTime(ctx);
        List<ContextFact> open = Evidence.openIncidents(ctx, at);
        PolicyOverrides.RecommendationOverride o = override(f, cause, severity.level(), !open.isEmpty());
        Decision d;
        double agreement;
        if (o != null) {
            d = new Decision(
                    o.recommend(),
                    o.name(),
                    o.confidence(),
                    "The organisation's policy rule '" + o.name() + "' chose " + o.recommend() + " for this episode"
                            + (o.note() == null
                                    ? "."
                                    : ": " + o.note().trim() + (o.note().trim().endsWith(".") ? "" : ".")));
            agreement = agreement(
                    causeScores, cause, causeConfidence, c -> override(f, c, severity.level(), !open.isEmpty()) == o);
        } else {
            d = byDefault(ctx, cause, severity, at, open);
            Recommendation chosen = d.recommendation();
            agreement = agreement(
                    causeScores,
                    cause,
                    causeConfidence,
                    c -> byDefault(ctx, c, severity, at, open).recommendation() == chosen);
        }
        double confidence = Math.round(Math.max(0, Math.min(MAX_CONFIDENCE, agreement * d.clarity())) * 1000) / 1000.0;
        String reasoning = reasoning(ctx, cause, causeConfidence, causeScores, severity, d, at);
        return new Advice(
                d.recommendation(), confidence, reasoning, Risks.of(d.recommendation(), cause, f, s, open), d.rule());
    }

    private PolicyOverrides.RecommendationOverride override(
            Finding f, Cause cause, Severity severity, boolean incidentOpen) {
        for (PolicyOverrides.RecommendationOverride o : overrides) {
            if (o.when().matches(f, cause, severity, incidentOpen)) {
                return o;
            }
        }
        return null;
    }

    private static double agreement(
            Map<Cause, Double> scores, Cause cause, double causeConfidence, Predicate<Cause> sameOutcome) {
        if (scores == null || scores.isEmpty()) {
            return causeConfidence;
        }
        double total = 0;
        double agree = 0;
        for (Map.Entry<Cause, Double> e : scores.entrySet()) {
            double v = e.getValue() == null ? 0 : Math.max(0, e.getValue());
            total += v;
            if (sameOutcome.test(e.getKey())) {
                agree += v;
            }
        }
        return total > 0 ? agree / total : causeConfidence;
    }

    /** The default table (docs/design/taxonomy.md, "Recommendations"). */
    static Decision byDefault(
            EpisodeContext ctx, Cause cause, SeverityPolicy.Assessment severity, Instant at, List<ContextFact> open) {
        Finding f = ctx.finding();
        String service = ctx.service() != null ? ctx.service() : f.service();
        String onService = service == null ? "on the service" : "on " + service;
        return switch (cause) {
            case CONFIGURATION_ERROR -> {
                if (Severity.HIGH.equals(severity.level())) {
                    boolean assumed = severity.entries().stream()
                            .anyMatch(e -> e.detail() != null && e.detail().contains("assumed"));
                    yield new Decision(
                            Recommendation.AUTO_REVERT,
                            "default.configuration_error.high",
                            assumed ? 0.9 : 1.0,
                            "No incident, ticket, alert or finding explains this change and it is rated high severity, "
                                    + "so the default policy reverts it to the declared value.");
                }
                yield new Decision(
                        Recommendation.ESCALATE_FOR_REVIEW,
                        "default.configuration_error.otherwise",
                        1.0,
                        "No incident, ticket, alert or finding explains this change; at " + severity.level()
                                + " severity the default policy asks a person to review it rather than revert it automatically.");
            }
            case SECURITY_RESPONSE ->
                new Decision(
                        Recommendation.CODIFY_INTO_IAC,
                        "default.security_response",
                        1.0,
                        "The change is security work (" + securityReason(ctx)
                                + "); the default policy keeps the tighter " + "setting and makes the IaC declare it.");
            case EMERGENCY_FIX -> {
                if (!open.isEmpty()) {
                    ContextFact i = open.get(0);
                    yield new Decision(
                            Recommendation.ESCALATE_FOR_REVIEW,
                            "default.emergency_fix.incident_open",
                            1.0,
                            Evidence.name(i) + " " + onService + " is still open at " + Wording.utc(at)
                                    + "; the default policy never reverts during an incident, so it asks for review.");
                }
                ContextFact last = lastResolvedIncident(ctx);
                yield new Decision(
                        Recommendation.CODIFY_INTO_IAC,
                        "default.emergency_fix.no_incident",
                        1.0,
                        "No high-urgency incident " + onService + " is open at " + Wording.utc(at)
                                + (last == null
                                        ? ""
                                        : " (" + Evidence.name(last) + " was resolved at " + Wording.utc(last.endTime())
                                                + ")")
                                + "; the default policy makes the IaC declare the emergency change.");
            }
            case MANUAL_TROUBLESHOOTING -> {
                Instant last = ctx.lastActorChange();
                double clarity = 1.0;
                if (last == null) {
                    last = f.lastEventTime() != null ? f.lastEventTime() : f.firstEventTime();
                    clarity = 0.8;
                }
                String who = Wording.actorName(ctx);
                if (last == null || at == null) {
                    yield new Decision(
                            Recommendation.ESCALATE_FOR_REVIEW,
                            "default.manual_troubleshooting.active",
                            0.6,
                            "When " + who
                                    + " last touched the resource is unknown, so a person should review before reverting.");
                }
                Duration idle = Duration.between(last, at);
                if (idle.compareTo(Evidence.IDLE) >= 0) {
                    yield new Decision(
                            Recommendation.AUTO_REVERT,
                            "default.manual_troubleshooting.idle",
                            clarity,
                            who + " last changed the resource at " + Wording.utc(last) + ", " + Wording.duration(idle)
                                    + " before " + Wording.utc(at)
                                    + ": idle for at least an hour, so the troubleshooting change is reverted.");
                }
                yield new Decision(
                        Recommendation.ESCALATE_FOR_REVIEW,
                        "default.manual_troubleshooting.active",
                        clarity,
                        who + " changed the resource at " + Wording.utc(last) + ", only " + Wording.duration(idle)
                                + " before "
                                + Wording.utc(at)
                                + "; troubleshooting may still be under way, so a person should review "
                                + "before anything is reverted (auto-revert once idle for an hour).");
            }
            case AUTOMATED_RESPONSE ->
                new Decision(
                        Recommendation.ACCEPT_AS_EXCEPTION,
                        "default.automated_response",
                        1.0,
                        Wording.actorName(ctx)
                                + " is automation acting for the account; the default policy accepts its change "
                                + "as an exception and suggests an ignore rule for " + Wording.paths(f) + ".");
        };
    }

    private static String securityReason(EpisodeContext ctx) {
        for (ContextFact f : ctx.facts()) {
            if (f.security() && !ContextFact.Relation.AFTER_CHANGE.equals(f.relation())) {
                return "it follows " + Evidence.name(f);
            }
        }
        if (ctx.actor() != null && ctx.actor().securityPrincipal()) {
            return Wording.actorName(ctx) + " is a security principal";
        }
        return "it tightens security";
    }

    private static ContextFact lastResolvedIncident(EpisodeContext ctx) {
        ContextFact best = null;
        for (ContextFact f : ctx.facts()) {
            if (Evidence.highUrgency(f)
                    && f.endTime() != null
                    && (best == null || f.endTime().isAfter(best.endTime()))) {
                best = f;
            }
        }
        return best;
    }

    private static String reasoning(
            EpisodeContext ctx,
            Cause cause,
            double causeConfidence,
            Map<Cause, Double> scores,
            SeverityPolicy.Assessment severity,
            Decision d,
            Instant at) {
        StringBuilder b = new StringBuilder(d.why());
        b.append(String.format(Locale.ROOT, " Cause %s (confidence %.2f)", cause, causeConfidence));
        String runnerUp = runnerUp(scores, cause);
        if (runnerUp != null) {
            b.append(", next ").append(runnerUp);
        }
        b.append(". Severity ").append(severity.level());
        if (severity.entries().isEmpty()) {
            b.append(": no severity rule fired");
        } else {
            List<String> parts = new ArrayList<>();
            for (SeverityEntry e : severity.entries()) {
                parts.add(e.dimension() + " " + e.level() + " (" + e.rule() + ")");
            }
            b.append(": ").append(String.join(", ", parts));
        }
        b.append('.');
        List<String> evidence = RepeatedEvidence.lines(ctx.facts(), Evidence::name, " at ", h -> h);
        if (!evidence.isEmpty()) {
            b.append(" Evidence: ").append(String.join("; ", evidence)).append('.');
        }
        Finding f = ctx.finding();
        if (!f.isOpen()) {
            b.append(" The episode is resolved (")
                    .append(f.resolution() == null ? "closed" : f.resolution())
                    .append(
                            "): this is the recommendation it had while open, kept for the record; no action is needed.");
        }
        return b.toString();
    }

    private static String runnerUp(Map<Cause, Double> scores, Cause cause) {
        if (scores == null) {
            return null;
        }
        Cause best = null;
        double v = -1;
        for (Map.Entry<Cause, Double> e : scores.entrySet()) {
            if (!e.getKey().equals(cause) && e.getValue() != null && e.getValue() > v) {
                best = e.getKey();
                v = e.getValue();
            }
        }
        return best == null || v <= 0 ? null : String.format(Locale.ROOT, "%s %.2f", best, v);
    }
}
