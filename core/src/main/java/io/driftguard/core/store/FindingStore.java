package io.driftguard.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Term;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Idempotent upserts of findings. A row is replaced only by a higher {@code version}, so replayed
 * or duplicated input (a restart from a checkpoint, a second replay) leaves the same rows; the child
 * rows (changes, source events, correlations) are rewritten with the row they belong to.
 * {@code detected_at} and {@code first_written_at} keep their first value.
 *
 * <p>Every version given is kept in {@code finding_versions}, once (its key is finding id and version):
 * a newer one by the table's trigger, an older one that arrives after a newer (which leaves the row as
 * it is) by {@link #HISTORY}. So a restart that writes versions again doubles no history row, and a
 * version written late is not lost.
 */
public final class FindingStore {

    private static final String UPSERT = """
            INSERT INTO findings (finding_id, version, kind, cloud, account, region, resource_id, resource_type,
                iac_source, iac_address, iac_path, status, resolution, actor_id, actor_type, actor_display,
                trigger_event_id, trigger_operation, source_ip, user_agent, service, first_event_time, last_event_time,
                detected_at, resolved_at, suppressed_by, cause, cause_confidence, cause_scores, severity,
                severity_breakdown, recommendation, recommendation_confidence, reasoning, risk, policy_rule, narrative,
                remediation, document, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?,
                ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, now())
            ON CONFLICT (finding_id) DO UPDATE SET
                version = EXCLUDED.version, kind = EXCLUDED.kind, status = EXCLUDED.status,
                resolution = EXCLUDED.resolution, iac_source = EXCLUDED.iac_source, iac_address = EXCLUDED.iac_address,
                iac_path = EXCLUDED.iac_path, service = EXCLUDED.service, last_event_time = EXCLUDED.last_event_time,
                resolved_at = EXCLUDED.resolved_at, suppressed_by = EXCLUDED.suppressed_by, cause = EXCLUDED.cause,
                cause_confidence = EXCLUDED.cause_confidence, cause_scores = EXCLUDED.cause_scores,
                severity = EXCLUDED.severity, severity_breakdown = EXCLUDED.severity_breakdown,
                recommendation = EXCLUDED.recommendation, recommendation_confidence = EXCLUDED.recommendation_confidence,
                reasoning = EXCLUDED.reasoning, risk = EXCLUDED.risk, policy_rule = EXCLUDED.policy_rule,
                narrative = EXCLUDED.narrative, remediation = EXCLUDED.remediation,
                document = jsonb_set(EXCLUDED.document, '{detected_at}', findings.document -> 'detected_at'),
                updated_at = now()
            WHERE findings.version < EXCLUDED.version
            RETURNING finding_id
            """;

    /** A version older than the stored row: history only (what the trigger writes for a newer one). */
    private static final String HISTORY = """
            INSERT INTO finding_versions (finding_id, version, status, resolution, cause, cause_confidence, severity,
                recommendation, recommendation_confidence, suppressed_by, last_event_time, resolved_at, document)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (finding_id, version) DO NOTHING
            """;

    private final Connection connection;

    public FindingStore(Connection connection) {
        this.connection = connection;
    }

    /** Writes the findings in one transaction; returns how many rows changed. */
    public int upsert(Collection<Finding> findings) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int changed = 0;
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
                PreparedStatement history = connection.prepareStatement(HISTORY)) {
            for (Finding f : findings) {
                bind(upsert, f);
                try (ResultSet rs = upsert.executeQuery()) {
                    if (rs.next()) {
                        changed++;
                        writeChildren(f);
                    } else {
                        bindHistory(history, f);
                        history.executeUpdate();
                    }
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
        return changed;
    }

    private static String id(Term term) {
        return term == null ? null : term.id();
    }

    private void bind(PreparedStatement ps, Finding f) throws SQLException {
        int i = 1;
        ps.setString(i++, PgText.text(f.findingId()));
        ps.setLong(i++, f.version());
        ps.setString(i++, id(f.kind()));
        ps.setString(i++, f.cloud().wireName());
        ps.setString(i++, PgText.text(f.account()));
        ps.setString(i++, PgText.text(f.region()));
        ps.setString(i++, PgText.text(f.resourceId()));
        ps.setString(i++, PgText.text(f.resourceType()));
        ps.setString(i++, PgText.text(f.iac() == null ? null : f.iac().source()));
        ps.setString(i++, PgText.text(f.iac() == null ? null : f.iac().address()));
        ps.setString(i++, PgText.text(f.iac() == null ? null : f.iac().path()));
        ps.setString(i++, id(f.status()));
        ps.setString(i++, id(f.resolution()));
        ps.setString(i++, PgText.text(f.actor().id()));
        ps.setString(i++, PgText.text(f.actor().type()));
        ps.setString(i++, PgText.text(f.actor().display()));
        ps.setString(i++, PgText.text(f.trigger() == null ? null : f.trigger().eventId()));
        ps.setString(i++, PgText.text(f.trigger() == null ? null : f.trigger().operation()));
        ps.setString(i++, PgText.text(f.trigger() == null ? null : f.trigger().sourceIp()));
        ps.setString(i++, PgText.text(f.trigger() == null ? null : f.trigger().userAgent()));
        ps.setString(i++, PgText.text(f.service()));
        ps.setTimestamp(i++, ts(f.firstEventTime()));
        ps.setTimestamp(i++, ts(f.lastEventTime()));
        ps.setTimestamp(i++, ts(f.detectedAt()));
        ps.setTimestamp(i++, ts(f.resolvedAt()));
        ps.setString(i++, PgText.text(f.suppressedBy()));
        ps.setString(i++, id(f.cause()));
        setDouble(ps, i++, f.causeConfidence());
        ps.setString(i++, json(f.causeScores()));
        ps.setString(i++, id(f.severity()));
        ps.setString(i++, json(f.severityBreakdown()));
        ps.setString(i++, id(f.recommendation()));
        setDouble(ps, i++, f.recommendationConfidence());
        ps.setString(i++, PgText.text(f.reasoning()));
        ps.setString(i++, PgText.text(f.risk()));
        ps.setString(i++, PgText.text(f.policyRule()));
        ps.setString(i++, json(f.narrative()));
        ps.setString(i++, json(f.remediation()));
        ps.setString(i, json(f));
    }

    private static void bindHistory(PreparedStatement ps, Finding f) throws SQLException {
        int i = 1;
        ps.setString(i++, PgText.text(f.findingId()));
        ps.setLong(i++, f.version());
        ps.setString(i++, id(f.status()));
        ps.setString(i++, id(f.resolution()));
        ps.setString(i++, id(f.cause()));
        setDouble(ps, i++, f.causeConfidence());
        ps.setString(i++, id(f.severity()));
        ps.setString(i++, id(f.recommendation()));
        setDouble(ps, i++, f.recommendationConfidence());
        ps.setString(i++, PgText.text(f.suppressedBy()));
        ps.setTimestamp(i++, ts(f.lastEventTime()));
        ps.setTimestamp(i++, ts(f.resolvedAt()));
        ps.setString(i, json(f));
    }

    /**
     * The finding's child rows as the finding has them, writing only what differs: a row the finding
     * no longer has is deleted, a new one inserted, a changed one updated, an unchanged one left
     * alone. Live, a finding is re-judged whenever evidence concerns it, and each version used to
     * delete and insert every change, source event and correlation again (hundreds of rows for a
     * finding with much evidence) for the one row that was new.
     */
    private void writeChildren(Finding f) throws SQLException {
        List<Change> changes = f.changes() == null ? List.of() : f.changes();
        try (PreparedStatement del = connection.prepareStatement(
                "DELETE FROM finding_changes WHERE finding_id = ? AND NOT (path = ANY (?))")) {
            del.setString(1, PgText.text(f.findingId()));
            del.setArray(2, texts(changes.stream().map(Change::path).toList()));
            del.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO finding_changes (finding_id, path, desired_value, actual_value, actual_known)
                VALUES (?, ?, ?::jsonb, ?::jsonb, ?)
                ON CONFLICT (finding_id, path) DO UPDATE SET desired_value = EXCLUDED.desired_value,
                    actual_value = EXCLUDED.actual_value, actual_known = EXCLUDED.actual_known
                WHERE (finding_changes.desired_value, finding_changes.actual_value, finding_changes.actual_known)
                    IS DISTINCT FROM (EXCLUDED.desired_value, EXCLUDED.actual_value, EXCLUDED.actual_known)""")) {
            for (Change c : changes) {
                ps.setString(1, PgText.text(f.findingId()));
                ps.setString(2, PgText.text(c.path()));
                ps.setString(3, PgText.json(c.desired()));
                ps.setString(4, PgText.json(c.actual()));
                ps.setBoolean(5, c.actualKnown() == null || c.actualKnown());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // an event listed twice keeps its first position, a correlation listed twice its first values
        List<String> events = f.sourceEvents() == null ? List.of() : List.copyOf(new LinkedHashSet<>(f.sourceEvents()));
        try (PreparedStatement del = connection.prepareStatement(
                "DELETE FROM finding_source_events WHERE finding_id = ? AND NOT (event_id = ANY (?))")) {
            del.setString(1, PgText.text(f.findingId()));
            del.setArray(2, texts(events));
            del.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO finding_source_events (finding_id, event_id, position) VALUES (?, ?, ?)
                ON CONFLICT (finding_id, event_id) DO UPDATE SET position = EXCLUDED.position
                WHERE finding_source_events.position <> EXCLUDED.position""")) {
            int position = 0;
            for (String id : events) {
                ps.setString(1, PgText.text(f.findingId()));
                ps.setString(2, PgText.text(id));
                ps.setInt(3, position++);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<List<String>, Finding.Correlation> byKey = new LinkedHashMap<>();
        if (f.correlations() != null) {
            for (Finding.Correlation c : f.correlations()) {
                byKey.putIfAbsent(Arrays.asList(id(c.kind()), c.id(), c.relation()), c);
            }
        }
        List<Finding.Correlation> correlations = List.copyOf(byKey.values());
        try (PreparedStatement del = connection.prepareStatement("""
                DELETE FROM finding_correlations WHERE finding_id = ?
                    AND (kind, correlated_id, relation) NOT IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[]))""")) {
            del.setString(1, PgText.text(f.findingId()));
            del.setArray(2, texts(correlations.stream().map(c -> id(c.kind())).toList()));
            del.setArray(
                    3, texts(correlations.stream().map(Finding.Correlation::id).toList()));
            del.setArray(
                    4,
                    texts(correlations.stream()
                            .map(Finding.Correlation::relation)
                            .toList()));
            del.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO finding_correlations (finding_id, kind, correlated_id, source, relation, correlated_at, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (finding_id, kind, correlated_id, relation) DO UPDATE SET source = EXCLUDED.source,
                    correlated_at = EXCLUDED.correlated_at, detail = EXCLUDED.detail
                WHERE (finding_correlations.source, finding_correlations.correlated_at, finding_correlations.detail)
                    IS DISTINCT FROM (EXCLUDED.source, EXCLUDED.correlated_at, EXCLUDED.detail)""")) {
            for (Finding.Correlation c : correlations) {
                ps.setString(1, PgText.text(f.findingId()));
                ps.setString(2, id(c.kind()));
                ps.setString(3, PgText.text(c.id()));
                ps.setString(4, PgText.text(c.source()));
                ps.setString(5, PgText.text(c.relation()));
                ps.setTimestamp(6, ts(c.time()));
                ps.setString(7, PgText.text(c.detail()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private java.sql.Array texts(List<String> values) throws SQLException {
        return connection.createArrayOf(
                "text", values.stream().map(PgText::text).toArray(String[]::new));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static void setDouble(PreparedStatement ps, int i, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, value);
        }
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return PgText.json(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
