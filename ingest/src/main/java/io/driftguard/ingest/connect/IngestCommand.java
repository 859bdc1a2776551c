package io.driftguard.ingest.connect;

import com.azure.messaging.eventhubs.EventProcessorClientBuilder;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import io.driftguard.ingest.connect.aws.SqsCloudTrailConnector;
import io.driftguard.ingest.connect.azure.EventHubsActivityConnector;
import io.driftguard.ingest.connect.azure.FileCheckpointStore;
import io.driftguard.ingest.connect.gcp.PubSubAuditConnector;
import io.driftguard.ingest.connect.kafka.KafkaClientSecurity;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.ingest.connect.metrics.MetricsServer;
import io.driftguard.ingest.connect.webhook.WebhookReceiver;
import io.driftguard.ingest.connect.webhook.WebhookSettings;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code driftguard ingest <connector>}: runs one live connector as its own small service until
 * SIGTERM / Ctrl-C, then stops taking new input, lets records in flight reach Kafka and exits.
 * Every option has an environment-variable default, so containers are configured by environment.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Run a live connector that moves provider records into the Kafka raw topics.",
        subcommands = {
            IngestCommand.AwsSqs.class,
            IngestCommand.GcpPubSub.class,
            IngestCommand.AzureEventHubs.class,
            IngestCommand.Webhooks.class
        })
public final class IngestCommand {

    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    /** Options every connector has. */
    static final class Common {
        @Option(
                names = "--kafka-bootstrap",
                defaultValue = "${DRIFTGUARD_KAFKA_BOOTSTRAP:-localhost:9092}",
                description = "Kafka bootstrap servers (env DRIFTGUARD_KAFKA_BOOTSTRAP; default ${DEFAULT-VALUE})")
        String kafkaBootstrap;

        @Option(
                names = "--metrics-port",
                defaultValue = "${DRIFTGUARD_METRICS_PORT:-9464}",
                description =
                        "port of GET /metrics for the pull connectors (env DRIFTGUARD_METRICS_PORT; default ${DEFAULT-VALUE})")
        int metricsPort;

        @Option(
                names = "--create-topics",
                defaultValue = "${DRIFTGUARD_CREATE_TOPICS:-false}",
                description = "create missing raw and dead-letter topics at start (env DRIFTGUARD_CREATE_TOPICS)")
        boolean createTopics;

        @Option(
                names = "--topic-replication",
                defaultValue = "${DRIFTGUARD_TOPIC_REPLICATION:-3}",
                description = "replication factor of created topics (default ${DEFAULT-VALUE})")
        short replication;

        /**
         * Made when a connector starts, not with the command line: picocli builds every subcommand's options
         * for any {@code driftguard} command, and a Prometheus registry per connector cost every command (a
         * replay too) a few tenths of a second of class loading.
         */
        private IngestMetrics metrics;

        IngestMetrics metrics() {
            if (metrics == null) {
                metrics = new IngestMetrics();
            }
            return metrics;
        }

        RawPublisher publisher() throws Exception {
            return publisher(KafkaSettings.of(kafkaBootstrap).maxBlock());
        }

        /**
         * @param maxBlock how long a send may wait for the topic's metadata or buffer space (Kafka
         *     down): it waits on the caller's thread, before any time-out of the caller's own
         */
        RawPublisher publisher(Duration maxBlock) throws Exception {
            if (createTopics) {
                LOG.info("created topics {}", KafkaTopics.ensure(kafkaBootstrap, 1, replication));
            }
            KafkaSettings base = KafkaSettings.of(kafkaBootstrap);
            return RawPublisher.create(
                    new KafkaSettings(
                            base.bootstrapServers(),
                            base.clientId(),
                            base.deliveryTimeout(),
                            maxBlock,
                            base.linger(),
                            KafkaClientSecurity.fromEnvironment()),
                    metrics());
        }

        Forwarder forwarder(RawPublisher publisher) {
            return new Forwarder(publisher, metrics());
        }
    }

    /** Blocks the calling thread until the JVM is asked to stop, then runs {@code onStop}. */
    static void runUntilStopped(AutoCloseable... onStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopped.countDown();
                            try {
                                done.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "driftguard-shutdown"));
        stopped.await();
        for (AutoCloseable c : onStop) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
        done.countDown();
    }

    @Command(
            name = "aws-sqs",
            mixinStandardHelpOptions = true,
            description = "CloudTrail log files (S3 notifications, direct or via SNS) and EventBridge events from SQS.")
    static final class AwsSqs implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Option(
                names = "--queue-url",
                required = true,
                defaultValue = "${DRIFTGUARD_SQS_QUEUE_URL}",
                description = "SQS queue URL (env DRIFTGUARD_SQS_QUEUE_URL)")
        String queueUrl;

        @Option(names = "--region", defaultValue = "${AWS_REGION}", description = "AWS region (env AWS_REGION)")
        String region;

        @Option(names = "--endpoint", description = "endpoint override for SQS and S3 (LocalStack, tests)")
        URI endpoint;

        @Override
        public Integer call() throws Exception {
            UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                    .socketTimeout(Duration.ofSeconds(40))
                    .connectionTimeout(Duration.ofSeconds(5));
            var sqsB = SqsClient.builder().httpClientBuilder(http);
            var s3B = S3Client.builder().httpClientBuilder(http);
            if (region != null && !region.isBlank()) {
                sqsB.region(Region.of(region));
                s3B.region(Region.of(region));
            }
            if (endpoint != null) {
                sqsB.endpointOverride(endpoint);
                s3B.endpointOverride(endpoint).forcePathStyle(true);
            }
            RawPublisher publisher = common.publisher();
            try (SqsClient sqs = sqsB.build();
                    S3Client s3 = s3B.build();
                    MetricsServer ms = MetricsServer.start("0.0.0.0", common.metricsPort, common.metrics())) {
                SqsCloudTrailConnector connector = new SqsCloudTrailConnector(
                        sqs,
                        s3,
                        common.forwarder(publisher),
                        common.metrics(),
                        SqsCloudTrailConnector.Settings.defaults(queueUrl));
                Thread loop = new Thread(connector, "driftguard-sqs");
                loop.start();
                LOG.info(
                        "aws-sqs: polling {} into Kafka at {}; metrics on port {}",
                        queueUrl,
                        common.kafkaBootstrap,
                        ms.port());
                runUntilStopped(connector, () -> loop.join(30_000), publisher);
            }
            return 0;
        }
    }

    @Command(
            name = "gcp-pubsub",
            mixinStandardHelpOptions = true,
            description = "Cloud Audit Logs from a log sink's Pub/Sub subscription (streaming pull).")
    static final class GcpPubSub implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Option(
                names = "--subscription",
                required = true,
                defaultValue = "${DRIFTGUARD_PUBSUB_SUBSCRIPTION}",
                description = "projects/P/subscriptions/S (env DRIFTGUARD_PUBSUB_SUBSCRIPTION)")
        String subscription;

        @Option(
                names = "--emulator-host",
                defaultValue = "${PUBSUB_EMULATOR_HOST}",
                description =
                        "host:port of the Pub/Sub emulator, plaintext and no credentials (env PUBSUB_EMULATOR_HOST)")
        String emulatorHost;

        @Override
        public Integer call() throws Exception {
            UnaryOperator<com.google.cloud.pubsub.v1.Subscriber.Builder> customizer = UnaryOperator.identity();
            if (emulatorHost != null && !emulatorHost.isBlank()) {
                var channel = ManagedChannelBuilder.forTarget(emulatorHost)
                        .usePlaintext()
                        .build();
                customizer = b -> b.setChannelProvider(
                                FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                        .setCredentialsProvider(NoCredentialsProvider.create());
            }
            RawPublisher publisher = common.publisher();
            try (MetricsServer ms = MetricsServer.start("0.0.0.0", common.metricsPort, common.metrics())) {
                PubSubAuditConnector connector = new PubSubAuditConnector(
                        common.forwarder(publisher), PubSubAuditConnector.Settings.defaults(subscription), customizer);
                connector.start();
                LOG.info(
                        "gcp-pubsub: pulling {} into Kafka at {}; metrics on port {}",
                        subscription,
                        common.kafkaBootstrap,
                        ms.port());
                runUntilStopped(connector, publisher);
            }
            return 0;
        }
    }

    @Command(
            name = "azure-eventhubs",
            mixinStandardHelpOptions = true,
            description = "Azure Activity Log exported by a diagnostic setting to Event Hubs.")
    static final class AzureEventHubs implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Option(
                names = "--connection-string",
                required = true,
                defaultValue = "${DRIFTGUARD_EVENTHUBS_CONNECTION_STRING}",
                description =
                        "Event Hubs connection string with Listen rights (env DRIFTGUARD_EVENTHUBS_CONNECTION_STRING)")
        String connectionString;

        @Option(
                names = "--event-hub",
                defaultValue = "${DRIFTGUARD_EVENTHUB_NAME:-insights-activity-logs}",
                description = "event hub name (default ${DEFAULT-VALUE}, the diagnostic setting's default)")
        String eventHub;

        @Option(
                names = "--consumer-group",
                defaultValue = "${DRIFTGUARD_EVENTHUB_CONSUMER_GROUP:-$Default}",
                description = "consumer group (default ${DEFAULT-VALUE}; give DriftGuard its own)")
        String consumerGroup;

        @Option(
                names = "--checkpoint-dir",
                defaultValue = "${DRIFTGUARD_EVENTHUB_CHECKPOINT_DIR:-./eventhub-checkpoints}",
                description = "directory of the checkpoint store; keep it on a persistent volume")
        Path checkpointDir;

        @Override
        public Integer call() throws Exception {
            RawPublisher publisher = common.publisher();
            try (MetricsServer ms = MetricsServer.start("0.0.0.0", common.metricsPort, common.metrics())) {
                EventHubsActivityConnector connector = new EventHubsActivityConnector(
                        common.forwarder(publisher), EventHubsActivityConnector.Settings.defaults());
                connector.start(
                        new EventProcessorClientBuilder()
                                .connectionString(connectionString, eventHub)
                                .consumerGroup(consumerGroup),
                        new FileCheckpointStore(checkpointDir));
                LOG.info(
                        "azure-eventhubs: reading {} (consumer group {}) into Kafka at {}; metrics on port {}",
                        eventHub,
                        consumerGroup,
                        common.kafkaBootstrap,
                        ms.port());
                runUntilStopped(connector, publisher);
            }
            return 0;
        }
    }

    @Command(
            name = "webhooks",
            mixinStandardHelpOptions = true,
            description = "Signed webhooks: GitHub, GitLab, PagerDuty, Jira, Alertmanager, Kubernetes audit.")
    static final class Webhooks implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Option(names = "--host", defaultValue = "${DRIFTGUARD_WEBHOOK_HOST:-0.0.0.0}", description = "bind address")
        String host;

        @Option(
                names = "--port",
                defaultValue = "${DRIFTGUARD_WEBHOOK_PORT:-8088}",
                description = "port (default ${DEFAULT-VALUE})")
        int port;

        @Option(
                names = "--max-body-bytes",
                defaultValue = "${DRIFTGUARD_WEBHOOK_MAX_BODY_BYTES:-5242880}",
                description = "larger bodies get 413 (default ${DEFAULT-VALUE})")
        int maxBody;

        @Override
        public Integer call() throws Exception {
            WebhookSettings settings =
                    WebhookSettings.fromEnv(host, port, System.getenv()).withLimits(maxBody, Duration.ofSeconds(10));
            if (settings.secrets().isEmpty()) {
                System.err.println(
                        "no webhook secret configured; set one or more of " + WebhookSettings.SECRET_ENV.values());
                return 2;
            }
            // a send waiting for metadata (Kafka down) holds a request thread: no longer than the answer's time-out
            RawPublisher publisher = common.publisher(settings.ackTimeout());
            WebhookReceiver receiver = WebhookReceiver.start(settings, common.forwarder(publisher), common.metrics());
            runUntilStopped(receiver, publisher);
            return 0;
        }
    }
}
