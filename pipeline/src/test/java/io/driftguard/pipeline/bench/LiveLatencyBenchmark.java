package io.driftguard.pipeline.bench;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.live.IacSync;
import io.driftguard.pipeline.live.JobCommand;
import io.driftguard.pipeline.live.LiveJob;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Live latency, end to end on this machine: a real Kafka broker and PostgreSQL in-process, the job
 * in a MiniCluster, and drifting CloudTrail records published one at a time among background reads.
 * For each finding it prints how long after detection (the episode operator's {@code detected_at})
 * the judged row (cause, severity, recommendation) was in PostgreSQL, and how long after the record
 * was published. Run with {@code bench/latency.sh [episodes]}.
 */
public final class LiveLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path dir = Files.createTempDirectory("dg-latency");
        try (LocalKafka kafka = LocalKafka.start();
                LocalPostgres pg = LocalPostgres.start()) {
            KafkaTopics.ensure(kafka.bootstrapServers(), 6, (short) 1);
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            db.migrate();
            ReplayFixtures.terraformState(dir);
            try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
                sync.sync(dir.resolve("iac"), new ArrayList<>());
            }
            StreamExecutionEnvironment env = JobCommand.environment(2, Duration.ofSeconds(10));
            LiveJob.build(
                    env,
                    new LiveJob.Connections(kafka.bootstrapServers(), "bench", db),
                    JobSettings.live(DriftGuardConfig.empty(), 2));
            JobClient job = env.executeAsync("driftguard-latency");
            String topic = KafkaTopics.raw(Sources.AWS_CLOUDTRAIL);
            List<Long> toPostgres = new ArrayList<>();
            List<Long> fromDetection = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                warmUp(producer, topic, db);
                for (int i = 0; i < episodes; i++) {
                    for (int r = 0; r < 20; r++) {
                        producer.send(new ProducerRecord<>(
                                topic,
                                bytes(ReplayFixtures.record(
                                        "read-" + i + "-" + r,
                                        Instant.now().toString(),
                                        "DescribeSecurityGroups",
                                        "aws-cli/2",
                                        "{}",
                                        null))));
                    }
                    // open port 22, then revoke it: each pair is one episode, opened then resolved
                    String id = "bench-" + i;
                    long published = System.currentTimeMillis();
                    producer.send(new ProducerRecord<>(
                                    topic,
                                    bytes(ReplayFixtures.SG),
                                    bytes(ReplayFixtures.record(
                                            id,
                                            Instant.ofEpochMilli(published).toString(),
                                            "AuthorizeSecurityGroupIngress",
                                            "aws-cli/2",
                                            ReplayFixtures.ingress(22),
                                            null))))
                            .get();
                    long[] row = awaitJudged(db, id, Duration.ofSeconds(30));
                    if (row == null) {
                        System.out.println("episode " + i + ": no judged row within 30 s");
                        continue;
                    }
                    fromDetection.add(row[0] - row[1]);
                    toPostgres.add(row[0] - published);
                    producer.send(new ProducerRecord<>(
                                    topic,
                                    bytes(ReplayFixtures.SG),
                                    bytes(ReplayFixtures.record(
                                            "revert-" + i,
                                            Instant.now().toString(),
                                            "RevokeSecurityGroupIngress",
                                            "aws-cli/2",
                                            ReplayFixtures.ingress(22),
                                            null))))
                            .get();
                    if (!awaitResolved(db, id, Duration.ofSeconds(30))) {
                        System.out.println("episode " + i + ": not resolved within 30 s");
                    }
                }
            }
            job.cancel().get();
            print("detected → judged row in PostgreSQL", fromDetection);
            print("record published → judged row in PostgreSQL", toPostgres);
        }
    }

    private static void warmUp(KafkaProducer<byte[], byte[]> producer, String topic, Database db) throws Exception {
        producer.send(new ProducerRecord<>(
                        topic,
                        bytes(ReplayFixtures.record(
                                "warm-up",
                                Instant.now().toString(),
                                "AuthorizeSecurityGroupIngress",
                                "aws-cli/2",
                                ReplayFixtures.ingress(2222),
                                null))))
                .get();
        awaitJudged(db, "warm-up", Duration.ofSeconds(120));
        producer.send(new ProducerRecord<>(
                        topic,
                        bytes(ReplayFixtures.record(
                                "warm-up-revert",
                                Instant.now().toString(),
                                "RevokeSecurityGroupIngress",
                                "aws-cli/2",
                                ReplayFixtures.ingress(2222),
                                null))))
                .get();
        // The warm-up records have no key, so they may go to another partition than the episodes': wait
        // until its revert is applied, or the first episode would join the warm-up's instead of opening.
        awaitResolved(db, "warm-up", Duration.ofSeconds(60));
    }

    /** [first_written_at, detected_at] in epoch ms once the finding opened by {@code eventId} is judged. */
    private static long[] awaitJudged(Database db, String eventId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String sql = "SELECT f.first_written_at, f.detected_at FROM findings f WHERE f.trigger_event_id = '" + eventId
                + "' AND f.cause IS NOT NULL AND f.severity IS NOT NULL AND f.recommendation IS NOT NULL";
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    if (rs.next()) {
                        return new long[] {
                            rs.getTimestamp(1).getTime(), rs.getTimestamp(2).getTime()
                        };
                    }
                }
                Thread.sleep(5); // the poll interval: fine, as the wait is what is measured
            }
        }
        return null;
    }

    /** Whether the episode opened by {@code eventId} was resolved in PostgreSQL within the timeout. */
    private static boolean awaitResolved(Database db, String eventId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String sql = "SELECT 1 FROM findings WHERE trigger_event_id = '" + eventId + "' AND status = 'resolved'";
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    if (rs.next()) {
                        return true;
                    }
                }
                Thread.sleep(5); // the poll interval
            }
        }
        return false;
    }

    private static void print(String what, List<Long> ms) {
        if (ms.isEmpty()) {
            System.out.println(what + ": no samples");
            return;
        }
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s: n=%d  p50=%d ms  p95=%d ms  max=%d ms%n",
                what,
                sorted.size(),
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                sorted.get(sorted.size() - 1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
