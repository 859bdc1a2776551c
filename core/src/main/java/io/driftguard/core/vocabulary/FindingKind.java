package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What a finding reports. Only {@link #DRIFT} counts as a detection. */
public enum FindingKind implements Term {
    /** A managed resource changed away from its declaration by someone other than its IaC. */
    DRIFT,
    /** A change to a resource no IaC source declares. */
    UNMANAGED;

    @JsonCreator
    public static FindingKind of(String id) {
        return Term.parse(FindingKind.class, id);
    }

    /** The id, so that prose and logs read {@code emergency_fix}, never {@code EMERGENCY_FIX}. */
    @Override
    public String toString() {
        return id();
    }
}
