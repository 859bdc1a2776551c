package io.driftguard.dashboard.finding;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads findings as the Flink job wrote them. The dashboard never writes this table. */
@Repository
public class FindingRepository {

    private final JdbcClient jdbc;

    FindingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stored documents, newest detection first. */
    List<String> documents(FindingFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT document::text FROM findings WHERE true");
        List<Object> args = new ArrayList<>(5);
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status());
        }
        if (filter.cloud() != null) {
            sql.append(" AND cloud = ?");
            args.add(filter.cloud());
        }
        appendJudgement(sql, args, "severity", filter.severity());
        appendJudgement(sql, args, "cause", filter.cause());
        sql.append(" ORDER BY detected_at DESC, finding_id LIMIT ?");
        args.add(filter.limit());
        return jdbc.sql(sql.toString()).params(args).query(String.class).list();
    }

    private static void appendJudgement(StringBuilder sql, List<Object> args, String column, String value) {
        if (value == null) {
            return;
        }
        if (FindingFilter.PENDING.equals(value)) {
            sql.append(" AND ").append(column).append(" IS NULL");
        } else {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    public Optional<StoredFinding> find(String findingId) {
        return jdbc.sql("SELECT finding_id, version, status, recommendation, document::text AS document"
                        + " FROM findings WHERE finding_id = ?")
                .param(findingId)
                .query((rs, n) -> new StoredFinding(
                        rs.getString("finding_id"),
                        rs.getLong("version"),
                        rs.getString("status"),
                        rs.getString("recommendation"),
                        rs.getString("document")))
                .optional();
    }

    /** Rows written or rewritten after {@code since}, oldest first, for the live stream. */
    List<Update> updatedSince(Instant since, int limit) {
        return jdbc.sql("SELECT finding_id, version, updated_at, document::text AS document FROM findings"
                        + " WHERE updated_at > ? ORDER BY updated_at, finding_id LIMIT ?")
                .params(Timestamp.from(since), limit)
                .query((rs, n) -> new Update(
                        rs.getString("finding_id"),
                        rs.getLong("version"),
                        rs.getTimestamp("updated_at").toInstant(),
                        rs.getString("document")))
                .list();
    }

    /** The database's clock, so the stream's watermark never depends on this host's clock. */
    Instant databaseNow() {
        return jdbc.sql("SELECT now()").query(Timestamp.class).single().toInstant();
    }

    /** One changed row. */
    record Update(String findingId, long version, Instant updatedAt, String document) {}
}
