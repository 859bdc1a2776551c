package io.driftguard.models.scenario.label;

/**
 * What a diverging change does, in the words of TAXONOMY.md's severity table. Capacity and cost
 * are not listed here: {@link LabelPolicy} derives them from a change's {@link Sizing}.
 */
public enum Effect {
    ADMIN_PORT_OPEN_TO_WORLD("security", "high", "admin or database port open to 0.0.0.0/0 or ::/0"),
    STORAGE_PUBLIC("security", "high", "storage made public"),
    ADMIN_ACCESS_GRANTED("security", "high", "a policy granting * actions or admin roles"),
    ENCRYPTION_DISABLED("security", "high", "encryption disabled"),
    KEY_PROTECTION_REMOVED("security", "high", "MFA or key protection removed"),
    INGRESS_WIDENED("security", "medium", "other ingress widened"),
    PRINCIPAL_GRANTED("security", "medium", "a new principal granted access"),
    TIGHTENED("security", "low", "tightening change"),
    AUDIT_LOGGING_DISABLED("compliance", "high", "audit logging disabled"),
    BACKUP_RETENTION_LOWERED("compliance", "medium", "backup retention lowered"),
    DELETION_PROTECTION_OFF("compliance", "medium", "deletion protection off"),
    REQUIRED_TAG_REMOVED("compliance", "medium", "required tags removed"),
    TAG_CHANGED("compliance", "low", "other tag changes"),
    TIMEOUT_LOWERED("performance", "medium", "timeouts lowered");

    private final String dimension;
    private final String level;
    private final String rule;

    Effect(String dimension, String level, String rule) {
        this.dimension = dimension;
        this.level = level;
        this.rule = rule;
    }

    public String dimension() {
        return dimension;
    }

    public String level() {
        return level;
    }

    public String rule() {
        return rule;
    }
}
