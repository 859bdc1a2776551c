package io.driftguard.ingest.connect.kafka;

import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Puts native records, unchanged, onto the raw topics ({@code driftguard.raw.<source>}), one record
 * per message, and bad input onto {@code driftguard.deadletter}.
 *
 * <p>Every method returns a future that completes only when Kafka acknowledged the write
 * ({@code acks=all}, idempotent producer: see {@link KafkaSettings}); connectors acknowledge their
 * upstream (SQS delete, Pub/Sub ack, Event Hubs checkpoint, HTTP 2xx) only after it completed. A
 * {@code send} that throws (metadata unavailable within {@code max.block.ms}, producer closed)
 * becomes a failed future, so callers have one failure path.
 *
 * <p>Thread-safe: one instance per process, shared by all connector threads.
 */
public final class RawPublisher implements AutoCloseable {

    /** A record with its partitioning key (see {@link io.driftguard.ingest.connect.RecordKeys}). */
    public record Keyed(RawRecord record, String key) {}

    private final Producer<byte[], byte[]> producer;
    private final IngestMetrics metrics;

    public RawPublisher(Producer<byte[], byte[]> producer, IngestMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
    }

    /** A publisher with its own idempotent producer. */
    public static RawPublisher create(KafkaSettings settings, IngestMetrics metrics) {
        return new RawPublisher(new KafkaProducer<>(settings.producerProperties()), metrics);
    }

    /** Publishes one record to its source's raw topic. */
    public CompletableFuture<RecordMetadata> publish(RawRecord record, String key) {
        CompletableFuture<RecordMetadata> f = send(KafkaTopics.raw(record.source()), record, key, null);
        return f.whenComplete((md, err) -> {
            if (err == null) {
                metrics.published(record.source(), 1);
            } else {
                metrics.publishFailed(record.source());
            }
        });
    }

    /**
     * Publishes a batch; completes when all are acknowledged, or fails with the first failure (the
     * others may have been written: upstream redelivers the batch and the job deduplicates on the
     * provider's event id).
     */
    public CompletableFuture<Void> publishAll(List<Keyed> records) {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < futures.length; i++) {
            Keyed k = records.get(i);
            futures[i] = publish(k.record(), k.key());
        }
        return CompletableFuture.allOf(futures);
    }

    /**
     * Dead-letters a record that could not be split or decoded.
     *
     * @param reasonCode short fixed code for the metrics label ({@code not-json}, {@code no-records})
     * @param reason a sentence a person can act on; travels in the {@code driftguard-reason} header
     */
    public CompletableFuture<RecordMetadata> deadLetter(RawRecord record, String reasonCode, String reason) {
        return send(KafkaTopics.DEAD_LETTERS, record, null, reasonCode + ": " + reason)
                .whenComplete((md, err) -> {
                    if (err == null) {
                        metrics.rejected(record.source(), reasonCode);
                    } else {
                        metrics.publishFailed(record.source());
                    }
                });
    }

    private CompletableFuture<RecordMetadata> send(String topic, RawRecord record, String key, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RawHeaders.SOURCE, utf8(record.source()));
        if (record.origin() != null) {
            headers.add(RawHeaders.ORIGIN, utf8(record.origin()));
        }
        if (record.cluster() != null) {
            headers.add(RawHeaders.CLUSTER, utf8(record.cluster()));
        }
        if (reason != null) {
            headers.add(RawHeaders.REASON, utf8(reason));
        }
        ProducerRecord<byte[], byte[]> pr =
                new ProducerRecord<>(topic, null, null, key == null ? null : utf8(key), record.payload(), headers);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(pr, (md, err) -> {
                if (err != null) {
                    result.completeExceptionally(err);
                } else {
                    result.complete(md);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Sends buffered records now (shutdown, tests). */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
