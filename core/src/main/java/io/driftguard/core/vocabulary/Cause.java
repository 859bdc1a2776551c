package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Why a drift episode happened: exactly one per episode. Declared in the taxonomy's precedence order:
 * when several fit, the first wins (docs/design/taxonomy.md).
 */
public enum Cause implements Term {
    /** A cloud service, Kubernetes controller or remediation function acting for the account. */
    AUTOMATED_RESPONSE,
    /** A security principal, or anyone within 2 hours after a security finding, tightening security. */
    SECURITY_RESPONSE,
    /** A person during a high-urgency incident on the affected service. */
    EMERGENCY_FIX,
    /** A person who read the resource or its service in the 30 minutes before, with no high-urgency incident. */
    MANUAL_TROUBLESHOOTING,
    /** A person or script with nothing to explain it, introducing a misconfiguration or an unusual value. */
    CONFIGURATION_ERROR;

    @JsonCreator
    public static Cause of(String id) {
        return Term.parse(Cause.class, id);
    }

    /** The id, so that prose and logs read {@code emergency_fix}, never {@code EMERGENCY_FIX}. */
    @Override
    public String toString() {
        return id();
    }
}
