package io.driftguard.core.config;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import java.io.Serializable;

/**
 * One entry of {@code slack.routes}: findings that match every key given go to {@code channel}.
 *
 * @param service the owning service (glob), or null for any
 * @param cloud the cloud, or null for any
 * @param minSeverity the route takes findings of at least this severity, or null for any
 * @param recommendation the route takes findings with this recommendation ({@code
 *     escalate_for_review} to the owning team's channel), or null for any
 * @param origin where the route was written ({@code config.yaml:42})
 */
public record SlackRoute(
        Glob service, Cloud cloud, Severity minSeverity, Recommendation recommendation, String channel, String origin)
        implements Serializable {

    public boolean matches(
            String findingService, Cloud findingCloud, Severity severity, Recommendation findingRecommendation) {
        if (recommendation != null && recommendation != findingRecommendation) {
            return false;
        }
        if (service != null && (findingService == null || !service.matches(findingService))) {
            return false;
        }
        if (cloud != null && cloud != findingCloud) {
            return false;
        }
        return minSeverity == null || (severity != null && severity.compareTo(minSeverity) >= 0);
    }
}
