package io.driftguard.dashboard.approval;

/**
 * The body of {@code POST /api/findings/{id}/approvals}.
 *
 * @param decision {@code approved}, {@code rejected} or {@code deferred}
 * @param findingVersion optional: the version the person looked at; if the finding has changed
 *     since, the decision is refused (409) so no one approves a recommendation they did not see
 */
record ApprovalRequest(String decision, String comment, Long findingVersion) {}
