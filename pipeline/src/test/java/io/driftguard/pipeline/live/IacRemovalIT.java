package io.driftguard.pipeline.live;

import static io.driftguard.pipeline.replay.ReplayFixtures.ingress;
import static io.driftguard.pipeline.replay.ReplayFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * A resource removed from the IaC, live, end to end: iac-sync publishes the Terraform state, a console
 * change opens an episode, the security group is then deleted from the state and iac-sync's next pass
 * publishes its tombstone; the job in a MiniCluster closes the episode as {@code removed_from_iac} and
 * reports the next change to the group as unmanaged, in a real PostgreSQL.
 */
class IacRemovalIT {

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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        LiveJob.build(
                env,
                new LiveJob.Connections(kafka.bootstrapServers(), "removal-it", db),
                JobSettings.live(DriftGuardConfig.empty(), 1).withDeclarationWait(Duration.ofSeconds(3)));
        job = env.executeAsync("driftguard-removal-it");
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
    void removingAResourceFromTheIacClosesItsEpisodeAndLaterChangesAreUnmanaged() throws Exception {
        ReplayFixtures.terraformState(dir);
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            assertThat(sync.sync(dir.resolve("iac"), new ArrayList<>())).isEqualTo(2);

            String topic = KafkaTopics.raw(Sources.AWS_CLOUDTRAIL);
            Instant changed = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
            send(topic, "rm-1", changed, 22);
            assertThat(await(() -> rows("SELECT status || ' ' || kind FROM findings WHERE resource_id = '"
                            + ReplayFixtures.SG + "'")))
                    .containsExactly("open drift");

            // the team deletes the security group from its Terraform configuration and applies
            withoutTheSecurityGroup(dir.resolve("iac/terraform/aws-prod/web/terraform.tfstate"));
            assertThat(sync.sync(dir.resolve("iac"), new ArrayList<>()))
                    .as("one tombstone, the instance is unchanged")
                    .isEqualTo(1);
            assertThat(await(() ->
                            rows("SELECT status || ' ' || resolution FROM findings WHERE resolution IS NOT NULL")))
                    .containsExactly("resolved removed_from_iac");

            // a later change to the group is no longer drift: no IaC manages it
            send(topic, "rm-2", changed.plus(Duration.ofMinutes(2)), 3389);
            assertThat(await(() -> rows("SELECT kind || ' ' || status FROM findings WHERE kind = 'unmanaged'")))
                    .containsExactly("unmanaged open");
            assertThat(rows("SELECT event_id FROM finding_source_events s JOIN findings f USING (finding_id)"
                            + " WHERE f.kind = 'unmanaged'"))
                    .containsExactly("rm-2");
            assertThat(rows("SELECT count(*) FROM findings WHERE kind = 'drift'"))
                    .as("the closed episode did not reopen")
                    .containsExactly("1");
        }
    }

    private static void send(String topic, String eventId, Instant at, int port) throws Exception {
        kafka.send(
                topic,
                ReplayFixtures.SG,
                record(
                                eventId,
                                at.toString(),
                                "AuthorizeSecurityGroupIngress",
                                "console.ec2.amazonaws.com",
                                ingress(port),
                                null)
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static void withoutTheSecurityGroup(Path state) throws Exception {
        ObjectNode tf = (ObjectNode) Json.MAPPER.readTree(state.toFile());
        ArrayNode resources = (ArrayNode) tf.get("resources");
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i).path("type").asText().equals("aws_security_group")) {
                resources.remove(i);
            }
        }
        tf.put("serial", tf.path("serial").asLong() + 1);
        Files.writeString(state, Json.MAPPER.writeValueAsString(tf));
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
