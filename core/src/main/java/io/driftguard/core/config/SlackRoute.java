package io.driftguard.core.config;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Severity;
import java.io.Serializable;

/**
 * One entry of {@code slack.routes}: findings that match every key given go to {@code channel}.
 *
 * @param service the owning service (glob), or null for any
 * @param cloud the cloud, or null for any
 * @param minSeverity the route takes findings of at least this severity, or null for any
 * @param origin where the route was written ({@code config.yaml:42})
 */
public record SlackRoute(Glob service, Cloud cloud, Severity minSeverity, String channel, String origin)
        implements Serializable {

    public boolean matches(String findingService, Cloud findingCloud, Severity severity) {
        if (service != null && (findingService == null || !service.matches(findingService))) {
            return false;
        }
        if (cloud != null && cloud != findingCloud) {
            return false;
        }
        return minSeverity == null || (severity != null && severity.compareTo(minSeverity) >= 0);
    }
}
