package io.driftguard.ingest.connect.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How the connectors talk to Kafka.
 *
 * <p>The producer is always idempotent with {@code acks=all}: a record counts as delivered only once
 * every in-sync replica has it, and producer retries never duplicate or reorder it. At most five
 * requests are in flight per connection, the limit under which idempotence keeps order.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param clientId shows up in broker logs and quotas
 * @param deliveryTimeout how long the producer keeps retrying one record before its future fails
 * @param maxBlock how long {@code send} may block for metadata or buffer space (Kafka down at start)
 * @param linger how long to wait to fill a batch; a few ms buys much larger batches
 * @param extra further producer properties (security settings: SASL, TLS), applied last
 */
public record KafkaSettings(
        String bootstrapServers,
        String clientId,
        Duration deliveryTimeout,
        Duration maxBlock,
        Duration linger,
        Properties extra) {

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientId = clientId == null ? "driftguard-ingest" : clientId;
        deliveryTimeout = deliveryTimeout == null ? Duration.ofMinutes(2) : deliveryTimeout;
        maxBlock = maxBlock == null ? Duration.ofSeconds(60) : maxBlock;
        linger = linger == null ? Duration.ofMillis(5) : linger;
        extra = extra == null ? new Properties() : extra;
    }

    /** Production defaults for the given brokers. */
    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, null, null, null, null, null);
    }

    /** Same settings with other timeouts (tests; fail-fast deployments). */
    public KafkaSettings withTimeouts(Duration deliveryTimeout, Duration maxBlock) {
        return new KafkaSettings(bootstrapServers, clientId, deliveryTimeout, maxBlock, linger, extra);
    }

    /** The producer configuration these settings stand for. */
    public Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger.toMillis()));
        long delivery = deliveryTimeout.toMillis();
        // delivery.timeout.ms must be >= linger.ms + request.timeout.ms
        long request = Math.min(30_000, Math.max(1_000, delivery - linger.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        p.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(delivery, request + linger.toMillis())));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMillis()));
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "2000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(extra);
        return p;
    }
}
