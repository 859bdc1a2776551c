package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How a resolved episode ended. */
public enum Resolution implements Term {
    /** The declared value was put back, by hand or by auto-revert. */
    REVERTED,
    /** The IaC was changed to declare the live value. */
    CODIFIED,
    /**
     * The IaC no longer declares the resource (its Terraform resource, stack resource or manifest
     * object was deleted): nothing is managed any more, so there is no drift left to resolve; later
     * changes to it are reported as {@code unmanaged}.
     */
    REMOVED_FROM_IAC;

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
