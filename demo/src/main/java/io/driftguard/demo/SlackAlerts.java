package io.driftguard.demo;

import io.driftguard.core.config.SlackSettings;
import io.driftguard.core.store.Database;
import io.driftguard.notify.SlackEnvironment;
import io.driftguard.notify.SlackNotifier;
import io.driftguard.notify.SlackPoster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's Slack alerts: when {@code DRIFTGUARD_SLACK_BOT_TOKEN} and {@code
 * DRIFTGUARD_SLACK_CHANNEL} are set (and {@code DRIFTGUARD_SLACK_API_URL}, for a workspace proxy or
 * a local fake), the notifier runs beside the job on its own thread and links to the demo's
 * dashboard.
 */
final class SlackAlerts implements AutoCloseable {

    private final SlackPoster poster;
    private final Thread thread;

    private SlackAlerts(SlackPoster poster, Thread thread) {
        this.poster = poster;
        this.thread = thread;
    }

    /** Starts the notifier, or returns empty when the Slack variables are not set. */
    static Optional<SlackAlerts> startIfConfigured(Map<String, String> env, Database database, int dashboardPort) {
        Optional<SlackEnvironment> slack = SlackEnvironment.from(env);
        if (slack.isEmpty()) {
            return Optional.empty();
        }
        SlackPoster poster = new SlackPoster(slack.get(), SlackPoster.Retries.defaults());
        SlackSettings settings = new SlackSettings(
                null, SlackSettings.DEFAULT_DIGEST_MAX_MESSAGES, null, "http://localhost:" + dashboardPort, List.of());
        SlackNotifier notifier =
                new SlackNotifier(database, settings, slack.get().defaultChannel(), poster, Clock.systemUTC());
        Thread thread = new Thread(() -> notifier.run(Duration.ofSeconds(1)), "slack-notifier");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(new SlackAlerts(poster, thread));
    }

    @Override
    public void close() throws Exception {
        thread.interrupt();
        thread.join(Duration.ofSeconds(15).toMillis());
        poster.close();
    }
}
