package io.driftguard.notify;

import com.sun.net.httpserver.HttpServer;
import io.driftguard.core.config.ConfigException;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftguard notify}: announces drift in Slack until stopped (docs/configuration.md#slack).
 * Exit 2 when Slack or the configuration is not usable.
 */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = "Announce drift episodes in Slack (DRIFTGUARD_SLACK_BOT_TOKEN, DRIFTGUARD_SLACK_CHANNEL,"
                + " DRIFTGUARD_SLACK_API_URL) from the findings in PostgreSQL; runs until stopped.")
public final class NotifyCommand implements Callable<Integer> {

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
            description = "config.yaml with the slack section.")
    Path config;

    @Option(
            names = "--poll-millis",
            defaultValue = "1000",
            description = "Milliseconds between reads of new findings (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(
            names = "--metrics-port",
            defaultValue = "${env:DRIFTGUARD_NOTIFY_METRICS_PORT:-9464}",
            description = "Port of GET /metrics (Prometheus) and /healthz; -1 serves none (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(
            names = "--metrics-host",
            defaultValue = "${env:DRIFTGUARD_NOTIFY_METRICS_HOST:-0.0.0.0}",
            description = "Address /metrics listens on (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Override
    public Integer call() throws Exception {
        Optional<SlackEnvironment> env = SlackEnvironment.from(System.getenv());
        if (env.isEmpty()) {
            System.err.println("notify: set DRIFTGUARD_SLACK_BOT_TOKEN and DRIFTGUARD_SLACK_CHANNEL");
            return 2;
        }
        DriftGuardConfig settings;
        try {
            settings = DriftGuardConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("notify: " + e.getMessage());
            return 2;
        }
        Database database = new Database(dbUrl, dbUser, dbPassword);
        database.migrate();
        NotifyMetrics metrics = new NotifyMetrics();
        HttpServer metricsServer = metricsPort < 0 ? null : metrics.serve(metricsHost, metricsPort);
        try (SlackPoster poster = new SlackPoster(env.get(), SlackPoster.Retries.defaults(), metrics)) {
            SlackNotifier notifier = new SlackNotifier(
                    database, settings.slack(), env.get().defaultChannel(), poster, Clock.systemUTC());
            System.err.println("notify: announcing drift in Slack (" + env.get() + ")");
            Thread current = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(current::interrupt, "notify-stop"));
            notifier.run(Duration.ofMillis(pollMillis));
        } finally {
            if (metricsServer != null) {
                metricsServer.stop(0);
            }
        }
        return 0;
    }
}
