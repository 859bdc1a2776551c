package io.driftguard.dashboard.approval;

import java.time.Instant;

/**
 * The body of {@code POST /api/findings/{id}/approvals}.
 *
 * @param decision {@code approved}, {@code rejected} or {@code deferred}
 * @param findingVersion optional: the version the person looked at; if the finding has changed
 *     since, the decision is refused (409) so no one approves a recommendation they did not see
 * @param expiresAt approving {@code accept_as_exception}: when the exception rule ends (default
 *     30 days, at most a year); the comment is the rule's reason and is required
 * @param dueAt approving {@code auto_revert} or {@code codify_into_iac}: by when it will be done
 *     (default one day for a revert, seven for codifying)
 * @param committedBy who will revert or codify (default: the approver)
 */
record ApprovalRequest(
        String decision, String comment, Long findingVersion, Instant expiresAt, Instant dueAt, String committedBy) {}
