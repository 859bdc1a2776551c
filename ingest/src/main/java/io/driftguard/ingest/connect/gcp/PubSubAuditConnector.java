package io.driftguard.ingest.connect.gcp;

import com.google.api.gax.batching.FlowControlSettings;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Forwarder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a Pub/Sub subscription fed by a Cloud Logging sink and publishes each message's data, one
 * {@code LogEntry} JSON, unchanged to {@code driftguard.raw.gcp-audit} (origin
 * {@code pubsub:<messageId>}).
 *
 * <p>A message is acked only after Kafka acknowledged the record, or its dead letter when the data
 * is not a JSON object; it is nacked when Kafka failed, so Pub/Sub redelivers it with the
 * subscription's retry policy (configure exponential backoff there; see docs/sources.md). Flow
 * control bounds the messages in flight.
 */
public final class PubSubAuditConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubAuditConnector.class);

    /**
     * @param subscription {@code projects/P/subscriptions/S}
     * @param maxOutstandingMessages flow control: messages received but not yet acked
     * @param shutdownTimeout how long {@link #close()} waits for the subscriber to stop
     */
    public record Settings(String subscription, long maxOutstandingMessages, Duration shutdownTimeout) {
        public static Settings defaults(String subscription) {
            return new Settings(subscription, 1000, Duration.ofSeconds(30));
        }
    }

    private final Forwarder forwarder;
    private final Settings settings;
    private final UnaryOperator<Subscriber.Builder> customizer;
    private Subscriber subscriber;

    /**
     * @param customizer adjusts the subscriber (credentials, endpoint, channel provider) before it
     *     is built; {@code UnaryOperator.identity()} uses Application Default Credentials and the
     *     public endpoint
     */
    public PubSubAuditConnector(Forwarder forwarder, Settings settings, UnaryOperator<Subscriber.Builder> customizer) {
        this.forwarder = forwarder;
        this.settings = settings;
        this.customizer = customizer;
    }

    /** The message handler: forward, then ack or nack on Kafka's answer. */
    public MessageReceiver receiver() {
        return this::receive;
    }

    private void receive(PubsubMessage message, AckReplyConsumer consumer) {
        Instant published = message.hasPublishTime()
                ? Instant.ofEpochSecond(
                        message.getPublishTime().getSeconds(),
                        message.getPublishTime().getNanos())
                : null;
        forwarder
                .forward(
                        Sources.GCP_AUDIT,
                        message.getData().toByteArray(),
                        "pubsub:" + message.getMessageId(),
                        null,
                        published)
                .whenComplete((outcome, err) -> {
                    if (err == null) {
                        consumer.ack();
                    } else {
                        LOG.warn(
                                "Pub/Sub message {} not acknowledged by Kafka, nacking: {}",
                                message.getMessageId(),
                                err.toString());
                        consumer.nack();
                    }
                });
    }

    /** Starts streaming pull; returns once the subscriber is running. */
    public void start() {
        Subscriber.Builder builder = Subscriber.newBuilder(
                        ProjectSubscriptionName.parse(settings.subscription()), receiver())
                .setFlowControlSettings(FlowControlSettings.newBuilder()
                        .setMaxOutstandingElementCount(settings.maxOutstandingMessages())
                        .build())
                .setParallelPullCount(1);
        subscriber = customizer.apply(builder).build();
        subscriber.startAsync().awaitRunning();
    }

    /** Blocks until the subscriber fails or is stopped. */
    public void awaitTerminated() {
        subscriber.awaitTerminated();
    }

    @Override
    public void close() {
        if (subscriber == null) {
            return;
        }
        subscriber.stopAsync();
        try {
            subscriber.awaitTerminated(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Pub/Sub subscriber did not stop within {}", settings.shutdownTimeout());
        } catch (IllegalStateException e) {
            LOG.warn("Pub/Sub subscriber had failed: {}", e.toString());
        }
    }
}
