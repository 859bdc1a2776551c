package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finding_versions} keeps every version of every finding, once. The input arrives all at once, so
 * an episode's open and resolved versions reach the PostgreSQL sink within one batch (the sink used to
 * keep only the last of them); then the same input is processed a second time into the same database,
 * as a job restored from an early checkpoint processes it again, and no history row is doubled.
 */
class FindingHistoryIT {

    static final int PAIRS = 10;

    @TempDir
    Path dir;

    @Test
    void everyVersionIsKeptOnceAlsoWhenTheInputIsProcessedAgain() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        List<String> records = LiveRuns.openedAndClosedPorts(start, PAIRS + 1);
        List<String> first = records.subList(0, 2 * PAIRS);
        // One more episode, sent after the second job has started: once it is stored, the second job has
        // read everything before it (one partition: every record carries the security group as its key).
        List<String> marker = records.subList(2 * PAIRS, records.size());
        try (LocalPostgres pg = LocalPostgres.start();
                LocalKafka kafka = LocalKafka.start()) {
            KafkaTopics.ensure(kafka.bootstrapServers(), 2, (short) 1);
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            ReplayFixtures.terraformState(dir);
            try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
                sync.sync(dir.resolve("iac"), new ArrayList<>());
            }
            send(kafka, first);

            JobClient job = start(kafka, db, "history-1");
            try {
                LiveRuns.awaitResolved(db, PAIRS, Duration.ofSeconds(120));
            } finally {
                job.cancel().get();
            }
            Map<String, String> stored = LiveRuns.stored(db);
            List<String> history = history(db);
            List<String> expected = new ArrayList<>();
            stored.keySet().forEach(id -> {
                expected.add(id + " 1000 open");
                expected.add(id + " 2000 resolved");
            });
            assertThat(history)
                    .as("each episode's open and resolved judgement, though both reached the sink at once")
                    .containsExactlyElementsOf(expected);

            // The same input again, from its first offset, into the same database.
            job = start(kafka, db, "history-2");
            try {
                send(kafka, marker);
                LiveRuns.awaitResolved(db, PAIRS + 1, Duration.ofSeconds(120));
            } finally {
                job.cancel().get();
            }
            List<String> again = history(db);
            assertThat(again)
                    .as("the marker episode's two versions, nothing else")
                    .hasSize(history.size() + 2);
            assertThat(again).containsAll(history);
            assertThat(LiveRuns.query(
                            db,
                            "SELECT finding_id || ' v' || version FROM finding_versions"
                                    + " GROUP BY finding_id, version HAVING count(*) > 1"))
                    .isEmpty();
            LiveRuns.assertNoChildRowDoubled(db);
        }
    }

    private static JobClient start(LocalKafka kafka, Database db, String groupId) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        LiveJob.build(
                env,
                new LiveJob.Connections(kafka.bootstrapServers(), groupId, db),
                JobSettings.live(DriftGuardConfig.empty(), 1));
        return env.executeAsync("driftguard-history-" + groupId);
    }

    private static List<String> history(Database db) throws Exception {
        return LiveRuns.query(db, "SELECT finding_id || ' ' || version || ' ' || status FROM finding_versions").stream()
                .sorted()
                .toList();
    }

    private static void send(LocalKafka kafka, List<String> records) throws Exception {
        for (String r : records) {
            kafka.send(KafkaTopics.raw(Sources.AWS_CLOUDTRAIL), ReplayFixtures.SG, r.getBytes(StandardCharsets.UTF_8));
        }
    }
}
