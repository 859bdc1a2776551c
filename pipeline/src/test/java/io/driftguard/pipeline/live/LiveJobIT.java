package io.driftguard.pipeline.live;

import static io.driftguard.pipeline.replay.ReplayFixtures.ingress;
import static io.driftguard.pipeline.replay.ReplayFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import io.driftguard.testkit.MonitoringConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode end to end: declared state through iac-sync, native CloudTrail records on the raw topic,
 * the job in a MiniCluster, judged findings (cause, severity, recommendation under the default
 * policy) and dead letters in a real PostgreSQL.
 */
class LiveJobIT {

    private static LocalKafka kafka;
    private static LocalPostgres pg;
    private static Database db;
    private static JobClient job;
    private static int metricsPort;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 6, (short) 1);
        pg = LocalPostgres.start();
        db = new Database(pg.jdbcUrl(), "postgres", "");
        db.migrate();
        ReplayFixtures.terraformState(dir);
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            sync.sync(dir.resolve("iac"), new ArrayList<>());
        }
        // The cluster's Prometheus reporter, as flink-conf/config.yaml configures it, on a free port.
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            metricsPort = free.getLocalPort();
        }
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.setString(
                "metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(metricsPort));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        LiveJob.build(
                env,
                new LiveJob.Connections(kafka.bootstrapServers(), "it", db),
                JobSettings.live(DriftGuardConfig.empty(), 1));
        job = env.executeAsync("driftguard-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        pg.close();
        kafka.close();
    }

    @Test
    void aChangeOnTheRawTopicBecomesAJudgedFindingRowAndBadInputADeadLetter() throws Exception {
        String topic = KafkaTopics.raw(Sources.AWS_CLOUDTRAIL);
        // Jane opened port 22 to the world from the console two hours ago and has not touched the group since.
        Instant changed = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        // She looked at the group three times in the ten minutes before: evidence of troubleshooting.
        for (int i = 1; i <= 3; i++) {
            String read = record(
                    "live-read-" + i,
                    changed.minus(Duration.ofMinutes(10L * i / 3)).toString(),
                    "DescribeSecurityGroups",
                    "console.ec2.amazonaws.com",
                    "{\"groupIds\": [\"" + ReplayFixtures.SG + "\"]}",
                    null);
            kafka.send(topic, ReplayFixtures.SG, read.getBytes(StandardCharsets.UTF_8));
        }
        // The reads come before the change, as they do in life: a live finding is correlated with the
        // reads counted when it arrives, and the job has no signal for "read counted" to wait on.
        Thread.sleep(1_000);
        Instant sent = Instant.now();
        kafka.send(
                topic,
                ReplayFixtures.SG,
                record(
                                "live-1",
                                changed.toString(),
                                "AuthorizeSecurityGroupIngress",
                                "console.ec2.amazonaws.com",
                                ingress(22),
                                null)
                        .getBytes(StandardCharsets.UTF_8));
        kafka.send(topic, null, "{\"eventVersion\": \"1.09\", \"eventID\": ".getBytes(StandardCharsets.UTF_8));

        List<String> finding = await(() -> rows("SELECT status || ' ' || resource_id || ' ' || actor_type FROM findings"
                + " WHERE cause IS NOT NULL AND severity IS NOT NULL AND recommendation IS NOT NULL"));
        Instant seen = Instant.now();
        assertThat(finding).containsExactly("open " + ReplayFixtures.SG + " human");
        assertThat(rows("SELECT event_id FROM finding_source_events")).containsExactly("live-1");
        assertThat(rows("SELECT detail FROM finding_correlations WHERE kind = 'read_activity'"))
                .as("the reads reached the read-activity operator one by one, before the finding")
                .containsExactly("3 reads of its service");

        Map<String, String> judged = row("SELECT cause, severity, recommendation, policy_rule, reasoning,"
                + " extract(epoch FROM detected_at) * 1000 AS detected_ms, extract(epoch FROM first_event_time) * 1000 AS first_ms"
                + " FROM findings");
        // A person, no incident, ticket, alert or security finding around it: the taxonomy leaves a
        // configuration error or troubleshooting, never an emergency fix, security work or automation.
        Cause cause = Cause.of(judged.get("cause"));
        assertThat(cause).isIn(Cause.CONFIGURATION_ERROR, Cause.MANUAL_TROUBLESHOOTING);
        assertThat(Severity.of(judged.get("severity")))
                .as("port 22 open to the world")
                .isEqualTo(Severity.HIGH);
        // The default policy reverts both: a high-severity configuration error, and troubleshooting
        // whose actor has been idle for over an hour.
        assertThat(Recommendation.of(judged.get("recommendation"))).isEqualTo(Recommendation.AUTO_REVERT);
        assertThat(judged.get("policy_rule"))
                .isEqualTo(
                        cause == Cause.CONFIGURATION_ERROR
                                ? "default.configuration_error.high"
                                : "default.manual_troubleshooting.idle");
        assertThat(judged.get("reasoning")).contains("Cause " + cause).contains("Severity high");

        assertThat(Instant.ofEpochMilli(Math.round(Double.parseDouble(judged.get("first_ms")))))
                .isEqualTo(changed);
        assertThat(Instant.ofEpochMilli(Math.round(Double.parseDouble(judged.get("detected_ms")))))
                .as("live reports when the job saw the change, not when it happened")
                .isBetween(sent.truncatedTo(ChronoUnit.MILLIS), seen);

        List<String> dead =
                await(() -> rows("SELECT source || ' | ' || reason FROM dead_letters WHERE source = 'aws-cloudtrail'"));
        assertThat(dead)
                .singleElement()
                .asString()
                .startsWith("aws-cloudtrail | ")
                .contains("JSON");
        assertThat(rows("SELECT origin FROM dead_letters WHERE source = 'aws-cloudtrail'"))
                .singleElement()
                .asString()
                .startsWith(topic + "/");
    }

    @Test
    void inputRejectedAtAWebhookReceiverReachesTheDeadLetterTable() throws Exception {
        // What the webhook receiver does with a verified body that is not JSON: the real publisher,
        // onto driftguard.deadletter, with source, origin and reason in headers.
        try (RawPublisher publisher =
                RawPublisher.create(KafkaSettings.of(kafka.bootstrapServers()), new IngestMetrics())) {
            publisher
                    .deadLetter(
                            new RawRecord(
                                    Sources.GITHUB,
                                    "github/delivery/72d3162e",
                                    "not json at all".getBytes(StandardCharsets.UTF_8),
                                    null),
                            "not-json",
                            "the body is not JSON")
                    .get();
        }
        List<String> dead = await(() -> rows("SELECT source || ' | ' || origin || ' | ' || reason || ' | ' || payload"
                + " FROM dead_letters WHERE source = 'github'"));
        assertThat(dead)
                .containsExactly(
                        "github | github/delivery/72d3162e | not-json: the body is not JSON | not json at all");
    }

    /**
     * Every Flink and job metric an alert rule or a Grafana dashboard names (deploy/monitoring) is
     * exported by the running job through the cluster's Prometheus reporter.
     */
    @Test
    void theJobExportsEveryMetricTheAlertsAndDashboardsName() throws Exception {
        // Input of one more source, one record bad, so the per-source counters exist.
        kafka.send(KafkaTopics.raw(Sources.GCP_AUDIT), null, "not a log entry".getBytes(StandardCharsets.UTF_8));
        Set<String> wanted = MonitoringConfig.metricsNamed("flink_");
        assertThat(wanted).isNotEmpty();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://localhost:" + metricsPort + "/metrics"))
                .build();
        Set<String> missing = new TreeSet<>(wanted);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            String body =
                    http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            missing.removeAll(MonitoringConfig.exported(body));
            Thread.sleep(500);
        }
        assertThat(missing)
                .as("named in deploy/monitoring but not exported by the job")
                .isEmpty();
    }

    /** Polls until the query returns rows, for up to 90 s (the job's start in a MiniCluster included). */
    private static List<String> await(Callable<List<String>> query) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            last = query.call();
            if (!last.isEmpty()) {
                return last;
            }
            Thread.sleep(250); // the poll interval, not a wait for the result
        }
        return last;
    }

    private static Map<String, String> row(String sql) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
            }
            assertThat(rs.next()).as("one row: " + sql).isFalse();
        }
        return out;
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
