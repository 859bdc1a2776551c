package io.driftguard.notify;

import java.util.Map;
import java.util.Optional;

/**
 * Where Slack is and who DriftGuard is there, from the environment: {@code
 * DRIFTGUARD_SLACK_BOT_TOKEN} (a bot token with {@code chat:write}), {@code
 * DRIFTGUARD_SLACK_CHANNEL} (the channel when no route matches) and {@code
 * DRIFTGUARD_SLACK_API_URL} (default Slack's own, {@value #DEFAULT_API_URL}).
 */
public record SlackEnvironment(String botToken, String defaultChannel, String apiUrl) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";

    public SlackEnvironment {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    }

    /** The settings, when the token and the channel are both set; empty when Slack is not configured. */
    public static Optional<SlackEnvironment> from(Map<String, String> env) {
        String token = env.get("DRIFTGUARD_SLACK_BOT_TOKEN");
        String channel = env.get("DRIFTGUARD_SLACK_CHANNEL");
        if (token == null || token.isBlank() || channel == null || channel.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SlackEnvironment(token.strip(), channel.strip(), env.get("DRIFTGUARD_SLACK_API_URL")));
    }

    @Override
    public String toString() {
        return "SlackEnvironment[channel=" + defaultChannel + ", api=" + apiUrl + "]";
    }
}
