package io.driftguard.models.scenario.label;

import io.driftguard.core.vocabulary.Severity;

/**
 * What a diverging change does, in the words of docs/design/taxonomy.md's severity table. Capacity and cost
 * are not listed here: {@link LabelPolicy} derives them from a change's {@link Sizing}.
 */
public enum Effect {
    ADMIN_PORT_OPEN_TO_WORLD("security", Severity.HIGH, "admin or database port open to 0.0.0.0/0 or ::/0"),
    STORAGE_PUBLIC("security", Severity.HIGH, "storage made public"),
    ADMIN_ACCESS_GRANTED("security", Severity.HIGH, "a policy granting * actions or admin roles"),
    ENCRYPTION_DISABLED("security", Severity.HIGH, "encryption disabled"),
    KEY_PROTECTION_REMOVED("security", Severity.HIGH, "MFA or key protection removed"),
    INGRESS_WIDENED("security", Severity.MEDIUM, "other ingress widened"),
    PRINCIPAL_GRANTED("security", Severity.MEDIUM, "a new principal granted access"),
    TIGHTENED("security", Severity.LOW, "tightening change"),
    AUDIT_LOGGING_DISABLED("compliance", Severity.HIGH, "audit logging disabled"),
    BACKUP_RETENTION_LOWERED("compliance", Severity.MEDIUM, "backup retention lowered"),
    DELETION_PROTECTION_OFF("compliance", Severity.MEDIUM, "deletion protection off"),
    REQUIRED_TAG_REMOVED("compliance", Severity.MEDIUM, "required tags removed"),
    TAG_CHANGED("compliance", Severity.LOW, "other tag changes"),
    TIMEOUT_LOWERED("performance", Severity.MEDIUM, "timeouts lowered");

    private final String dimension;
    private final Severity level;
    private final String rule;

    Effect(String dimension, Severity level, String rule) {
        this.dimension = dimension;
        this.level = level;
        this.rule = rule;
    }

    public String dimension() {
        return dimension;
    }

    public Severity level() {
        return level;
    }

    public String rule() {
        return rule;
    }
}
