package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How DriftGuard learned of the change that opened a finding. */
public enum FoundBy implements Term {
    /** A call in a cloud's audit stream (CloudTrail, Cloud Audit Logs, Activity Log, Kubernetes audit). */
    AUDIT_EVENT,
    /**
     * A reconcile scan ({@code driftguard reconcile}) read the live configuration and found it
     * different from the declaration: the audit stream missed the change (it happened before
     * DriftGuard started, through a call the catalog does not list, or its record was lost). The
     * actor is unknown unless an audit record for the same change arrives later.
     */
    RECONCILE_SCAN;

    @JsonCreator
    public static FoundBy of(String id) {
        return Term.parse(FoundBy.class, id);
    }

    @Override
    public String toString() {
        return id();
    }
}
