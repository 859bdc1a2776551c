package io.driftguard.dashboard.outcome;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The product's outcome measures, from the analyst views: mean time to resolve drift by cause and
 * by service, the share of judged drift findings with a decision, and the share of decisions that
 * followed the recommendation.
 */
@Repository
public class Outcomes {

    private final JdbcClient jdbc;

    Outcomes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Mean hours to resolve over a group (a cause or a service). */
    public record Resolution(String group, long episodes, long resolved, Double meanHours) {}

    /** The measures at one moment. */
    public record Snapshot(
            long driftFindings,
            long decided,
            long followed,
            long overridden,
            double shareDecided,
            double shareFollowed,
            Double meanHoursToResolve,
            long openDrift,
            List<Resolution> byCause,
            List<Resolution> byService,
            List<Map<String, Object>> adoption) {}

    public Snapshot snapshot() {
        Map<String, Object> s =
                jdbc.sql("SELECT * FROM analyst_outcome_summary").query().singleRow();
        return new Snapshot(
                number(s.get("drift_findings")).longValue(),
                number(s.get("decided")).longValue(),
                number(s.get("followed")).longValue(),
                number(s.get("overridden")).longValue(),
                number(s.get("share_decided")).doubleValue(),
                number(s.get("share_followed")).doubleValue(),
                s.get("mean_hours_to_resolve") == null
                        ? null
                        : number(s.get("mean_hours_to_resolve")).doubleValue(),
                number(s.get("open_drift")).longValue(),
                resolution("cause"),
                resolution("service"),
                jdbc.sql("SELECT recommendation, findings, decided, followed, overridden, deferred, undecided,"
                                + " share_decided, share_followed FROM analyst_recommendation_adoption"
                                + " ORDER BY findings DESC")
                        .query()
                        .listOfRows());
    }

    private List<Resolution> resolution(String column) {
        // column is one of two names chosen in this class, never user input
        return jdbc.sql("SELECT " + column + " AS grp, sum(episodes) AS episodes, sum(resolved) AS resolved,"
                        + " round(sum(mean_hours_to_resolve * resolved) / nullif(sum(resolved), 0), 3) AS mean_hours"
                        + " FROM analyst_time_to_resolve GROUP BY 1 ORDER BY 2 DESC")
                .query((rs, n) -> new Resolution(
                        rs.getString("grp"),
                        rs.getLong("episodes"),
                        rs.getLong("resolved"),
                        rs.getObject("mean_hours") == null ? null : rs.getDouble("mean_hours")))
                .list();
    }

    private static Number number(Object value) {
        return value == null ? 0 : (Number) value;
    }
}
