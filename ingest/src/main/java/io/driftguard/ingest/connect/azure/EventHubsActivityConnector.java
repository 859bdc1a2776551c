package io.driftguard.ingest.connect.azure;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventProcessorClient;
import com.azure.messaging.eventhubs.EventProcessorClientBuilder;
import com.azure.messaging.eventhubs.models.ErrorContext;
import com.azure.messaging.eventhubs.models.EventBatchContext;
import com.azure.messaging.eventhubs.models.PartitionContext;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Backoff;
import io.driftguard.ingest.connect.Forwarder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Event Hub an Azure diagnostic setting exports the Activity Log to. Each event's body is
 * a batch {@code {"records":[...]}}; every item is published unchanged to
 * {@code driftguard.raw.azure-activity} (origin {@code eventhubs:<hub>/<partition>/<sequence>#index}).
 *
 * <p>Event Hubs has no per-message acknowledgement: the checkpoint is the acknowledgement, and
 * checkpointing a later batch would skip an earlier one. So a batch is checkpointed only after
 * Kafka acknowledged all its records, and when Kafka fails the batch is retried in place with
 * backoff (the partition waits) until it succeeds or the connector stops; after a restart the
 * processor resumes from the last checkpoint.
 *
 * <p>Alternative without this connector: Event Hubs (Standard tier and up) speaks the Kafka
 * protocol on port 9093, so the job's Kafka source can read the hub directly; see
 * docs/sources.md. This connector exists to split the {@code records} batches into one record per
 * message like every other raw topic, and to keep the job on one Kafka cluster.
 */
public final class EventHubsActivityConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventHubsActivityConnector.class);

    /**
     * @param maxBatch events handed to one {@link #processBatch} call
     * @param maxWait how long the processor waits to fill a batch
     * @param ackTimeout how long to wait for Kafka's acknowledgement of one batch
     */
    public record Settings(int maxBatch, Duration maxWait, Duration ackTimeout) {
        public static Settings defaults() {
            return new Settings(100, Duration.ofSeconds(1), Duration.ofMinutes(2));
        }
    }

    private final Forwarder forwarder;
    private final Settings settings;
    private final Duration backoffBase;
    private volatile boolean running = true;
    private EventProcessorClient processor;

    public EventHubsActivityConnector(Forwarder forwarder, Settings settings) {
        this(forwarder, settings, Duration.ofMillis(200));
    }

    EventHubsActivityConnector(Forwarder forwarder, Settings settings, Duration backoffBase) {
        this.forwarder = forwarder;
        this.settings = settings;
        this.backoffBase = backoffBase;
    }

    /**
     * Publishes a batch and checkpoints it once Kafka acknowledged every record; retries while Kafka
     * fails.
     *
     * @throws IllegalStateException if the connector was stopped before the batch got through (the
     *     processor then closes the partition without checkpointing)
     */
    public void processBatch(EventBatchContext context) {
        List<EventData> events = context.getEvents();
        if (events.isEmpty()) {
            return;
        }
        PartitionContext partition = context.getPartitionContext();
        Backoff backoff = new Backoff(backoffBase, Duration.ofSeconds(30));
        while (true) {
            List<CompletableFuture<?>> all = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                EventData e = events.get(i);
                String position =
                        e.getSequenceNumber() != null ? e.getSequenceNumber().toString() : "batch-" + i;
                all.add(forwarder.forward(
                        Sources.AZURE_ACTIVITY,
                        e.getBody(),
                        "eventhubs:" + partition.getEventHubName() + "/" + partition.getPartitionId() + "/" + position,
                        null,
                        e.getEnqueuedTime()));
            }
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                        .get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
                context.updateCheckpoint();
                return;
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before the batch was acknowledged by Kafka", ie);
            } catch (Exception ex) {
                LOG.warn(
                        "Event Hubs partition {}: batch of {} not acknowledged by Kafka, retrying: {}",
                        partition.getPartitionId(),
                        events.size(),
                        ex.toString());
            }
            if (!running || !backoff.pause()) {
                throw new IllegalStateException("stopped before the batch was acknowledged by Kafka; not checkpointed");
            }
        }
    }

    /**
     * Builds and starts the processor.
     *
     * @param builder the SDK builder with the connection (connection string or credential, hub,
     *     consumer group) already set
     */
    public void start(EventProcessorClientBuilder builder, FileCheckpointStore store) {
        processor = builder.checkpointStore(store)
                .processEventBatch(this::processBatch, settings.maxBatch(), settings.maxWait())
                .processError(this::onError)
                .buildEventProcessorClient();
        processor.start();
    }

    private void onError(ErrorContext error) {
        LOG.warn(
                "Event Hubs partition {}: {}",
                error.getPartitionContext().getPartitionId(),
                error.getThrowable().toString());
    }

    @Override
    public void close() {
        running = false;
        if (processor != null) {
            processor.stop();
        }
    }
}
