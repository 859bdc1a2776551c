package io.driftguard.dashboard.approval;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The approvals table. */
@Repository
public class ApprovalRepository {

    private final JdbcClient jdbc;

    ApprovalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Approval insert(String findingId, long version, String recommendation, String decision, String by, String comment) {
        return jdbc.sql(
                        "INSERT INTO approvals (finding_id, finding_version, recommendation, decision, decided_by, comment)"
                                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING *")
                .params(findingId, version, recommendation, decision, by, comment)
                .query(ApprovalRepository::map)
                .single();
    }

    /** A finding's decisions, oldest first. */
    public List<Approval> forFinding(String findingId) {
        return jdbc.sql("SELECT * FROM approvals WHERE finding_id = ? ORDER BY decided_at, approval_id")
                .param(findingId)
                .query(ApprovalRepository::map)
                .list();
    }

    private static Approval map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Approval(
                rs.getLong("approval_id"),
                rs.getString("finding_id"),
                rs.getLong("finding_version"),
                rs.getString("recommendation"),
                rs.getString("decision"),
                rs.getString("decided_by"),
                rs.getString("comment"),
                rs.getTimestamp("decided_at").toInstant());
    }
}
