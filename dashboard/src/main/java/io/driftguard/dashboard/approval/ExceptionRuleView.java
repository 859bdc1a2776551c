package io.driftguard.dashboard.approval;

import java.time.Instant;

/** An accepted exception as the API shows it (view analyst_exception_rules). */
public record ExceptionRuleView(
        long ruleId,
        String findingId,
        String cloud,
        String resourceId,
        String attribute,
        String reason,
        String approvedBy,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy,
        boolean active,
        long versionsSilenced) {}
