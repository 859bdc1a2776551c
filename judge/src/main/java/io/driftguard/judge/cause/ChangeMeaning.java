package io.driftguard.judge.cause;

/**
 * ADAPTER (temporary seam): what a finding's changes mean, as the cause features need it. The
 * shared answer is {@code io.driftguard.judge.semantics.ChangeSemantics}, written in parallel;
 * {@link ChangeMeanings#of} is the one place that decides which implementation the features read,
 * so wiring the shared class in is a one-line change there and a bump of
 * {@link CauseFeatures#VERSION} if the values it yields differ.
 */
public interface ChangeMeaning {

    /** The change reduces exposure: revokes ingress, removes public access or grants, enables encryption or logging. */
    boolean tightening();

    /** The change increases exposure: more ingress, a wider range, a new grant. */
    boolean widening();

    boolean adminOrDatabasePortOpenToWorld();

    boolean storagePublic();

    boolean policyGrantsWildcardOrAdmin();

    /** A principal or permission gained access (not an admin or wildcard grant). */
    boolean newPrincipalGranted();

    /** MFA delete, key protection or similar safeguards removed. */
    boolean keyProtectionRemoved();

    boolean encryptionDisabled();

    boolean auditLoggingDisabled();

    boolean backupDisabled();

    boolean deletionProtectionOff();

    /** actual / desired capacity or size where comparable (1 when unknown or unchanged). */
    double capacityRatio();

    /** Every changed path is a tag or label. */
    boolean tagOnly();
}
