package io.driftguard.judge;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Finding.Correlation;
import io.driftguard.core.finding.Finding.Narrative;
import io.driftguard.core.finding.Finding.Remediation;
import io.driftguard.core.finding.Finding.SeverityEntry;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.narrative.Narratives;
import io.driftguard.judge.policy.PolicyOverrides;
import io.driftguard.judge.policy.RecommendationPolicy;
import io.driftguard.judge.policy.SeverityPolicy;
import io.driftguard.judge.remediation.Remediations;
import io.driftguard.judge.semantics.ChangeSemantics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one entry point the judge operator calls once it knows the cause: severity, recommendation,
 * narrative, remediation and correlations for an episode. Immutable and serialisable, so it is
 * built once from the configuration (a bad {@code policy} section fails there, at start-up) and
 * shipped inside the Flink operator.
 */
public final class JudgementPolicies implements Serializable {

    /** Everything the policies decided for one episode. */
    public record Judgement(
            Severity severity,
            List<SeverityEntry> severityBreakdown,
            Recommendation recommendation,
            double recommendationConfidence,
            String reasoning,
            String risk,
            String policyRule,
            Narrative narrative,
            Remediation remediation,
            List<Correlation> correlations)
            implements Serializable {}

    private final SeverityPolicy severity;
    private final RecommendationPolicy recommendation;

    private JudgementPolicies(PolicyOverrides overrides) {
        this.severity = new SeverityPolicy(overrides.severity());
        this.recommendation = new RecommendationPolicy(overrides.recommendations());
    }

    /** docs/design/taxonomy.md's defaults only. */
    public static JudgementPolicies defaults() {
        return new JudgementPolicies(PolicyOverrides.none());
    }

    /**
     * The defaults with the configuration's {@code policy} overrides.
     *
     * @throws io.driftguard.core.config.ConfigException naming the line of a bad rule
     */
    public static JudgementPolicies from(DriftGuardConfig config) {
        return new JudgementPolicies(PolicyOverrides.parse(config.policy(), config.origin()));
    }

    public Judgement decide(EpisodeContext ctx, Cause cause, double causeConfidence, Map<Cause, Double> causeScores) {
        Finding withCause = ctx.finding().toBuilder().cause(cause).build();
        ChangeSemantics s = ChangeSemantics.of(withCause);
        SeverityPolicy.Assessment sev = severity.evaluate(withCause, s);
        RecommendationPolicy.Advice rec = recommendation.decide(ctx, cause, causeConfidence, causeScores, sev, s);
        Narrative narrative = Narratives.of(ctx, cause, causeConfidence, sev, rec, s);
        return new Judgement(
                sev.level(),
                sev.entries(),
                rec.recommendation(),
                rec.confidence(),
                rec.reasoning(),
                rec.risk(),
                rec.policyRule(),
                narrative,
                Remediations.of(withCause),
                correlations(ctx.facts()));
    }

    /** The finished finding: the episode's finding with the cause and every judgement field set. */
    public Finding judge(EpisodeContext ctx, Cause cause, double causeConfidence, Map<Cause, Double> causeScores) {
        Judgement j = decide(ctx, cause, causeConfidence, causeScores);
        return ctx.finding().toBuilder()
                .cause(cause)
                .causeConfidence(causeConfidence)
                .causeScores(causeScores)
                .severity(j.severity())
                .severityBreakdown(j.severityBreakdown())
                .recommendation(j.recommendation())
                .recommendationConfidence(j.recommendationConfidence())
                .reasoning(j.reasoning())
                .risk(j.risk())
                .policyRule(j.policyRule())
                .narrative(j.narrative())
                .remediation(j.remediation())
                .correlations(j.correlations())
                .build();
    }

    /** Context facts as docs/design/replay-contract.md's correlations; the detail is the title, message or read count. */
    public static List<Correlation> correlations(List<ContextFact> facts) {
        List<Correlation> out = new ArrayList<>(facts.size());
        for (ContextFact f : facts) {
            String detail = f.kind().equals("read_activity")
                    ? f.count() + " read" + (f.count() == 1 ? "" : "s")
                            + (f.sameResource() ? " of the resource" : " of its service")
                    : f.text();
            out.add(new Correlation(CorrelationKind.of(f.kind()), f.id(), f.source(), f.relation(), f.time(), detail));
        }
        return out;
    }
}
