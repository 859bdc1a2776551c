package io.driftguard.models.scenario.label;

import java.util.ArrayList;
import java.util.List;

/**
 * TAXONOMY.md's default severity and recommendation policy, as the labels apply it. Kept apart and
 * tested on its own so a reviewer can check the labels against the spec's tables line by line.
 *
 * <p>Choices where the tables are silent: capacity compares the resource's size after the change
 * with its declared size (memory GiB for instance types, counts for replicas and instances);
 * cost is estimated only where the resource's own attributes price it (instance types, database
 * classes, VM sizes times instance counts), and then always yields an entry; a change no rule
 * covers is low.
 */
public final class LabelPolicy {

    /** One fired rule: {@code dimension}, {@code rule} (the table's wording), {@code level}. */
    public record Entry(String dimension, String rule, String level) {}

    /** An overall severity with its breakdown. */
    public record Severity(String level, List<Entry> entries) {}

    /** A recommendation and the default-policy row that chose it. */
    public record Recommendation(String recommendation, String rule) {}

    private LabelPolicy() {}

    public static Severity severity(List<Effect> effects, Sizing sizing) {
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
                entries.add(new Entry("performance", "capacity reduced below declared by half or more", "high"));
            } else if (ratio < 1.0) {
                entries.add(new Entry("performance", "capacity reduced", "medium"));
            } else if (ratio > 1.0) {
                entries.add(new Entry("performance", "capacity increased", "low"));
            }
            if (sizing.priced()) {
                double delta = sizing.costAfter() - sizing.costBefore();
                double relative = sizing.costBefore() > 0 ? delta / sizing.costBefore() : Double.POSITIVE_INFINITY;
                if (delta > 0 && (relative > 0.5 || delta > 500)) {
                    entries.add(new Entry("cost", "estimated monthly cost up by more than 50% or more than $500", "high"));
                } else if (delta > 0 && relative > 0.1) {
                    entries.add(new Entry("cost", "estimated monthly cost up by more than 10%", "medium"));
                } else {
                    entries.add(new Entry("cost", "estimated monthly cost otherwise", "low"));
                }
            }
        }
        String level = "low";
        for (Entry e : entries) {
            level = max(level, e.level());
        }
        return new Severity(level, List.copyOf(entries));
    }

    /**
     * @param incidentOpen whether a high-urgency incident on the resource's service is open at the
     *     moment the recommendation is taken (the end of the run, or just before the episode resolved)
     * @param actorIdleOneHour whether the actor has been idle on the resource for at least an hour
     *     at that moment
     */
    public static Recommendation recommendation(
            String cause, String severity, boolean incidentOpen, boolean actorIdleOneHour) {
        return switch (cause) {
            case "configuration_error" -> "high".equals(severity)
                    ? new Recommendation("auto_revert", "configuration_error with severity high")
                    : new Recommendation("escalate_for_review", "configuration_error otherwise");
            case "security_response" -> new Recommendation("codify_into_iac", "security_response");
            case "emergency_fix" -> incidentOpen
                    ? new Recommendation("escalate_for_review", "emergency_fix while a high-urgency incident is open")
                    : new Recommendation("codify_into_iac", "emergency_fix once no such incident is open");
            case "manual_troubleshooting" -> actorIdleOneHour
                    ? new Recommendation("auto_revert", "manual_troubleshooting, actor idle for 1 hour")
                    : new Recommendation("escalate_for_review", "manual_troubleshooting, actor active within the hour");
            case "automated_response" -> new Recommendation("accept_as_exception", "automated_response");
            default -> throw new IllegalArgumentException("unknown cause " + cause);
        };
    }

    public static String max(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(String level) {
        return switch (level) {
            case "high" -> 2;
            case "medium" -> 1;
            default -> 0;
        };
    }
}
