package io.driftguard.dashboard.approval;

import java.time.Instant;

/**
 * A person's decision on a finding's recommendation, for the version of the finding they saw.
 *
 * @param recommendation the recommendation decided on, as it stood at that version
 */
public record Approval(
        long approvalId,
        String findingId,
        long findingVersion,
        String recommendation,
        String decision,
        String decidedBy,
        String comment,
        Instant decidedAt) {}
