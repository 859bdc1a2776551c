package io.driftguard.core.event;

import java.time.Instant;

/**
 * An incident state change (PagerDuty V3 {@code incident.*} webhook).
 *
 * @param status triggered, acknowledged or resolved
 * @param urgency high or low
 * @param serviceId PagerDuty service id; {@code serviceName} its summary
 */
public record Incident(
        String id,
        String source,
        Instant time,
        String eventId,
        String status,
        String urgency,
        String priority,
        String title,
        String serviceId,
        String serviceName,
        String url)
        implements ContextEvent {}
