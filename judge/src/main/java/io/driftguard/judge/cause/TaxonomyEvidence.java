package io.driftguard.judge.cause;

import io.driftguard.core.vocabulary.Cause;
import java.util.ArrayList;
import java.util.List;

/**
 * What docs/design/taxonomy.md's cause table requires of the evidence, applied to the model's
 * calibrated scores. The trees learn the table from generated worlds, and in a world they never
 * saw they can lean on whatever separated the causes there (a security engineer who always
 * tightened, a misconfiguration that was always made from the console). This layer keeps the
 * decision on the taxonomy's own evidence: a cause whose deciding evidence is absent, or whose
 * row the change contradicts, keeps only a small share of its score, and what it loses becomes
 * uncertainty spread over all causes, so an answer the evidence overturns is decided with low
 * confidence. When every cause lacks its evidence the model's order stands.
 *
 * <ul>
 *   <li>{@code automated_response} is decided by the actor: a person's change is not automation,
 *       and an automation principal's change is nothing else.
 *   <li>{@code security_response} needs a security principal or security evidence within two hours
 *       before, <i>and</i> a change that tightens: a security engineer loosening a setting is not a
 *       security response.
 *   <li>{@code emergency_fix} needs a high-urgency incident open during the change.
 *   <li>{@code manual_troubleshooting} needs the actor's troubleshooting trail (reads before the
 *       change, a low or medium ticket, or a revert within the hour) and no high-urgency incident
 *       (which would make it an emergency fix).
 *   <li>{@code configuration_error} gives way to an open high-urgency incident, and to security
 *       evidence when the change tightens (the rows that come first).
 * </ul>
 */
public final class TaxonomyEvidence {

    /** The share a contradicted cause keeps: the row's deciding evidence is absent or contradicted. */
    public static final double CONTRADICTED = 0.02;

    /** The share a cause keeps when a row earlier in the precedence order fits. */
    public static final double PRECEDED = 0.2;

    private TaxonomyEvidence() {}

    /**
     * Applies the table's requirements to {@code p} (class order = {@link Cause#values()}) in place:
     * each cause keeps its weight's share of its score, and the score taken away is spread evenly
     * over all causes. The order is that of the weighted scores, and the confidence of the winner
     * falls by as much as the model's belief had to be set aside: an answer the evidence overturns
     * is never a confident one. Returns the causes whose weight was cut.
     */
    public static List<String> apply(float[] x, float[] p) {
        double[] w = weights(x);
        List<String> notes = new ArrayList<>();
        double removed = 0;
        Cause[] causes = Cause.values();
        for (int c = 0; c < p.length; c++) {
            removed += p[c] * (1 - w[c]);
            if (w[c] < 1 && p[c] > 0.05) {
                notes.add(causes[c].id());
            }
        }
        double spread = removed / p.length;
        for (int c = 0; c < p.length; c++) {
            p[c] = (float) (p[c] * w[c] + spread);
        }
        return notes;
    }

    /** The weight of each cause (class order) given the feature row. */
    static double[] weights(float[] x) {
        double[] w = {1, 1, 1, 1, 1};
        boolean person = x[CauseFeatures.ACTOR_HUMAN] > 0 && x[CauseFeatures.AUTOMATION_PRINCIPAL] == 0;
        boolean securityActor = x[CauseFeatures.SECURITY_PRINCIPAL] > 0;
        boolean securityEvidence = x[CauseFeatures.SECURITY_EVIDENCE] > 0;
        boolean loosens = x[CauseFeatures.WIDENING] > 0
                || x[CauseFeatures.MISCONFIGURATION] > 0
                || x[CauseFeatures.NEW_PRINCIPAL] > 0;
        boolean tightens = x[CauseFeatures.TIGHTENING] > 0 && !loosens;
        boolean incident = x[CauseFeatures.HIGH_INCIDENT_OPEN] > 0;
        boolean trail = x[CauseFeatures.READ_COUNT] > 0
                || x[CauseFeatures.LOW_MEDIUM_TICKET] > 0
                || x[CauseFeatures.REVERTED_WITHIN_1H] > 0;
        int automated = Cause.AUTOMATED_RESPONSE.ordinal();
        int security = Cause.SECURITY_RESPONSE.ordinal();
        int emergency = Cause.EMERGENCY_FIX.ordinal();
        int manual = Cause.MANUAL_TROUBLESHOOTING.ordinal();
        int config = Cause.CONFIGURATION_ERROR.ordinal();
        if (person) {
            w[automated] *= CONTRADICTED;
        }
        if (x[CauseFeatures.AUTOMATION_PRINCIPAL] > 0) {
            for (int c = 0; c < w.length; c++) {
                if (c != automated) {
                    w[c] *= PRECEDED;
                }
            }
        }
        if (!(securityActor || securityEvidence) || !tightens) {
            w[security] *= CONTRADICTED;
        } else {
            w[emergency] *= PRECEDED;
            w[manual] *= PRECEDED;
            w[config] *= PRECEDED;
        }
        if (!incident) {
            w[emergency] *= CONTRADICTED;
        } else {
            w[manual] *= PRECEDED;
            w[config] *= PRECEDED;
        }
        if (!trail) {
            w[manual] *= PRECEDED;
        }
        return w;
    }
}
