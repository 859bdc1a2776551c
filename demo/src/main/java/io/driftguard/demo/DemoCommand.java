package io.driftguard.demo;

import io.driftguard.cli.OptionalCommand;
import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.ingest.connect.webhook.WebhookReceiver;
import io.driftguard.ingest.connect.webhook.WebhookSettings;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ScenarioStream;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.live.IacSync;
import io.driftguard.pipeline.live.JobCommand;
import io.driftguard.pipeline.live.LiveJob;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftguard demo}: the whole product on one machine. An in-process Kafka broker and
 * PostgreSQL, the live job in a Flink MiniCluster, the webhook receivers, the dashboard as a child
 * process, and a generator publishing realistic multi-cloud traffic through the ingest path. Stops
 * cleanly on Ctrl-C.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run everything locally with synthetic traffic happening now; dashboard on http://localhost:8080.")
public final class DemoCommand implements OptionalCommand {

    @Option(names = "--port", defaultValue = "8080", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--webhook-port",
            defaultValue = "8090",
            description = "Webhook receiver port (default: ${DEFAULT-VALUE}).")
    int webhookPort;

    @Option(
            names = "--rate",
            defaultValue = "50",
            description = "Native records published per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--max-gap",
            defaultValue = "PT3S",
            description = "Longest quiet stretch between scenario records; longer ones are compressed to it"
                    + " (ISO-8601, default: ${DEFAULT-VALUE}). Traffic is always stamped with the time it is sent.")
    Duration maxGap;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "Address the dashboard listens on (default: ${DEFAULT-VALUE}, this machine only:"
                    + " the demo's passwords are well known).")
    String bind;

    @Option(names = "--seed", defaultValue = "7", description = "Scenario generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--data-dir",
            defaultValue = ".driftguard/demo",
            description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--dashboard-jar",
            defaultValue = "${sys:driftguard.dashboard.jar:-dashboard/target/driftguard-dashboard.jar}",
            description = "The dashboard's jar (default: ${DEFAULT-VALUE}).")
    Path dashboardJar;

    @Option(names = "--exit-after", description = "Stop by itself after this ISO-8601 duration (for smoke tests).")
    Duration exitAfter;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    closeAll(running);
                },
                "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Files.createDirectories(dataDir);
            // A run killed with kill -9 leaves its dashboard and PostgreSQL running and its folders
            // half written; they are stopped and cleared here (and in LocalPostgres/LocalKafka.start).
            DashboardProcess.stopLeftOver(dataDir);
            LocalPostgres.recover(dataDir.resolve("postgres"));
            say("starting Kafka (in-process, KRaft)…");
            LocalKafka kafka = LocalKafka.start(dataDir.resolve("kafka"));
            running.add(0, kafka);
            // One partition per topic is plenty for the demo's rate on one broker.
            KafkaTopics.ensure(kafka.bootstrapServers(), KafkaTopics.AUDIT_PARTITIONS, (short) 1);

            say("starting PostgreSQL (in-process)…");
            LocalPostgres pg = LocalPostgres.start(freePort(5433), dataDir.resolve("postgres"));
            running.add(0, pg);
            String jdbc = pg.jdbcUrl();
            Database db = new Database(jdbc, "postgres", "postgres");
            db.migrate();

            say("starting the detection job (Flink MiniCluster)…");
            GeneratorOptions traffic =
                    GeneratorOptions.defaults().withSeed(seed).withSpan(Duration.ofHours(6));
            StreamExecutionEnvironment env = JobCommand.environment(2, Duration.ofSeconds(5));
            LiveJob.build(
                    env,
                    new LiveJob.Connections(kafka.bootstrapServers(), "driftguard-demo", db),
                    JobSettings.live(worldConfig(traffic, dataDir.resolve("job-config.yaml")), 2));
            JobClient job = env.executeAsync("driftguard-demo");
            running.add(0, () -> job.cancel().get());

            IngestMetrics metrics = new IngestMetrics();
            RawPublisher publisher = RawPublisher.create(KafkaSettings.of(kafka.bootstrapServers()), metrics);
            running.add(0, publisher);
            Forwarder forwarder = new Forwarder(publisher, metrics);
            Map<String, byte[]> secrets = new LinkedHashMap<>();
            for (String source : WebhookSettings.SECRET_ENV.keySet()) {
                secrets.put(source, ("demo-" + source + "-secret").getBytes(StandardCharsets.UTF_8));
            }
            WebhookSettings hooks = WebhookSettings.fromEnv("127.0.0.1", webhookPort, Map.of());
            WebhookReceiver receiver = WebhookReceiver.start(hooks.withSecrets(secrets), forwarder, metrics);
            running.add(0, receiver);

            say("starting the dashboard…");
            DashboardProcess dashboard = DashboardProcess.start(
                    dashboardJar, bind, port, jdbc, "postgres", "postgres", dataDir.resolve("dashboard.log"));
            running.add(0, dashboard);

            SlackAlerts.startIfConfigured(System.getenv(), db, port).ifPresent(slack -> {
                say("announcing drift in Slack (DRIFTGUARD_SLACK_CHANNEL " + System.getenv("DRIFTGUARD_SLACK_CHANNEL")
                        + ")");
                running.add(0, slack);
            });

            IacSync iac = new IacSync(kafka.bootstrapServers());
            running.add(0, iac);
            Path scenario = dataDir.resolve("scenario");
            TrafficPublisher generator =
                    new TrafficPublisher(forwarder, traffic, rate, maxGap, stream -> preload(stream, scenario, iac));
            running.add(0, generator);
            generator.start();

            if (!dashboard.awaitHealthy(Duration.ofSeconds(90))) {
                say("the dashboard did not come up; see " + dataDir.resolve("dashboard.log"));
                return 1;
            }
            out.printf(
                    "%nDriftGuard demo is running.%n"
                            + "  Dashboard:   http://%s:%d   (users viewer / editor / admin, see docs/dashboard.md)%n"
                            + "  PostgreSQL:  %s   (user postgres, password postgres)%n"
                            + "  Kafka:       %s%n"
                            + "  Webhooks:    http://127.0.0.1:%d/webhooks/<source>   (demo secrets: demo-<source>-secret)%n"
                            + "The first findings appear a minute or two from now. Press Ctrl-C to stop.%n%n",
                    browserHost(bind), port, jdbc, kafka.bootstrapServers(), receiver.port());
            if (exitAfter != null) {
                stop.await(exitAfter.toMillis(), TimeUnit.MILLISECONDS);
                say("published " + generator.published() + " records; stopping");
                return 0;
            }
            stop.await();
            return 0;
        } finally {
            if (stop.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
                closeAll(running);
            }
        }
    }

    /**
     * The generated world's config.yaml (its deploy identities, security principals, ignore rules and
     * service ownership), so the demo judges its traffic as a configured installation would; written
     * to {@code <data-dir>/job-config.yaml}.
     */
    private static DriftGuardConfig worldConfig(GeneratorOptions options, Path written) throws IOException {
        byte[] yaml =
                ScenarioStream.open(options, java.time.Instant.now()).iacFiles().get("config.yaml");
        if (yaml == null) {
            return DriftGuardConfig.empty();
        }
        // What the job runs with, for whoever wonders why a change was or was not reported.
        Files.write(written, yaml);
        return ConfigLoader.parse(new String(yaml, StandardCharsets.UTF_8), written.toString());
    }

    private static void preload(ScenarioStream stream, Path folder, IacSync iac) {
        try {
            for (Map.Entry<String, byte[]> e : stream.iacFiles().entrySet()) {
                Path file = folder.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
            iac.sync(folder.resolve("iac"), new ArrayList<>());
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the demo's IaC: " + e.getMessage(), e);
        }
    }

    private static String browserHost(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("127.0.0.1")) {
            return "localhost";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static int freePort(int preferred) {
        try (ServerSocket s = new ServerSocket(preferred)) {
            return preferred;
        } catch (IOException e) {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e2) {
                throw new IllegalStateException("no free port", e2);
            }
        }
    }

    private void say(String s) {
        out.println("demo: " + s);
    }

    private static synchronized void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("demo: while stopping: " + e);
            }
        }
        running.clear();
    }
}
