package io.driftguard.models.scenario.label;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/design/taxonomy.md's default severity and recommendation policy, as the labels apply it. Kept apart and
 * tested on its own so a reviewer can check the labels against the spec's tables line by line.
 * Written independently of the judge's policies on purpose: labels that copied the judge's code
 * could not catch its mistakes.
 *
 * <p>Choices where the tables are silent: capacity compares the resource's size after the change
 * with its declared size (memory GiB for instance types, counts for replicas and instances);
 * cost is estimated only where the resource's own attributes price it (instance types, database
 * classes, VM sizes times instance counts), and then always yields an entry; a change no rule
 * covers is low.
 */
public final class LabelPolicy {

    /** One fired rule: {@code dimension}, {@code rule} (the table's wording), {@code level}. */
    public record Entry(String dimension, String rule, Severity level) {}

    /** An overall severity with its breakdown. */
    public record SeverityLabel(Severity level, List<Entry> entries) {}

    /** A recommendation and the default-policy row that chose it. */
    public record RecommendationLabel(Recommendation recommendation, String rule) {}

    private LabelPolicy() {}

    private static BigDecimal cents(double usd) {
        return BigDecimal.valueOf(usd).setScale(2, RoundingMode.HALF_UP);
    }

    public static SeverityLabel severity(List<Effect> effects, Sizing sizing) {
        List<Entry> entries = new ArrayList<>();
        for (Effect e : effects) {
            Entry entry = new Entry(e.dimension(), e.rule(), e.level());
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        if (sizing != null) {
            double ratio = sizing.capacityAfter() / sizing.capacityBefore();
            if (ratio <= 0.5) {
                entries.add(new Entry("performance", "capacity reduced below declared by half or more", Severity.HIGH));
            } else if (ratio < 1.0) {
                entries.add(new Entry("performance", "capacity reduced", Severity.MEDIUM));
            } else if (ratio > 1.0) {
                entries.add(new Entry("performance", "capacity increased", Severity.LOW));
            }
            if (sizing.priced()) {
                // in cents, exactly: "more than 50%" is strict, and +50% must not become more by the
                // binary rounding of two dollar figures
                BigDecimal before = cents(sizing.costBefore());
                BigDecimal delta = cents(sizing.costAfter()).subtract(before);
                boolean up = delta.signum() > 0;
                if (up
                        && (delta.compareTo(BigDecimal.valueOf(500)) > 0
                                || delta.compareTo(before.multiply(new BigDecimal("0.5"))) > 0)) {
                    entries.add(new Entry(
                            "cost", "estimated monthly cost up by more than 50% or more than $500", Severity.HIGH));
                } else if (up && delta.compareTo(before.multiply(new BigDecimal("0.1"))) > 0) {
                    entries.add(new Entry("cost", "estimated monthly cost up by more than 10%", Severity.MEDIUM));
                } else {
                    entries.add(new Entry("cost", "estimated monthly cost otherwise", Severity.LOW));
                }
            }
        }
        Severity level = Severity.LOW;
        for (Entry e : entries) {
            level = Severity.max(level, e.level());
        }
        return new SeverityLabel(level, List.copyOf(entries));
    }

    /**
     * @param incidentOpen whether a high-urgency incident on the resource's service is open at the
     *     moment the recommendation is taken (the end of the run, or just before the episode resolved)
     * @param actorIdleOneHour whether the actor has been idle on the resource for at least an hour
     *     at that moment
     */
    public static RecommendationLabel recommendation(
            Cause cause, Severity severity, boolean incidentOpen, boolean actorIdleOneHour) {
        return switch (cause) {
            case CONFIGURATION_ERROR ->
                severity == Severity.HIGH
                        ? new RecommendationLabel(Recommendation.AUTO_REVERT, "configuration_error with severity high")
                        : new RecommendationLabel(Recommendation.ESCALATE_FOR_REVIEW, "configuration_error otherwise");
            case SECURITY_RESPONSE -> new RecommendationLabel(Recommendation.CODIFY_INTO_IAC, "security_response");
            case EMERGENCY_FIX ->
                incidentOpen
                        ? new RecommendationLabel(
                                Recommendation.ESCALATE_FOR_REVIEW,
                                "emergency_fix while a high-urgency incident is open")
                        : new RecommendationLabel(
                                Recommendation.CODIFY_INTO_IAC, "emergency_fix once no such incident is open");
            case MANUAL_TROUBLESHOOTING ->
                actorIdleOneHour
                        ? new RecommendationLabel(
                                Recommendation.AUTO_REVERT, "manual_troubleshooting, actor idle for 1 hour")
                        : new RecommendationLabel(
                                Recommendation.ESCALATE_FOR_REVIEW,
                                "manual_troubleshooting, actor active within the hour");
            case AUTOMATED_RESPONSE ->
                new RecommendationLabel(Recommendation.ACCEPT_AS_EXCEPTION, "automated_response");
        };
    }
}
