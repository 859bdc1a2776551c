package io.driftguard.pipeline.correlation;

import java.util.List;
import java.util.Locale;

/** Each tool's severity vocabulary mapped to critical / high / medium / low (see ContextFact). */
final class Levels {

    private static final List<String> ORDER = List.of("low", "medium", "high", "critical");

    private Levels() {}

    static String urgency(String urgency, String priority) {
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

    /** GuardDuty 0.1–8.9 (7+ high, 4+ medium); also accepts words. */
    static String findingSeverity(String severity) {
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

    static String higher(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
    }

    static boolean isSecurityWord(String s) {
        String v = s == null ? "" : s.toLowerCase(Locale.ROOT);
        return v.equals("security") || v.equals("sec") || v.equals("secops") || v.startsWith("security-")
                || v.endsWith("-security") || v.equals("incident-response") || v.equals("soc");
    }

    static boolean mentionsSecurity(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return t.contains("security") || t.contains("compromis") || t.contains("guardduty") || t.contains("exfiltrat");
    }
}
