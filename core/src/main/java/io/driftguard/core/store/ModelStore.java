package io.driftguard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model registry's PostgreSQL side ({@code model_versions}, {@code model_promotions},
 * {@code model_shadow_predictions}): each registered version's card, metrics and ONNX bytes, which
 * version is live and which scores in shadow, and the history of switches. Role changes run in one
 * transaction each, so a reader never sees two live models.
 */
public final class ModelStore {

    /** A registered version, without its ONNX bytes. */
    public record Version(
            String version,
            String name,
            String featureSchema,
            String trainedOn,
            String role,
            String card,
            String metrics,
            String sidecar,
            Instant registeredAt,
            Instant roleSince) {}

    /** The versions holding the live and the candidate role now (null: none). */
    public record Roles(String live, String candidate) {}

    /** A version to register. */
    public record NewVersion(
            String version,
            String name,
            String featureSchema,
            String trainedOn,
            String card,
            String metricsJson,
            String sidecarJson,
            byte[] onnx) {}

    private final Connection connection;

    public ModelStore(Connection connection) {
        this.connection = connection;
    }

    /** Adds a version, or refreshes its card and metrics when it is already there; keeps its role. */
    public void register(NewVersion v) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO model_versions (version, name, feature_schema, trained_on, card, metrics, sidecar, onnx)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
                ON CONFLICT (version) DO UPDATE SET card = EXCLUDED.card, metrics = EXCLUDED.metrics,
                    sidecar = EXCLUDED.sidecar, trained_on = EXCLUDED.trained_on""")) {
            ps.setString(1, v.version());
            ps.setString(2, v.name());
            ps.setString(3, v.featureSchema());
            ps.setString(4, v.trainedOn());
            ps.setString(5, v.card());
            ps.setString(6, v.metricsJson());
            ps.setString(7, v.sidecarJson());
            ps.setBytes(8, v.onnx());
            ps.executeUpdate();
        }
    }

    public List<Version> list(String name) throws SQLException {
        List<Version> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT version, name, feature_schema, trained_on, role, card, metrics::text, sidecar::text,
                       registered_at, role_since
                FROM model_versions WHERE name = ? ORDER BY registered_at, version""")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant(),
                            rs.getTimestamp(10).toInstant()));
                }
            }
        }
        return out;
    }

    public Roles roles(String name) throws SQLException {
        String live = null;
        String candidate = null;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT version, role FROM model_versions WHERE name = ? AND role IN ('live', 'candidate')")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("live".equals(rs.getString(2))) {
                        live = rs.getString(1);
                    } else {
                        candidate = rs.getString(1);
                    }
                }
            }
        }
        return new Roles(live, candidate);
    }

    public Optional<byte[]> onnx(String version) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT onnx FROM model_versions WHERE version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /**
     * Makes {@code version} live (the previous live version retires, a version that was the
     * candidate stops being one) and records the switch as {@code action} (promote or rollback).
     */
    public void makeLive(String name, String version, String action, String actor) throws SQLException {
        inTransaction(() -> {
            Roles before = roles(name);
            if (version.equals(before.live())) {
                return;
            }
            setRole(name, "live", "retired");
            setVersionRole(version, "live");
            record(name, action, version, before.live(), actor);
        });
    }

    /** Makes {@code version} the candidate scored in shadow, or removes the candidate (null). */
    public void makeCandidate(String name, String version, String actor) throws SQLException {
        inTransaction(() -> {
            Roles before = roles(name);
            if (version == null ? before.candidate() == null : version.equals(before.candidate())) {
                return;
            }
            setRole(name, "candidate", "registered");
            if (version != null) {
                setVersionRole(version, "candidate");
            }
            record(name, version == null ? "unshadow" : "shadow", version, before.candidate(), actor);
        });
    }

    /**
     * The version that was live before the current one: the previous version of the newest
     * promote or rollback, skipping versions rolled back from, so two rollbacks step back twice.
     */
    public Optional<String> previousLive(String name) throws SQLException {
        List<String[]> switches = new ArrayList<>();
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT action, version, previous_version FROM model_promotions"
                        + " WHERE name = ? AND action IN ('promote', 'rollback') ORDER BY promotion_id")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switches.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return Optional.ofNullable(LiveHistory.previous(switches));
    }

    /** The shadow predictions of a batch; the same finding version and candidate again replaces its row. */
    public static void upsertShadow(Connection connection, List<ShadowPrediction> batch) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO model_shadow_predictions (finding_id, finding_version, candidate_version, live_version,
                    live_cause, live_confidence, candidate_cause, candidate_confidence, scored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (finding_id, finding_version, candidate_version) DO UPDATE SET
                    live_version = EXCLUDED.live_version, live_cause = EXCLUDED.live_cause,
                    live_confidence = EXCLUDED.live_confidence, candidate_cause = EXCLUDED.candidate_cause,
                    candidate_confidence = EXCLUDED.candidate_confidence, scored_at = EXCLUDED.scored_at""")) {
            for (ShadowPrediction p : batch) {
                ps.setString(1, p.findingId());
                ps.setLong(2, p.findingVersion());
                ps.setString(3, p.candidateVersion());
                ps.setString(4, p.liveVersion());
                ps.setString(5, p.liveCause());
                ps.setDouble(6, p.liveConfidence());
                ps.setString(7, p.candidateCause());
                ps.setDouble(8, p.candidateConfidence());
                ps.setTimestamp(9, Timestamp.from(p.scoredAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void setRole(String name, String from, String to) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE model_versions SET role = ?, role_since = now() WHERE name = ? AND role = ?")) {
            ps.setString(1, to);
            ps.setString(2, name);
            ps.setString(3, from);
            ps.executeUpdate();
        }
    }

    private void setVersionRole(String version, String role) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE model_versions SET role = ?, role_since = now() WHERE version = ?")) {
            ps.setString(1, role);
            ps.setString(2, version);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("no model version " + version + " is registered");
            }
        }
    }

    private void record(String name, String action, String version, String previous, String actor) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO model_promotions (name, action, version, previous_version, actor) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, action);
            ps.setString(3, version);
            ps.setString(4, previous);
            ps.setString(5, actor);
            ps.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }
}
