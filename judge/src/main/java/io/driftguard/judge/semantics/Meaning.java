package io.driftguard.judge.semantics;

/**
 * What a change to a managed attribute does, in docs/design/taxonomy.md's vocabulary. The severity policy maps
 * each to a dimension and level; the cause model reads them as features.
 */
public enum Meaning {
    /** Revoked ingress, removed public access, detached or denied policy, encryption or logging enabled, narrower source. */
    TIGHTENING("tightens security"),
    /** New ingress or a wider source that is not an admin port opened to the world. */
    WIDENING("widens network access"),
    ADMIN_PORT_OPEN_TO_WORLD("opens an admin or database port to the whole Internet"),
    STORAGE_PUBLIC("makes storage public"),
    POLICY_WILDCARD_OR_ADMIN("grants * actions or an admin role"),
    NEW_PRINCIPAL_GRANTED("grants a new principal or permission access"),
    ENCRYPTION_DISABLED("disables encryption"),
    /** A lower minimum TLS version: weaker, not disabled, encryption in transit. */
    TLS_WEAKENED("lowers the minimum TLS version"),
    KEY_PROTECTION_REMOVED("removes MFA or key protection"),
    AUDIT_LOGGING_DISABLED("disables audit logging"),
    AUDIT_LOG_VALIDATION_OFF("turns off audit log integrity validation"),
    BACKUP_RETENTION_LOWERED("lowers backup retention"),
    BACKUP_DISABLED("disables backups or versioning"),
    DELETION_PROTECTION_OFF("turns deletion protection off"),
    REQUIRED_TAG_REMOVED("removes a declared tag"),
    OTHER_TAG_CHANGE("changes a tag value"),
    TIMEOUT_LOWERED("lowers a timeout");

    private final String phrase;

    Meaning(String phrase) {
        this.phrase = phrase;
    }

    /** A verb phrase for sentences ("the change … opens an admin or database port …"). */
    public String phrase() {
        return phrase;
    }
}
