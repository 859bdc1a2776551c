package io.driftguard.dashboard.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an approval sets in motion: exception rules (which the running job reads) and remediation
 * commitments; and the approvals queue.
 */
@Repository
public class ActionRepository {

    private final JdbcClient jdbc;

    ActionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The database's clock: expiries and due dates are compared with it, as the views do. */
    Instant now() {
        return jdbc.sql("SELECT now()").query(Timestamp.class).single().toInstant();
    }

    /** The resource a finding is about and the attribute paths that differ. */
    record Target(String cloud, String resourceId, List<String> paths) {}

    Target target(String findingId) {
        Map<String, Object> row = jdbc.sql("SELECT cloud, resource_id FROM findings WHERE finding_id = ?")
                .param(findingId)
                .query()
                .singleRow();
        List<String> paths = jdbc.sql("SELECT path FROM finding_changes WHERE finding_id = ? ORDER BY path")
                .param(findingId)
                .query(String.class)
                .list();
        return new Target((String) row.get("cloud"), (String) row.get("resource_id"), paths);
    }

    long createExceptionRule(
            String findingId,
            long approvalId,
            Target target,
            String attribute,
            String reason,
            String approvedBy,
            Instant expiresAt) {
        return jdbc.sql("""
                        INSERT INTO exception_rules (finding_id, approval_id, cloud, resource_id, attribute, reason,
                            approved_by, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING rule_id""")
                .params(
                        findingId,
                        approvalId,
                        target.cloud(),
                        target.resourceId(),
                        attribute,
                        reason,
                        approvedBy,
                        Timestamp.from(expiresAt))
                .query(Long.class)
                .single();
    }

    long createCommitment(
            String findingId, long approvalId, String action, String committedBy, Instant dueAt, String note) {
        return jdbc.sql("""
                        INSERT INTO remediation_commitments (finding_id, approval_id, action, committed_by, due_at, note)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING commitment_id""")
                .params(findingId, approvalId, action, committedBy, Timestamp.from(dueAt), note)
                .query(Long.class)
                .single();
    }

    /** Revokes a rule still in force; false when there is none with that id in force. */
    boolean revoke(long ruleId, String by) {
        return jdbc.sql("UPDATE exception_rules SET revoked_at = now(), revoked_by = ?"
                                + " WHERE rule_id = ? AND revoked_at IS NULL AND expires_at > now()")
                        .params(by, ruleId)
                        .update()
                == 1;
    }

    public List<Commitment> commitments(String findingId) {
        return jdbc.sql("SELECT * FROM analyst_remediation_commitments WHERE finding_id = ? ORDER BY created_at")
                .param(findingId)
                .query(ActionRepository::commitment)
                .list();
    }

    public List<ExceptionRuleView> exceptionRules(String findingIdOrNull) {
        return jdbc.sql("SELECT * FROM analyst_exception_rules WHERE (?::text IS NULL OR finding_id = ?)"
                        + " ORDER BY active DESC, created_at DESC LIMIT 500")
                .params(findingIdOrNull, findingIdOrNull)
                .query(ActionRepository::rule)
                .list();
    }

    /** One entry of the approvals queue. */
    record QueueEntry(
            String findingId,
            String cloud,
            String resourceId,
            String resourceType,
            String service,
            String actorDisplay,
            String cause,
            String severity,
            String recommendation,
            Instant detectedAt,
            String latestDecision,
            String waitingFor) {}

    /**
     * What waits for a person: open, judged drift that nobody approved or rejected (deferred counts
     * as waiting), and approved reverts or codifications whose commitment is overdue.
     */
    List<QueueEntry> queue(int limit) {
        return jdbc.sql("""
                        SELECT f.finding_id, f.cloud, f.resource_id, f.resource_type, f.service, f.actor_display,
                               f.cause, f.severity, f.recommendation, f.detected_at, f.latest_decision,
                               CASE WHEN f.latest_decision IS NULL OR f.latest_decision = 'deferred' THEN 'decision'
                                    ELSE 'overdue commitment' END AS waiting_for
                        FROM analyst_findings f
                        WHERE f.kind = 'drift' AND f.status = 'open' AND f.recommendation IS NOT NULL
                          AND f.suppressed_by IS NULL
                          AND (f.latest_decision IS NULL OR f.latest_decision = 'deferred'
                               OR EXISTS (SELECT 1 FROM analyst_remediation_commitments c
                                          WHERE c.finding_id = f.finding_id AND c.state = 'overdue'))
                        ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, f.detected_at
                        LIMIT ?""")
                .param(limit)
                .query((rs, n) -> new QueueEntry(
                        rs.getString("finding_id"),
                        rs.getString("cloud"),
                        rs.getString("resource_id"),
                        rs.getString("resource_type"),
                        rs.getString("service"),
                        rs.getString("actor_display"),
                        rs.getString("cause"),
                        rs.getString("severity"),
                        rs.getString("recommendation"),
                        instant(rs, "detected_at"),
                        rs.getString("latest_decision"),
                        rs.getString("waiting_for")))
                .list();
    }

    private static Commitment commitment(ResultSet rs, int row) throws SQLException {
        return new Commitment(
                rs.getLong("commitment_id"),
                rs.getString("finding_id"),
                rs.getString("action"),
                rs.getString("committed_by"),
                instant(rs, "due_at"),
                rs.getString("note"),
                instant(rs, "created_at"),
                rs.getString("state"));
    }

    private static ExceptionRuleView rule(ResultSet rs, int row) throws SQLException {
        return new ExceptionRuleView(
                rs.getLong("rule_id"),
                rs.getString("finding_id"),
                rs.getString("cloud"),
                rs.getString("resource_id"),
                rs.getString("attribute"),
                rs.getString("reason"),
                rs.getString("approved_by"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                rs.getString("revoked_by"),
                rs.getBoolean("active"),
                rs.getLong("versions_silenced"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
