package io.driftguard.pipeline.exception;

import static io.driftguard.pipeline.replay.ReplayFixtures.ACCOUNT;
import static io.driftguard.pipeline.replay.ReplayFixtures.SG;
import static io.driftguard.pipeline.replay.ReplayFixtures.cloudTrailFile;
import static io.driftguard.pipeline.replay.ReplayFixtures.ingress;
import static io.driftguard.pipeline.replay.ReplayFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.FindingStore;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.pipeline.DriftGuardJob;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.replay.ReplayFileSource;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.pipeline.replay.ReplayFolder;
import io.driftguard.pipeline.sink.JdbcBatchSink;
import io.driftguard.pipeline.source.ListSource;
import io.driftguard.testkit.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An accepted exception as the running job applies it: the detection job, writing to PostgreSQL,
 * marks the next change to the accepted resource as silenced by the rule, without a restart of
 * anything that reads the rules; once the rule has expired the same kind of change is drift again.
 */
class AcceptedExceptionIT {

    static final String CONSOLE = "console.ec2.amazonaws.com";

    @TempDir
    static Path dir;

    static LocalPostgres postgres;
    static Database database;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start();
        database = new Database(postgres.createDatabase(), "postgres", null);
        database.migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** The job over one CloudTrail file, writing to the database and reading its exception rules. */
    static void runJob(String name, String eventId, int port) throws Exception {
        Path input = dir.resolve(name);
        ReplayFixtures.terraformState(input);
        cloudTrailFile(
                input,
                ACCOUNT + "_CloudTrail_eu-west-1_20260301T1000Z_" + name + ".json.gz",
                record(eventId, "2026-03-01T10:00:00Z", "AuthorizeSecurityGroupIngress", CONSOLE, ingress(port), null));
        ReplayFolder folder = new ReplayFolder(input);
        List<DesiredResource> declared =
                new IacFolderReader().read(folder.iac()).resources();
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        DriftGuardJob.build(
                env,
                new DriftGuardJob.Inputs(
                        new ReplayFileSource(folder.root()),
                        new ListSource<>(DesiredResource.class, declared),
                        database),
                new DriftGuardJob.Outputs(
                        List.of(new JdbcBatchSink<Finding>(
                                database,
                                Finding::findingId,
                                (c, batch) -> new FindingStore(c).upsert(batch),
                                JdbcBatchSink.Codec.finding())),
                        List.of(),
                        true),
                JobSettings.replay(DriftGuardConfig.empty(), 1));
        env.execute(name);
    }

    static String suppressedByOfFindingOpenedBy(String eventId) throws Exception {
        try (Connection c = database.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT suppressed_by FROM findings WHERE trigger_event_id = ? AND kind = 'drift'")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a drift finding for " + eventId).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void anAcceptedExceptionSilencesTheNextMatchingChangeAndExpiresOnTime() throws Exception {
        Instant expires = Instant.now().plusSeconds(20);
        long ruleId;
        try (Connection c = database.connect();
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO exception_rules (cloud, resource_id, attribute, reason, approved_by, expires_at)
                        VALUES ('aws', ?, 'ingress', 'load-balancer health checks need it', 'editor', ?)
                        RETURNING rule_id""")) {
            ps.setString(1, SG);
            ps.setTimestamp(2, Timestamp.from(expires));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                ruleId = rs.getLong(1);
            }
        }

        runJob("while-accepted", "open-8080", 8080);
        assertThat(Instant.now())
                .as("the first run ended before the rule expired")
                .isBefore(expires);
        assertThat(suppressedByOfFindingOpenedBy("open-8080"))
                .startsWith("exception rule " + ruleId + " (approved by editor until "
                        + expires.toString().substring(0, 19))
                .endsWith("load-balancer health checks need it");

        while (Instant.now().isBefore(expires)) {
            Thread.sleep(Math.max(1, Duration.between(Instant.now(), expires).toMillis()));
        }
        runJob("after-expiry", "open-9090", 9090);
        assertThat(suppressedByOfFindingOpenedBy("open-9090"))
                .as("drift again once expired")
                .isNull();

        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT active, versions_silenced FROM analyst_exception_rules WHERE rule_id = " + ruleId)) {
            rs.next();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getLong(2)).isPositive();
        }
    }
}
