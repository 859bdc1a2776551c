package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How bad a drift episode is, overall and per severity rule; ordered low &lt; medium &lt; high. */
public enum Severity implements Term {
    LOW,
    MEDIUM,
    HIGH;

    @JsonCreator
    public static Severity of(String id) {
        return Term.parse(Severity.class, id);
    }

    /** The higher of two severities; null counts as lower than any. */
    public static Severity max(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** The id, so that prose and logs read {@code emergency_fix}, never {@code EMERGENCY_FIX}. */
    @Override
    public String toString() {
        return id();
    }
}
