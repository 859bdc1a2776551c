package io.driftguard.dashboard.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only record of who did what. PostgreSQL refuses updates and deletes (a trigger), so
 * this class only ever inserts; callers append inside the transaction of the change they record.
 */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends one entry; {@code detail} is stored as a JSON object. */
    public void append(String actor, String action, String findingId, Map<String, ?> detail) {
        jdbc.sql("INSERT INTO audit_log (actor, action, finding_id, detail) VALUES (?, ?, ?, ?::jsonb)")
                .params(actor, action, findingId, json.writeValueAsString(detail))
                .update();
    }

    List<Entry> recent(int limit) {
        return jdbc.sql("SELECT entry_id, occurred_at, actor, action, finding_id, detail::text AS detail"
                        + " FROM audit_log ORDER BY entry_id DESC LIMIT ?")
                .param(limit)
                .query((rs, n) -> new Entry(
                        rs.getLong("entry_id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("finding_id"),
                        parse(rs.getString("detail"))))
                .list();
    }

    private Object parse(String detail) {
        return detail == null ? null : json.readTree(detail);
    }

    /** One entry as the API shows it. */
    record Entry(long entryId, Instant occurredAt, String actor, String action, String findingId, Object detail) {}
}
