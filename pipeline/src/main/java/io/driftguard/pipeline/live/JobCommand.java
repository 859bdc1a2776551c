package io.driftguard.pipeline.live;

import io.driftguard.core.config.ConfigException;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.connect.kafka.KafkaClientSecurity;
import io.driftguard.pipeline.JobSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftguard job}: the live detection job. On a Flink cluster, submit the job jar with this
 * class as entry point ({@code flink run -c io.driftguard.pipeline.live.JobCommand ...}); from a
 * checkout it runs in a local MiniCluster.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Run the live detection job: Kafka raw topics in, PostgreSQL and Kafka findings out.")
public final class JobCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:DRIFTGUARD_KAFKA_BOOTSTRAP:-localhost:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--db-url",
            defaultValue = "${env:DRIFTGUARD_DB_URL:-jdbc:postgresql://localhost:5432/driftguard}",
            description = "PostgreSQL JDBC URL (default: ${DEFAULT-VALUE}).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:DRIFTGUARD_DB_USER:-driftguard}")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:DRIFTGUARD_DB_PASSWORD:-driftguard}")
    String dbPassword;

    @Option(
            names = "--config",
            defaultValue = "${env:DRIFTGUARD_CONFIG}",
            paramLabel = "FILE",
            description = "config.yaml (deploy identities, ignore rules, services, policy).")
    Path config;

    @Option(
            names = "--driftignore",
            defaultValue = "${env:DRIFTGUARD_DRIFTIGNORE}",
            paramLabel = "FILE",
            description = "A .driftignore file (driftctl syntax) kept next to the IaC.")
    Path driftignore;

    @Option(names = "--group-id", defaultValue = "driftguard-job")
    String groupId;

    @Option(
            names = "--cause-model",
            defaultValue = "${env:DRIFTGUARD_CAUSE_MODEL}",
            paramLabel = "FILE",
            description = "An ONNX cause model from `driftguard train`; default: the model this build ships.")
    Path causeModel;

    @Option(
            names = "--parallelism",
            defaultValue = "${env:DRIFTGUARD_PARALLELISM}",
            description = "Job parallelism; default: the cluster's (parallelism.default), 2 in a local MiniCluster.")
    Integer parallelism;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "${env:DRIFTGUARD_CHECKPOINT_INTERVAL}",
            description = "ISO-8601 duration; default: the cluster's setting, PT10S in a local MiniCluster.")
    Duration checkpointInterval;

    @Option(
            names = "--kafka-transaction-timeout",
            defaultValue = "${env:DRIFTGUARD_KAFKA_TRANSACTION_TIMEOUT:-PT10M}",
            description = "ISO-8601 duration: how long a transaction on the findings topic may stay open; longer"
                    + " than the checkpoint interval plus a restart, at most the brokers' transaction.max.timeout.ms"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration kafkaTransactionTimeout;

    @Option(
            names = "--redelivery-horizon",
            defaultValue = "${env:DRIFTGUARD_REDELIVERY_HORIZON:-PT24H}",
            description = "ISO-8601 duration: how long the event ids applied to a resource are remembered, so that"
                    + " a connector's redelivery of an event counts once even after its drift episode closed"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration redeliveryHorizon;

    @Override
    public Integer call() throws Exception {
        DriftGuardConfig settings;
        try {
            settings = DriftGuardConfig.load(config);
            if (driftignore != null) {
                settings = settings.withIgnoreRules(io.driftguard.core.config.DriftIgnore.load(driftignore));
            }
        } catch (ConfigException e) {
            System.err.println("job: " + e.getMessage());
            return 2;
        }
        StreamExecutionEnvironment env = environment(parallelism, checkpointInterval);
        LiveJob.build(
                env,
                new LiveJob.Connections(
                        bootstrap,
                        groupId,
                        new Database(dbUrl, dbUser, dbPassword),
                        KafkaClientSecurity.fromEnvironment(),
                        kafkaTransactionTimeout),
                JobSettings.live(settings, env.getParallelism())
                        .withCauseModel(causeModel)
                        .withRedeliveryHorizon(redeliveryHorizon));
        // The URL without its parameters, which may carry credentials.
        LOG.info(
                "driftguard-live: reading Kafka at {} (group {}), writing PostgreSQL at {}, parallelism {}",
                bootstrap,
                groupId,
                dbUrl.replaceFirst("\\?.*", ""),
                env.getParallelism());
        env.execute("driftguard-live");
        return 0;
    }

    /** Network buffer timeout of the live job, in milliseconds. */
    static final long BUFFER_TIMEOUT_MS = 5;

    /**
     * The cluster's environment when submitted there, a local MiniCluster otherwise. Parallelism and
     * the checkpoint interval are set only when given, so a cluster's config.yaml (and an operator's
     * autoscaler) stay in charge; a local MiniCluster gets 2 and 10 s.
     */
    public static StreamExecutionEnvironment environment(Integer parallelism, Duration checkpointInterval) {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment probe = StreamExecutionEnvironment.getExecutionEnvironment();
        boolean local = probe instanceof org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
        Duration interval = checkpointInterval != null ? checkpointInterval : local ? Duration.ofSeconds(10) : null;
        if (interval != null) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // A record waits at most this long in a half-full network buffer before it is sent on: the
        // job's hops add up to the promise of findings in about a second (Flink's default is 100 ms).
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        if (parallelism != null) {
            env.setParallelism(parallelism);
        } else if (local) {
            env.setParallelism(2);
        }
        return env;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobCommand()).execute(args));
    }
}
