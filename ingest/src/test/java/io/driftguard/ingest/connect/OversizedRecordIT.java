package io.driftguard.ingest.connect;

import static io.driftguard.ingest.connect.RawRecords.originContains;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record larger than a Kafka message may be (1 MiB by default) is not a poison message: it is
 * dead-lettered as a pointer and the forward completes, so the connector acknowledges upstream
 * instead of failing, being redelivered and failing again for ever.
 */
class OversizedRecordIT {

    static LocalKafka kafka;
    static RawPublisher publisher;
    static final IngestMetrics metrics = new IngestMetrics();

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 1, (short) 1);
        publisher = RawPublisher.create(
                KafkaSettings.of(kafka.bootstrapServers()).withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20)),
                metrics);
    }

    @AfterAll
    static void stop() throws Exception {
        publisher.close();
        kafka.close();
    }

    @Test
    void aRecordTooLargeForKafkaIsDeadLetteredAndTheForwardCompletes() throws Exception {
        String big = "{\"event\":\"push\",\"delivery\":\"big-1\",\"payload\":{\"ref\":\"refs/heads/main\",\"blob\":\""
                + "x".repeat(1_500_000) + "\"}}";
        Forwarder forwarder = new Forwarder(publisher, metrics);
        Forwarder.Outcome outcome = forwarder
                .forward(Sources.GITHUB, big.getBytes(StandardCharsets.UTF_8), "github:big-1", null, null)
                .get(30, TimeUnit.SECONDS);
        assertThat(outcome).isEqualTo(new Forwarder.Outcome(0, 1));
        var dead = kafka.read(KafkaTopics.DEAD_LETTERS, originContains("big-1"), 1, Duration.ofSeconds(15));
        assertThat(dead).hasSize(1);
        assertThat(LocalKafka.header(dead.get(0), RawHeaders.REASON))
                .startsWith("too-large: ")
                .contains("1500");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("\"truncated\":true");

        // a record of ordinary size right after it goes through as always
        Forwarder.Outcome small = forwarder
                .forward(
                        Sources.GITHUB,
                        "{\"event\":\"push\",\"delivery\":\"small-1\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8),
                        "github:small-1",
                        null,
                        null)
                .get(30, TimeUnit.SECONDS);
        assertThat(small).isEqualTo(new Forwarder.Outcome(1, 0));
    }
}
