package io.driftguard.pipeline.testing;

import io.driftguard.ingest.Sources;
import io.driftguard.pipeline.live.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node Kafka (KRaft) in this JVM, with DriftGuard's topics. */
public final class InProcessKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private InProcessKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static InProcessKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        InProcessKafka kafka = new InProcessKafka(cluster);
        List<NewTopic> topics = new ArrayList<>();
        for (String source : Sources.ALL) {
            topics.add(new NewTopic(Sources.rawTopic(source), 2, (short) 1));
        }
        topics.add(new NewTopic(Topics.DESIRED_STATE, 2, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(Topics.FINDINGS, 2, (short) 1));
        topics.add(new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(topics).all().get();
        }
        return kafka;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers());
        p.setProperty("acks", "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(), value)).get();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
