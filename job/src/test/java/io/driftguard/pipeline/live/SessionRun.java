package io.driftguard.pipeline.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One run of the shipped job on the session cluster: its own Kafka broker (in this JVM, a real broker on
 * a port the cluster's processes reach), its own database, the fixtures' Terraform state published by
 * {@code iac-sync}, and what a reader sees at the end: the findings in PostgreSQL (with their version and
 * version history) and every record of the findings topic, read committed.
 */
final class SessionRun implements AutoCloseable {

    final LocalKafka kafka;
    final String dbUrl;
    final Database db;
    final String groupId;
    private final KafkaProducer<byte[], byte[]> producer;

    SessionRun(LocalPostgres pg, Path dir, String groupId) throws Exception {
        this.kafka = LocalKafka.start();
        this.groupId = groupId;
        KafkaTopics.ensure(kafka.bootstrapServers(), 2, (short) 1);
        this.dbUrl = pg.createDatabase();
        this.db = new Database(dbUrl, "postgres", "");
        ReplayFixtures.terraformState(dir);
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            sync.sync(dir.resolve("iac"), new ArrayList<>());
        }
        this.producer = kafka.producer();
    }

    /** {@code flink run}'s arguments for the job: this run's Kafka, database and consumer group. */
    List<String> jobArgs() {
        return List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--db-url",
                dbUrl,
                "--db-user",
                "postgres",
                "--db-password",
                "",
                "--group-id",
                groupId);
    }

    /** One CloudTrail record on the raw topic, as the connector publishes it; waits for the broker's ack. */
    void send(String record) throws Exception {
        sentAt.put(Json.MAPPER.readTree(record).path("eventID").asText(), System.nanoTime());
        producer.send(new ProducerRecord<>(
                        KafkaTopics.raw(Sources.AWS_CLOUDTRAIL),
                        ReplayFixtures.SG.getBytes(StandardCharsets.UTF_8),
                        record.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    /** What a reader sees once {@code resolved} findings are stored and the topic holds their last versions. */
    Seen awaitSeen(int resolved, Duration timeout) throws Exception {
        LiveRuns.awaitResolved(db, resolved, timeout);
        Map<String, String> stored = stored();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> topic = topic();
        while (!holdsLastVersions(topic, stored) && System.nanoTime() < deadline) {
            Thread.sleep(250); // the poll interval
            stored = stored();
            topic = topic();
        }
        // Anything still in flight (a late repeat) would show up now.
        Thread.sleep(2_000); // a settle time, not a wait for a result
        return new Seen(stored(), history(), topic());
    }

    /** What a reader compares: PostgreSQL's findings, their version histories, the findings topic. */
    record Seen(Map<String, String> stored, List<String> history, List<String> topic) {}

    /** Finding id → "v{version} " + status, resolution, changes, source events. */
    Map<String, String> stored() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT finding_id, document::text FROM findings")) {
            while (rs.next()) {
                out.put(rs.getString(1), line(Json.MAPPER.readTree(rs.getString(2))));
            }
        }
        return out;
    }

    static String line(JsonNode f) throws Exception {
        return "v" + f.path("version").asInt() + " " + LiveRuns.summary(f);
    }

    /** Every row of {@code finding_versions}: finding id and version. */
    List<String> history() throws Exception {
        return LiveRuns.query(
                db, "SELECT finding_id || ' v' || version FROM finding_versions ORDER BY finding_id, version");
    }

    /** Every record of the findings topic, read committed, as "id v{version} summary", sorted. */
    List<String> topic() throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(KafkaTopics.FINDINGS).stream()
                    .map(i -> new TopicPartition(KafkaTopics.FINDINGS, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!readTo(c, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    JsonNode f = Json.MAPPER.readTree(r.value());
                    out.add(f.path("finding_id").asText() + " " + line(f));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean readTo(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean holdsLastVersions(List<String> topic, Map<String, String> stored) {
        Map<String, Boolean> seen = new HashMap<>();
        for (String t : topic) {
            int space = t.indexOf(' ');
            String id = t.substring(0, space);
            if (t.substring(space + 1).equals(stored.get(id))) {
                seen.put(id, true);
            }
        }
        return seen.keySet().containsAll(stored.keySet());
    }

    /** Entries that occur more than once in {@code lines}. */
    static List<String> repeated(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        lines.forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> e.getValue() + " × " + e.getKey())
                .toList();
    }

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> storedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    private volatile boolean watching;
    private final List<Thread> watchers = new ArrayList<>();

    /**
     * Notes when each finding version first appears in PostgreSQL (polled every 20 ms) and on the findings
     * topic (read committed), keyed by the event that made it (the version's last source event), for
     * {@link #delays()}.
     */
    void watch() {
        watching = true;
        Thread pgWatcher = new Thread(
                () -> {
                    while (watching) {
                        try {
                            for (String e : LiveRuns.query(
                                    db, "SELECT document -> 'source_events' ->> -1 FROM finding_versions")) {
                                storedAt.putIfAbsent(e, System.nanoTime());
                            }
                        } catch (Exception e) {
                            // not migrated yet: poll again
                        }
                        try {
                            Thread.sleep(20); // the poll interval
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "watch postgres " + groupId);
        Thread topicWatcher = new Thread(
                () -> {
                    Properties p = new Properties();
                    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
                    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                    try (KafkaConsumer<byte[], byte[]> c =
                            new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                        List<TopicPartition> parts = c.partitionsFor(KafkaTopics.FINDINGS).stream()
                                .map(i -> new TopicPartition(KafkaTopics.FINDINGS, i.partition()))
                                .toList();
                        c.assign(parts);
                        c.seekToBeginning(parts);
                        while (watching) {
                            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
                                JsonNode events =
                                        Json.MAPPER.readTree(r.value()).path("source_events");
                                publishedAt.putIfAbsent(
                                        events.path(events.size() - 1).asText(), System.nanoTime());
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "watch topic " + groupId);
        watchers.add(pgWatcher);
        watchers.add(topicWatcher);
        watchers.forEach(Thread::start);
    }

    /** Record sent → its finding version in PostgreSQL, and on the topic: p50 and max in seconds. */
    String delays() {
        return "PostgreSQL " + percentiles(storedAt) + ", findings topic (read committed) " + percentiles(publishedAt);
    }

    private String percentiles(Map<String, Long> seen) {
        List<Double> d = new ArrayList<>();
        seen.forEach((event, at) -> {
            Long sent = sentAt.get(event);
            if (sent != null) {
                d.add((at - sent) / 1e9);
            }
        });
        if (d.isEmpty()) {
            return "none seen";
        }
        d.sort(null);
        return String.format(
                "p50 %.2f s, p95 %.2f s, max %.2f s (%d versions)",
                d.get(d.size() / 2),
                d.get((int) Math.min(d.size() - 1, Math.round(d.size() * 0.95))),
                d.get(d.size() - 1),
                d.size());
    }

    @Override
    public void close() throws Exception {
        watching = false;
        for (Thread t : watchers) {
            t.join(5_000);
        }
        producer.close();
        kafka.close();
    }
}
