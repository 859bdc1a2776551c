package io.driftguard.ingest.connect.azure;

import static io.driftguard.testkit.LocalKafka.header;
import static io.driftguard.testkit.LocalKafka.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.EventBatchContext;
import com.azure.messaging.eventhubs.models.PartitionContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.RawRecords;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Event Hubs connector up to the SDK boundary: no Event Hubs emulator exists here (AMQP), so the
 * test hands the processor's batch handler SDK {@link EventBatchContext}s with {@link EventData}
 * built in the test, against a real broker and the real file checkpoint store.
 */
class EventHubsActivityConnectorIT {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    static LocalKafka kafka;
    static RawPublisher publisher;
    static IngestMetrics metrics = new IngestMetrics();

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 4, (short) 1);
        publisher = RawPublisher.create(KafkaSettings.of(kafka.bootstrapServers()), metrics);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        publisher.close();
        kafka.close();
    }

    @Test
    void eachRecordOfABatchIsPublishedAndTheBatchIsCheckpointedAfter() throws Exception {
        byte[] export = Samples.bytes("azure-activity/msdocs-eventhub-records-supporttickets-write.json");
        JsonNode r0 = Json.MAPPER.readTree(Samples.bytes("azure-activity/panther-test-record-nsg-write.json"));
        JsonNode r1 =
                Json.MAPPER.readTree(Samples.bytes("azure-activity/panther-test-record-roleAssignments-write.json"));
        byte[] twoRecords = Json.MAPPER.writeValueAsBytes(Json.MAPPER
                .createObjectNode()
                .set("records", Json.MAPPER.createArrayNode().add(r0).add(r1)));
        String hub = "activity-" + UUID.randomUUID().toString().substring(0, 8);
        FileCheckpointStore store = new FileCheckpointStore(dir);
        PartitionContext partition = new PartitionContext("ns.servicebus.windows.net", hub, "$Default", "0");
        var ctx = new EventBatchContext(
                partition, List.of(new EventData(export), new EventData(twoRecords)), store, null);

        new EventHubsActivityConnector(
                        new Forwarder(publisher, metrics), EventHubsActivityConnector.Settings.defaults())
                .processBatch(ctx);

        var out = kafka.read(KafkaTopics.raw(Sources.AZURE_ACTIVITY), RawRecords.originContains(hub), 3, READ_TIMEOUT);
        assertThat(out).hasSize(3);
        assertThat(out)
                .extracting(r -> header(r, RawHeaders.ORIGIN))
                .containsExactlyInAnyOrder(
                        "eventhubs:" + hub + "/0/batch-0#0",
                        "eventhubs:" + hub + "/0/batch-1#0",
                        "eventhubs:" + hub + "/0/batch-1#1");
        assertThat(out)
                .extracting(r -> Json.MAPPER.readTree(r.value()))
                .contains(Json.MAPPER.readTree(export).path("records").get(0), r0, r1);
        assertThat(out)
                .extracting(LocalKafka::key)
                .contains(r0.path("resourceId").asText().toLowerCase(java.util.Locale.ROOT));

        List<Checkpoint> checkpoints = store.listCheckpoints("ns.servicebus.windows.net", hub, "$Default")
                .collectList()
                .block();
        assertThat(checkpoints)
                .singleElement()
                .satisfies(c -> assertThat(c.getPartitionId()).isEqualTo("0"));
    }

    @Test
    void batchIsRetriedNotCheckpointedWhileKafkaIsUnavailable() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        IngestMetrics m = new IngestMetrics();
        byte[] export = Samples.bytes("azure-activity/msdocs-eventhub-records-supporttickets-write.json");
        PartitionContext partition = new PartitionContext("ns.servicebus.windows.net", "hub", "$Default", "3");
        var ctx = new EventBatchContext(partition, List.of(new EventData(export)), store, null);
        try (RawPublisher dead = RawPublisher.create(
                KafkaSettings.of("127.0.0.1:1").withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)), m)) {
            var connector = new EventHubsActivityConnector(
                    new Forwarder(dead, m),
                    new EventHubsActivityConnector.Settings(10, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                    Duration.ofMillis(50));
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> connector.processBatch(ctx));
            long deadline = System.currentTimeMillis() + 10_000;
            while (m.count("driftguard.ingest.publish.failures", Sources.AZURE_ACTIVITY, null) < 2
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(running).isNotDone(); // still retrying: the partition waits rather than skipping
            connector.close();
            assertThatThrownBy(running::join)
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not checkpointed");
        }
        assertThat(m.count("driftguard.ingest.publish.failures", Sources.AZURE_ACTIVITY, null))
                .isGreaterThanOrEqualTo(2);
        assertThat(store.listCheckpoints("ns.servicebus.windows.net", "hub", "$Default")
                        .collectList()
                        .block())
                .isEmpty();
    }

    @Test
    void eventThatIsNotARecordsBatchIsDeadLetteredAndTheBatchStillCheckpoints() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        String hub = "hub-" + UUID.randomUUID().toString().substring(0, 8);
        PartitionContext partition = new PartitionContext("ns.servicebus.windows.net", hub, "$Default", "1");
        byte[] body = "{\"value\":[]}".getBytes(StandardCharsets.UTF_8);
        var ctx = new EventBatchContext(partition, List.of(new EventData(body)), store, null);

        new EventHubsActivityConnector(
                        new Forwarder(publisher, metrics), EventHubsActivityConnector.Settings.defaults())
                .processBatch(ctx);

        var dead = kafka.read(KafkaTopics.DEAD_LETTERS, RawRecords.originContains(hub), 1, READ_TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), RawHeaders.REASON))
                .startsWith("no-records: ")
                .contains("\"records\"");
        assertThat(key(dead.get(0))).isNull();
        assertThat(store.listCheckpoints("ns.servicebus.windows.net", hub, "$Default")
                        .collectList()
                        .block())
                .hasSize(1);
    }
}
