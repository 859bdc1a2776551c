package io.driftguard.pipeline.live;

import static io.driftguard.pipeline.replay.ReplayFixtures.ingress;
import static io.driftguard.pipeline.replay.ReplayFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.replay.ReplayFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode end to end: declared state through iac-sync, native CloudTrail records on the raw topic,
 * the job in a MiniCluster, findings and dead letters in a real PostgreSQL.
 */
class LiveJobIT {

    private static LocalKafka kafka;
    private static LocalPostgres pg;
    private static Database db;
    private static JobClient job;

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
        StreamExecutionEnvironment env = JobCommand.environment(1, Duration.ofSeconds(2));
        LiveJob.build(env, new LiveJob.Connections(kafka.bootstrapServers(), "it", db),
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
    void aChangeOnTheRawTopicBecomesAFindingRowAndBadInputADeadLetter() throws Exception {
        String topic = KafkaTopics.raw(Sources.AWS_CLOUDTRAIL);
        kafka.send(topic, ReplayFixtures.SG, record("live-1", "2026-03-01T10:00:00Z", "AuthorizeSecurityGroupIngress",
                "console.ec2.amazonaws.com", ingress(22), null).getBytes(StandardCharsets.UTF_8));
        kafka.send(topic, null, "{\"eventVersion\": \"1.09\", \"eventID\": ".getBytes(StandardCharsets.UTF_8));

        List<String> finding = await(() -> rows("SELECT status || ' ' || resource_id || ' ' || actor_type FROM findings"));
        assertThat(finding).containsExactly("open " + ReplayFixtures.SG + " human");
        assertThat(rows("SELECT event_id FROM finding_source_events")).containsExactly("live-1");

        List<String> dead = await(() -> rows("SELECT source || ' | ' || reason FROM dead_letters"));
        assertThat(dead).singleElement().asString().startsWith("aws-cloudtrail | ").contains("JSON");
        assertThat(rows("SELECT origin FROM dead_letters")).singleElement().asString().startsWith(topic + "/");
    }

    private static List<String> await(Callable<List<String>> query) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            last = query.call();
            if (!last.isEmpty()) {
                return last;
            }
            Thread.sleep(250);
        }
        return last;
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
