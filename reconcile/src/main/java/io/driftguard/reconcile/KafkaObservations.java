package io.driftguard.reconcile;

import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.reconcile.ScanObservation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes observations to {@code driftguard.raw.reconcile-scan}, keyed by resource id like the audit
 * topics, so one resource's observations and audit records stay in order per partition; waits for
 * every acknowledgement.
 */
public final class KafkaObservations implements Consumer<List<ScanObservation>>, AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    /** @param security Kafka client security (TLS, SASL), see {@code KafkaClientSecurity} */
    public KafkaObservations(String bootstrapServers, Properties security) {
        Properties p = new Properties();
        p.putAll(security);
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void accept(List<ScanObservation> observations) {
        String topic = KafkaTopics.raw(Sources.RECONCILE_SCAN);
        List<Future<?>> sent = new ArrayList<>();
        for (ScanObservation o : observations) {
            sent.add(producer.send(new ProducerRecord<>(
                    topic,
                    o.resourceId().getBytes(StandardCharsets.UTF_8),
                    o.toJson().getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<?> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing scan observations failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing scan observations", e);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
