package io.driftguard.ingest.catalog;

import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import java.time.Instant;
import java.util.List;

/** Hand-built audit events, shaped as the provider parsers produce them. */
public final class TestEvents {

    private TestEvents() {}

    /** A successful CloudTrail write: request is the record's requestParameters JSON. */
    public static AuditEvent aws(String eventSource, String eventName, String resourceId, String request) {
        return event(Cloud.AWS, eventSource, eventName, resourceId, request, Outcome.SUCCESS, false);
    }

    public static AuditEvent event(Cloud cloud, String service, String operation, String resourceId, String request,
            Outcome outcome, boolean readOnly) {
        return new AuditEvent("evt-" + operation, "aws-cloudtrail", cloud, "123456789012", "eu-west-1", service, operation,
                null, resourceId, readOnly, outcome, outcome == Outcome.FAILURE ? "AccessDenied" : null,
                new Actor("arn:aws:iam::123456789012:user/jane", ActorType.HUMAN, "jane", List.of()),
                "console.amazonaws.com", "203.0.113.7", Instant.parse("2024-08-01T12:00:00Z"), request, null, null, true);
    }
}
