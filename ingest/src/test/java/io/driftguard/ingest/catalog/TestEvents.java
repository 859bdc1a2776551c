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

    /** A successful GCP call: request is protoPayload.request (or the serviceData holder the parser builds). */
    public static AuditEvent gcp(String service, String method, String resourceName, String request) {
        return other(
                Cloud.GCP,
                "gcp-audit",
                "shop-prod",
                service,
                method,
                null,
                resourceName,
                request,
                null,
                Outcome.SUCCESS);
    }

    /** An Azure write: request is the parsed requestbody; resource id lower-cased as the parser does. */
    public static AuditEvent azure(String operationName, String resourceId, String request, Outcome outcome) {
        String provider = operationName.substring(0, operationName.indexOf('/'));
        return other(
                Cloud.AZURE,
                "azure-activity",
                "11111111-2222-3333-4444-555555555555",
                provider,
                operationName,
                null,
                resourceId.toLowerCase(java.util.Locale.ROOT),
                request,
                null,
                outcome);
    }

    /** A Kubernetes call as KubernetesAuditParser makes it: service is the API group, resourceType the Kind. */
    public static AuditEvent k8s(
            String apiGroup, String operation, String kind, String resourceId, String request, String response) {
        return other(
                Cloud.KUBERNETES,
                "k8s-audit",
                resourceId.substring(0, resourceId.indexOf('/')),
                apiGroup,
                operation,
                kind,
                resourceId,
                request,
                response,
                Outcome.SUCCESS);
    }

    static AuditEvent other(
            Cloud cloud,
            String source,
            String account,
            String service,
            String operation,
            String resourceType,
            String resourceId,
            String request,
            String response,
            Outcome outcome) {
        return new AuditEvent(
                "evt-" + operation,
                source,
                cloud,
                account,
                null,
                service,
                operation,
                resourceType,
                resourceId,
                false,
                outcome,
                outcome == Outcome.FAILURE ? "403" : null,
                new Actor("jane@example.com", ActorType.HUMAN, "jane", List.of()),
                "kubectl/v1.30.0",
                "203.0.113.7",
                Instant.parse("2024-08-01T12:00:00Z"),
                request,
                response,
                outcome == Outcome.SUCCESS ? null : "corr-1",
                false);
    }

    public static AuditEvent event(
            Cloud cloud,
            String service,
            String operation,
            String resourceId,
            String request,
            Outcome outcome,
            boolean readOnly) {
        return new AuditEvent(
                "evt-" + operation,
                "aws-cloudtrail",
                cloud,
                "123456789012",
                "eu-west-1",
                service,
                operation,
                null,
                resourceId,
                readOnly,
                outcome,
                outcome == Outcome.FAILURE ? "AccessDenied" : null,
                new Actor("arn:aws:iam::123456789012:user/jane", ActorType.HUMAN, "jane", List.of()),
                "console.amazonaws.com",
                "203.0.113.7",
                Instant.parse("2024-08-01T12:00:00Z"),
                request,
                null,
                null,
                true);
    }
}
