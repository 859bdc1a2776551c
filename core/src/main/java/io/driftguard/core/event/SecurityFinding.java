package io.driftguard.core.event;

import java.time.Instant;
import java.util.List;

/**
 * A security finding (GuardDuty via EventBridge, or a ticket labelled security).
 *
 * @param severity the provider's severity (GuardDuty 0.1..8.9) as text
 * @param resourceIds the resources it names, in docs/design/replay-contract.md's {@code resource_id} form
 */
public record SecurityFinding(
        String id,
        String source,
        Instant time,
        Cloud cloud,
        String account,
        String region,
        String findingType,
        String severity,
        String title,
        List<String> resourceIds)
        implements ContextEvent {

    public SecurityFinding {
        resourceIds = resourceIds == null ? List.of() : List.copyOf(resourceIds);
    }
}
