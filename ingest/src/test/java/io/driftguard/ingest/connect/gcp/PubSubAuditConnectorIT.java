package io.driftguard.ingest.connect.gcp;

import static io.driftguard.ingest.connect.RawRecords.originContains;
import static io.driftguard.testkit.LocalKafka.header;
import static io.driftguard.testkit.LocalKafka.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.Samples;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Pub/Sub Subscriber (streaming pull over gRPC) against an in-process Subscriber service and a real broker. */
class PubSubAuditConnectorIT {

    static final String SUBSCRIPTION = "projects/my-project/subscriptions/driftguard-audit";
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    static LocalKafka kafka;
    static RawPublisher publisher;
    static IngestMetrics metrics = new IngestMetrics();

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

    private static PubSubAuditConnector connector(RawPublisher p, IngestMetrics m, ManagedChannel channel) {
        return new PubSubAuditConnector(
                new Forwarder(p, m),
                new PubSubAuditConnector.Settings(SUBSCRIPTION, 100, Duration.ofSeconds(5)),
                b -> b.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                        .setCredentialsProvider(NoCredentialsProvider.create())
                        .setMaxAckExtensionPeriodDuration(Duration.ofSeconds(10)));
    }

    @Test
    void logEntriesArePublishedUnchangedThenAckedAndBadDataIsDeadLettered() throws Exception {
        byte[] entry = Samples.bytes("gcp-audit/c7n-logentry-iam-role-create.json");
        String good = "m-" + UUID.randomUUID();
        String bad = "m-" + UUID.randomUUID();
        try (SubscriberFake fake = new SubscriberFake()) {
            fake.add(good, entry);
            fake.add(bad, "this is not a LogEntry".getBytes(StandardCharsets.UTF_8));
            ManagedChannel channel = fake.channel();
            try (PubSubAuditConnector connector = connector(publisher, metrics, channel)) {
                connector.start();
                waitFor(() -> fake.acked.size() >= 2);
            } finally {
                channel.shutdownNow();
            }
            assertThat(fake.subscriptions).contains(SUBSCRIPTION);
            assertThat(fake.acked).containsExactlyInAnyOrder("ack-" + good, "ack-" + bad);
            assertThat(fake.nacked).isEmpty();
        }
        var out = kafka.read(KafkaTopics.raw(Sources.GCP_AUDIT), originContains(good), 1, READ_TIMEOUT);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value()).isEqualTo(entry);
        assertThat(header(out.get(0), RawHeaders.ORIGIN)).isEqualTo("pubsub:" + good);
        assertThat(key(out.get(0)))
                .isEqualTo(Json.MAPPER
                        .readTree(entry)
                        .path("protoPayload")
                        .path("resourceName")
                        .asText());

        var dead = kafka.read(KafkaTopics.DEAD_LETTERS, originContains(bad), 1, READ_TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), RawHeaders.REASON)).startsWith("not-json: ");
        assertThat(metrics.count("driftguard.ingest.rejected", Sources.GCP_AUDIT, "not-json"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void messageIsNackedNotAckedWhenKafkaIsUnavailable() throws Exception {
        byte[] entry = Samples.bytes("gcp-audit/c7n-logentry-route-create.json");
        String id = "m-" + UUID.randomUUID();
        IngestMetrics m = new IngestMetrics();
        try (SubscriberFake fake = new SubscriberFake();
                RawPublisher dead = RawPublisher.create(
                        KafkaSettings.of("127.0.0.1:1").withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)),
                        m)) {
            fake.add(id, entry);
            ManagedChannel channel = fake.channel();
            try (PubSubAuditConnector connector = connector(dead, m, channel)) {
                connector.start();
                waitFor(() -> !fake.nacked.isEmpty());
            } finally {
                channel.shutdownNow();
            }
            assertThat(fake.nacked).containsExactly("ack-" + id);
            assertThat(fake.acked).isEmpty();
            assertThat(m.count("driftguard.ingest.publish.failures", Sources.GCP_AUDIT, null))
                    .isEqualTo(1);
        }
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}
