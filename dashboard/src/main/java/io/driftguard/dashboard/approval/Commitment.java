package io.driftguard.dashboard.approval;

import java.time.Instant;

/** A commitment to revert or codify, with whether it was kept (view analyst_remediation_commitments). */
public record Commitment(
        long commitmentId,
        String findingId,
        String action,
        String committedBy,
        Instant dueAt,
        String note,
        Instant createdAt,
        String state) {}
