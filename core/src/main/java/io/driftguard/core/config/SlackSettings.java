package io.driftguard.core.config;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The {@code slack:} section of {@code config.yaml}: which findings are announced in Slack and
 * where (docs/configuration.md). The bot token, the default channel and the API address come from
 * the environment, never from this file.
 *
 * @param minSeverity findings below this severity are not announced
 * @param digestMaxMessages how many episode messages one channel gets per {@code digestWindow};
 *     more new episodes than that in the window are announced together in one digest message
 * @param digestWindow the window of the rate above
 * @param findingLinkBase the dashboard's address; messages link to {@code <base>/findings/<id>}
 * @param routes the first route that matches a finding names its channel; none: the default channel
 */
public record SlackSettings(
        Severity minSeverity,
        int digestMaxMessages,
        Duration digestWindow,
        String findingLinkBase,
        List<SlackRoute> routes)
        implements Serializable {

    public static final Severity DEFAULT_MIN_SEVERITY = Severity.LOW;
    public static final int DEFAULT_DIGEST_MAX_MESSAGES = 10;
    public static final Duration DEFAULT_DIGEST_WINDOW = Duration.ofMinutes(1);
    public static final String DEFAULT_LINK_BASE = "http://localhost:8080";

    public SlackSettings {
        minSeverity = minSeverity == null ? DEFAULT_MIN_SEVERITY : minSeverity;
        digestWindow = digestWindow == null ? DEFAULT_DIGEST_WINDOW : digestWindow;
        findingLinkBase = findingLinkBase == null ? DEFAULT_LINK_BASE : findingLinkBase.replaceAll("/+$", "");
        routes = routes == null ? List.of() : List.copyOf(routes);
        if (digestMaxMessages < 1) {
            throw new IllegalArgumentException("digest max_messages must be at least 1, got " + digestMaxMessages);
        }
    }

    /** No {@code slack:} section: every judged finding, to the default channel, digest above 10 a minute. */
    public static SlackSettings defaults() {
        return new SlackSettings(null, DEFAULT_DIGEST_MAX_MESSAGES, null, null, List.of());
    }

    /** The channel of the first route that matches, or {@code defaultChannel}. */
    public String channelFor(
            String service, Cloud cloud, Severity severity, Recommendation recommendation, String defaultChannel) {
        for (SlackRoute route : routes) {
            if (route.matches(service, cloud, severity, recommendation)) {
                return route.channel();
            }
        }
        return defaultChannel;
    }

    /** Whether a finding of this severity is announced at all. */
    public boolean announces(Severity severity) {
        return severity != null && severity.compareTo(minSeverity) >= 0;
    }
}
