package io.driftguard.judge.cause;

import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.semantics.ChangeSemantics;
import io.driftguard.judge.semantics.Meaning;

/**
 * ADAPTER: {@link ChangeMeaning} read from the shared {@link ChangeSemantics}, so the cause
 * features and the severity policy agree on what a change means. Meanings the features do not
 * name separately are folded into the nearest one (a weakened TLS minimum counts as encryption
 * weakened, audit log validation off as audit logging off, lowered retention as backups reduced).
 */
record SharedChangeMeaning(
        boolean tightening,
        boolean widening,
        boolean adminOrDatabasePortOpenToWorld,
        boolean storagePublic,
        boolean policyGrantsWildcardOrAdmin,
        boolean newPrincipalGranted,
        boolean keyProtectionRemoved,
        boolean encryptionDisabled,
        boolean auditLoggingDisabled,
        boolean backupDisabled,
        boolean deletionProtectionOff,
        double capacityRatio,
        boolean tagOnly)
        implements ChangeMeaning {

    static ChangeMeaning of(Finding finding) {
        ChangeSemantics s = ChangeSemantics.of(finding);
        double ratio = 1;
        for (double r : s.capacityRatios()) {
            double clamped = Double.isFinite(r) ? r : 1024;
            if (clamped > 0 && Math.abs(Math.log(clamped)) > Math.abs(Math.log(ratio))) {
                ratio = clamped;
            }
        }
        boolean tagOnly = !finding.changes().isEmpty();
        for (Change c : finding.changes()) {
            tagOnly &= PathFamily.of(c.path()) == PathFamily.TAGS;
        }
        return new SharedChangeMeaning(
                s.tightening(),
                s.widening(),
                s.adminOrDatabasePortOpenToWorld(),
                s.storagePublic(),
                s.policyGrantsWildcardOrAdmin(),
                s.newPrincipalGranted(),
                s.mfaOrKeyProtectionRemoved(),
                s.encryptionDisabled() || s.has(Meaning.TLS_WEAKENED),
                s.auditLoggingDisabled() || s.has(Meaning.AUDIT_LOG_VALIDATION_OFF),
                s.backupDisabled() || s.backupRetentionLowered(),
                s.deletionProtectionOff(),
                ratio,
                tagOnly);
    }
}
