package io.driftguard.dashboard.model;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cause model registry as the Admin sees it: every registered version with its card, metrics
 * and role, and how a shadow candidate compares with the live model (Admin only). Versions are
 * registered and switched with {@code driftguard model}; this page only reads.
 */
@RestController
class ModelController {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ModelController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @GetMapping("/api/models")
    List<ModelVersion> versions() {
        return jdbc.sql("""
                        SELECT v.version, v.name, v.role, v.feature_schema, v.trained_on, v.card, v.metrics::text AS metrics,
                               v.registered_at, v.role_since,
                               (SELECT count(*) FROM findings f WHERE f.cause_model_version = v.version) AS findings_judged
                        FROM model_versions v
                        ORDER BY CASE v.role WHEN 'live' THEN 0 WHEN 'candidate' THEN 1 ELSE 2 END, v.registered_at DESC""")
                .query((rs, n) -> new ModelVersion(
                        rs.getString("version"),
                        rs.getString("name"),
                        rs.getString("role"),
                        rs.getString("feature_schema"),
                        rs.getString("trained_on"),
                        rs.getString("card"),
                        json.readTree(rs.getString("metrics")),
                        rs.getTimestamp("registered_at").toInstant(),
                        rs.getTimestamp("role_since").toInstant(),
                        rs.getLong("findings_judged")))
                .list();
    }

    @GetMapping("/api/models/shadow")
    Shadow shadow() {
        List<Agreement> agreement = jdbc.sql(
                        "SELECT candidate_version, live_version, predictions, agreed, agreement, mean_live_confidence,"
                                + " mean_candidate_confidence, last_scored FROM model_shadow_agreement"
                                + " ORDER BY last_scored DESC")
                .query((rs, n) -> new Agreement(
                        rs.getString("candidate_version"),
                        rs.getString("live_version"),
                        rs.getLong("predictions"),
                        rs.getLong("agreed"),
                        rs.getDouble("agreement"),
                        rs.getDouble("mean_live_confidence"),
                        rs.getDouble("mean_candidate_confidence"),
                        rs.getTimestamp("last_scored").toInstant()))
                .list();
        List<Disagreement> disagreements = jdbc.sql(
                        "SELECT candidate_version, live_version, live_cause, candidate_cause, predictions"
                                + " FROM model_shadow_disagreements ORDER BY predictions DESC, live_cause, candidate_cause")
                .query((rs, n) -> new Disagreement(
                        rs.getString("candidate_version"),
                        rs.getString("live_version"),
                        rs.getString("live_cause"),
                        rs.getString("candidate_cause"),
                        rs.getLong("predictions")))
                .list();
        return new Shadow(agreement, disagreements);
    }

    /**
     * One registered version.
     *
     * @param card the model card, Markdown
     * @param metrics the card's figures, the JSON document as registered
     * @param findingsJudged finding versions in {@code findings} that name this version
     */
    record ModelVersion(
            String version,
            String name,
            String role,
            String featureSchema,
            String trainedOn,
            String card,
            Object metrics,
            Instant registeredAt,
            Instant roleSince,
            long findingsJudged) {}

    record Agreement(
            String candidateVersion,
            String liveVersion,
            long predictions,
            long agreed,
            double agreement,
            double meanLiveConfidence,
            double meanCandidateConfidence,
            Instant lastScored) {}

    record Disagreement(
            String candidateVersion, String liveVersion, String liveCause, String candidateCause, long predictions) {}

    record Shadow(List<Agreement> agreement, List<Disagreement> disagreements) {}
}
