package io.driftguard.ingest.connect.webhook;

import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.LocalKafka;
import java.time.Duration;

/**
 * A webhook receiver in a JVM of its own, as {@code driftguard ingest webhooks} runs it (the JDK's HTTP
 * server reads its time limits once per process), on a local broker, with two request threads and a
 * queue of two so that a few hostile clients are enough to fill it. Prints {@code port <n>}; stops
 * when its standard input closes. For {@link HostileClientsIT}.
 */
public final class ReceiverMain {

    private ReceiverMain() {}

    public static void main(String[] args) throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            KafkaTopics.ensure(kafka.bootstrapServers(), 1, (short) 1);
            IngestMetrics metrics = new IngestMetrics();
            WebhookSettings d = WebhookSettings.fromEnv("127.0.0.1", 0, WebhookReceiverIT.ENV);
            WebhookSettings small =
                    d.withLimits(64 * 1024, Duration.ofSeconds(10)).withPool(2, 2, d.maxPending());
            try (RawPublisher publisher = RawPublisher.create(KafkaSettings.of(kafka.bootstrapServers()), metrics);
                    WebhookReceiver receiver =
                            WebhookReceiver.start(small, new Forwarder(publisher, metrics), metrics)) {
                System.out.println("port " + receiver.port());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the test closes our input
                }
            }
        }
    }
}
