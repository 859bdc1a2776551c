package io.driftguard.pipeline.parse;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.state.AttributeChange;
import java.util.List;

/**
 * A mutating call as the episode operator needs it: the event (without its request and response
 * bodies, already read by the catalog) and what it did to one resource.
 *
 * @param key the resource key
 * @param resourceType the provider's kind of resource, for unmanaged findings
 * @param changes the canonical attribute changes; empty for a completion record (Azure
 *     {@code Success}, GCP {@code operation.last}) whose values came in its start record
 */
public record ChangeRecord(
        AuditEvent event, String key, String resourceId, String resourceType, List<AttributeChange> changes) {

    public ChangeRecord {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public long timestamp() {
        return event.eventTime().toEpochMilli();
    }
}
