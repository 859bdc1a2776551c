package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Whether a drift episode is still open. */
public enum FindingStatus implements Term {
    /** The resource still differs from its declaration. */
    OPEN,
    /** The resource matches its declaration again; see {@link Resolution}. */
    RESOLVED;

    @JsonCreator
    public static FindingStatus of(String id) {
        return Term.parse(FindingStatus.class, id);
    }

    /** The id, so that prose and logs read {@code emergency_fix}, never {@code EMERGENCY_FIX}. */
    @Override
    public String toString() {
        return id();
    }
}
