package io.driftguard.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of an Alertmanager webhook delivery.
 *
 * @param id the alert fingerprint, or a hash of its labels when the sender leaves it out
 * @param status firing or resolved
 * @param startsAt when it started firing; {@code endsAt} null while it still fires
 */
public record Alert(
        String id,
        String source,
        Instant time,
        String status,
        String name,
        String severity,
        Map<String, String> labels,
        Instant startsAt,
        Instant endsAt,
        String summary,
        String url)
        implements ContextEvent {

    public Alert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
