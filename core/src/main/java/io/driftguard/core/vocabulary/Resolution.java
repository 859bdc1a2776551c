package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How a resolved episode ended. */
public enum Resolution implements Term {
    /** The declared value was put back, by hand or by auto-revert. */
    REVERTED,
    /** The IaC was changed to declare the live value. */
    CODIFIED;

    @JsonCreator
    public static Resolution of(String id) {
        return Term.parse(Resolution.class, id);
    }

    /** The id, so that prose and logs read {@code emergency_fix}, never {@code EMERGENCY_FIX}. */
    @Override
    public String toString() {
        return id();
    }
}
