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

    /** One page of the feed and how many findings match in all. */
    FeedPage page(FeedQuery q) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        FindingFilter filter = q.filter();
        if (filter.status() != null) {
            where.append(" AND status = ?");
            args.add(filter.status());
        }
        if (filter.cloud() != null) {
            where.append(" AND cloud = ?");
            args.add(filter.cloud());
        }
        appendJudgement(where, args, "severity", filter.severity());
        appendJudgement(where, args, "cause", filter.cause());
        if (q.kind() != null) {
            where.append(" AND kind = ?");
            args.add(q.kind());
        }
        if (q.service() != null) {
            if (q.service().equals(FeedQuery.UNASSIGNED)) {
                where.append(" AND service IS NULL");
            } else {
                where.append(" AND service = ?");
                args.add(q.service());
            }
        }
        if (q.hour() != null) {
            where.append(" AND extract(hour FROM first_event_time AT TIME ZONE 'UTC') = ?");
            args.add(q.hour());
        }
        if (q.correlation() != null) {
            // The heatmap counts drift findings by the kinds in their stored document; so does this.
            where.append(" AND kind = 'drift' AND ");
            String kinds =
                    "(SELECT e->>'kind' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(document->'correlations')"
                            + " = 'array' THEN document->'correlations' ELSE '[]'::jsonb END) e)";
            if (q.correlation().equals(FeedQuery.NO_CORRELATION)) {
                where.append("NOT EXISTS ").append(kinds.replace("SELECT e->>'kind'", "SELECT 1"));
            } else {
                where.append("? IN ").append(kinds);
                args.add(q.correlation());
            }
        }
        if (q.search() != null) {
            String like =
                    "%" + q.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (resource_id ILIKE ? OR iac_address ILIKE ? OR actor_id ILIKE ? OR actor_display ILIKE ?"
                    + " OR service ILIKE ? OR finding_id ILIKE ?"
                    + " OR EXISTS (SELECT 1 FROM finding_correlations c WHERE c.finding_id = findings.finding_id"
                    + " AND c.correlated_id ILIKE ?))");
            for (int i = 0; i < 7; i++) {
                args.add(like);
            }
        }
        long total = jdbc.sql("SELECT count(*) FROM findings" + where)
                .params(args)
                .query(Long.class)
                .single();
        String order = " ORDER BY " + q.sort().sql + (q.ascending() ? " ASC" : " DESC") + " NULLS LAST, finding_id";
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(q.size());
        pageArgs.add(q.offset());
        List<FeedPage.Row> rows = jdbc.sql("SELECT finding_id, document::text AS document,"
                        + " (SELECT a.decision FROM approvals a WHERE a.finding_id = findings.finding_id"
                        + " ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1) AS decision"
                        + " FROM findings" + where + order + " LIMIT ? OFFSET ?")
                .params(pageArgs)
                .query((rs, n) -> new FeedPage.Row(
                        rs.getString("finding_id"), rs.getString("document"), rs.getString("decision")))
                .list();
        return new FeedPage(total, q.page(), q.size(), rows);
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

    /**
     * Rows written or rewritten after {@code since} (and, at exactly {@code since}, with a finding id
     * after {@code afterId}), oldest first, for the live stream; {@code afterId} "" for all.
     */
    List<Update> updatedSince(Instant since, String afterId, int limit) {
        return jdbc.sql("SELECT finding_id, version, updated_at, document::text AS document FROM findings"
                        + " WHERE (updated_at, finding_id) > (?, ?) ORDER BY updated_at, finding_id LIMIT ?")
                .params(Timestamp.from(since), afterId, limit)
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
