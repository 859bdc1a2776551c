package io.driftguard.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker (KRaft, combined controller and broker) in this JVM on a random
 * port, with its logs in a temporary folder removed on close: the tests' broker and the demo's
 * stand-in for a cluster. Start-up takes 2–5 s, so tests share one per class.
 */
public final class LocalKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private LocalKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static LocalKafka start() throws Exception {
        return start(new TestKitNodes.Builder());
    }

    /**
     * A broker with its logs in {@code baseDirectory}, which is emptied first (whatever a killed
     * earlier run left there) and removed on close: the demo's broker, whose files stay in the demo's
     * working folder instead of piling up in the temporary folder after a {@code kill -9}.
     */
    public static LocalKafka start(Path baseDirectory) throws Exception {
        StaleData.deleteTree(baseDirectory);
        Files.createDirectories(baseDirectory);
        return start(new TestKitNodes.Builder().setBaseDirectory(baseDirectory));
    }

    private static LocalKafka start(TestKitNodes.Builder nodes) throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new LocalKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates a topic with the given configuration (compaction, retention), replication 1. */
    public void createTopic(String name, int partitions, Map<String, String> configs)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get();
        }
    }

    /** A producer that waits for the broker's acknowledgement of every record. */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one record and waits until the broker has it. */
    public void send(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }

    /**
     * Reads {@code topic} from the beginning until at least {@code expected} records match
     * {@code filter} and every partition has been read to the end offset it had at that moment, so
     * extra records already on the topic are returned too; fails after {@code timeout}.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(
            String topic, Predicate<ConsumerRecord<byte[], byte[]>> filter, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> ends = null;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (filter.test(r)) {
                        out.add(r);
                    }
                }
                if (out.size() >= expected) {
                    if (ends == null) {
                        ends = c.endOffsets(parts);
                    }
                    if (readTo(c, ends)) {
                        return out;
                    }
                }
            }
        }
        throw new AssertionError("expected " + expected + " matching records on " + topic + " within " + timeout
                + ", found " + out.size());
    }

    private static boolean readTo(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The record's key as text, or null. */
    public static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
