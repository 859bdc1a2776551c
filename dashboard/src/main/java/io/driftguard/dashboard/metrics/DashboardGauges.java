package io.driftguard.dashboard.metrics;

import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.dashboard.system.DriftguardProperties;
import io.driftguard.dashboard.system.Vocabulary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges over the database for Prometheus: open findings by severity and by cause, findings
 * detected in the last hour and their detection lag (first change to detection) by quantile, dead
 * letters in the last hour, approvals by decision. One snapshot serves all gauges and is re-read at most every
 * {@code driftguard.metrics.refresh}, so a scrape costs at most three small queries. While the
 * database is unreachable the gauges report NaN rather than stale numbers.
 */
@Component
class DashboardGauges {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardGauges.class);
    static final List<String> SEVERITIES = Vocabulary.withPending(Vocabulary.SEVERITIES);
    static final List<String> DECISIONS = List.of("approved", "rejected", "deferred");
    static final List<String> CAUSES = Vocabulary.withPending(Vocabulary.CAUSES);
    static final List<String> QUANTILES = List.of("0.5", "0.95", "0.99");

    private final JdbcClient jdbc;
    private final long refreshNanos;
    private Map<String, Double> snapshot = Map.of();
    private long readAt;
    private boolean everRead;

    DashboardGauges(JdbcClient jdbc, MeterRegistry registry, DriftguardProperties properties) {
        this.jdbc = jdbc;
        this.refreshNanos = properties.metrics().refresh().toNanos();
        for (String severity : SEVERITIES) {
            Gauge.builder("driftguard.findings.open", this, g -> g.value("open." + severity))
                    .description("Open findings by severity (pending: not judged yet)")
                    .tag("severity", severity)
                    .register(registry);
        }
        Gauge.builder("driftguard.dead.letters.last.hour", this, g -> g.value("dead_letters"))
                .description("Input records rejected in the last hour")
                .register(registry);
        for (String cause : CAUSES) {
            Gauge.builder("driftguard.findings.open.by.cause", this, g -> g.value("cause." + cause))
                    .description("Open findings by cause (pending: not judged yet)")
                    .tag("cause", cause)
                    .register(registry);
        }
        for (String q : QUANTILES) {
            // End to end: from the first diverging change (the provider's event time) to the job's detection.
            Gauge.builder("driftguard.detection.lag", this, g -> g.value("lag." + q))
                    .description("Detection lag of the findings detected in the last hour, by quantile")
                    .baseUnit("seconds")
                    .tag("quantile", q)
                    .register(registry);
        }
        Gauge.builder("driftguard.findings.detected.last.hour", this, g -> g.value("detected"))
                .description("Findings detected in the last hour")
                .register(registry);
        for (String decision : DECISIONS) {
            Gauge.builder("driftguard.approvals", this, g -> g.value("approvals." + decision))
                    .description("Decisions recorded on recommendations")
                    .tag("decision", decision)
                    .register(registry);
        }
    }

    synchronized double value(String key) {
        long now = System.nanoTime();
        if (!everRead || now - readAt > refreshNanos) {
            snapshot = read();
            readAt = now;
            everRead = true;
        }
        return snapshot.getOrDefault(key, Double.NaN);
    }

    private Map<String, Double> read() {
        try {
            Map<String, Double> values = new HashMap<>();
            SEVERITIES.forEach(s -> values.put("open." + s, 0.0));
            DECISIONS.forEach(d -> values.put("approvals." + d, 0.0));
            CAUSES.forEach(c -> values.put("cause." + c, 0.0));
            jdbc.sql("SELECT coalesce(cause, 'pending') AS c, count(*) AS n FROM findings"
                            + " WHERE status = :open GROUP BY 1")
                    .param("open", FindingStatus.OPEN.id())
                    .query(rs -> {
                        values.put("cause." + rs.getString("c"), (double) rs.getLong("n"));
                    });
            jdbc.sql("SELECT count(*) AS n,"
                            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,"
                            + " percentile_cont(0.95) WITHIN GROUP (ORDER BY lag) AS p95,"
                            + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99"
                            + " FROM (SELECT extract(epoch FROM detected_at - first_event_time) AS lag FROM findings"
                            + " WHERE detected_at > now() - interval '1 hour') recent")
                    .query(rs -> {
                        values.put("detected", (double) rs.getLong("n"));
                        // No detection in the hour: no lag to report (absent, not zero).
                        if (rs.getLong("n") > 0) {
                            values.put("lag.0.5", rs.getDouble("p50"));
                            values.put("lag.0.95", rs.getDouble("p95"));
                            values.put("lag.0.99", rs.getDouble("p99"));
                        }
                    });
            jdbc.sql("SELECT coalesce(severity, 'pending') AS s, count(*) AS n FROM findings"
                            + " WHERE status = :open GROUP BY 1")
                    .param("open", FindingStatus.OPEN.id())
                    .query(rs -> {
                        values.put("open." + rs.getString("s"), (double) rs.getLong("n"));
                    });
            jdbc.sql("SELECT decision, count(*) AS n FROM approvals GROUP BY decision")
                    .query(rs -> {
                        values.put("approvals." + rs.getString("decision"), (double) rs.getLong("n"));
                    });
            values.put(
                    "dead_letters",
                    jdbc.sql("SELECT count(*) FROM dead_letters WHERE received_at > now() - interval '1 hour'")
                            .query(Long.class)
                            .single()
                            .doubleValue());
            return values;
        } catch (RuntimeException e) {
            LOG.warn("Could not read dashboard gauges: {}", e.getMessage());
            return Map.of();
        }
    }
}
