package io.driftguard.pipeline.correlation;

import java.util.List;
import java.util.Locale;

/**
 * Each tool's urgency vocabulary (PagerDuty urgency and priority, Jira priority, Alertmanager
 * severity, GuardDuty's score) on one scale, critical / high / medium / low, for the {@code level}
 * of a context item ({@link io.driftguard.judge.context.ContextFact#level()}). How urgent the
 * evidence around an episode was, not the finding's own severity ({@code core.vocabulary.Severity}).
 */
final class UrgencyScale {

    private static final List<String> ORDER = List.of("low", "medium", "high", "critical");

    private UrgencyScale() {}

    /** A PagerDuty incident: P1 or SEV-1 priority is critical, else its urgency high or low. */
    static String incident(String urgency, String priority) {
        String p = priority == null ? "" : priority.toUpperCase(Locale.ROOT);
        if (p.equals("P1") || p.equals("SEV-1") || p.equals("SEV1")) {
            return "critical";
        }
        if (urgency == null) {
            return null;
        }
        return urgency.equalsIgnoreCase("high") ? "high" : "low";
    }

    static String jiraPriority(String priority) {
        if (priority == null) {
            return null;
        }
        return switch (priority.toLowerCase(Locale.ROOT)) {
            case "highest", "blocker", "critical", "p1" -> "critical";
            case "high", "major", "p2" -> "high";
            case "medium", "p3" -> "medium";
            case "low", "lowest", "minor", "trivial", "p4", "p5" -> "low";
            default -> null;
        };
    }

    static String alertSeverity(String severity) {
        if (severity == null) {
            return null;
        }
        return switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "emergency", "disaster", "p1" -> "critical";
            case "error", "high", "major" -> "high";
            case "warning", "warn", "medium", "average" -> "medium";
            case "info", "low", "none", "informational" -> "low";
            default -> null;
        };
    }

    /** A security finding: GuardDuty 0.1–8.9 (7+ high, 4+ medium); also accepts words. */
    static String securityFinding(String severity) {
        if (severity == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(severity);
            return v >= 7 ? "high" : v >= 4 ? "medium" : "low";
        } catch (NumberFormatException e) {
            return alertSeverity(severity);
        }
    }

    /** The more urgent of two levels; null counts as unknown, not low. */
    static String higher(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
    }
}
