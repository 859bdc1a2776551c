package io.driftguard.core.event;

import java.time.Instant;

/**
 * One control-plane call from a provider's audit stream, normalised.
 *
 * <p>Values stay as the provider names them; only the shape is common. {@code request} and
 * {@code response} are compact JSON text (the CloudTrail {@code requestParameters}, GCP
 * {@code protoPayload.request}, the parsed Azure {@code requestbody}, the Kubernetes
 * {@code requestObject}); parsers fill them for mutating calls only, so the stream of reads stays
 * small.
 *
 * @param eventId provider event id: CloudTrail {@code eventID}, GCP {@code insertId}, Azure
 *     {@code eventDataId} or {@code <correlationId>/<operationName>/<resultType>}, Kubernetes
 *     {@code auditID}
 * @param source the input it came from ({@code aws-cloudtrail}, {@code aws-eventbridge},
 *     {@code gcp-audit}, {@code azure-activity}, {@code k8s-audit})
 * @param account AWS account, GCP project, Azure subscription or Kubernetes cluster
 * @param service the API namespace ({@code ec2.amazonaws.com}, {@code compute.googleapis.com},
 *     {@code Microsoft.Network}, the Kubernetes API group or {@code core})
 * @param operation the call ({@code AuthorizeSecurityGroupIngress},
 *     {@code v1.compute.firewalls.patch}, {@code Microsoft.Network/.../write}, {@code patch})
 * @param resourceType the provider's resource type where the record names one
 * @param resourceId the provider's resource identifier in docs/design/replay-contract.md's {@code resource_id} form, or
 *     null when the call names none
 * @param correlationId ties the records of one operation (Azure {@code correlationId}, GCP
 *     {@code operation.id}); null otherwise
 * @param viaConsole whether the call came from a web console session
 */
public record AuditEvent(
        String eventId,
        String source,
        Cloud cloud,
        String account,
        String region,
        String service,
        String operation,
        String resourceType,
        String resourceId,
        boolean readOnly,
        Outcome outcome,
        String errorCode,
        Actor actor,
        String userAgent,
        String sourceIp,
        Instant eventTime,
        String request,
        String response,
        String correlationId,
        boolean viaConsole) {

    /** True for a successful call that can change a resource: the only kind that can drift. */
    public boolean isSuccessfulWrite() {
        return !readOnly && outcome == Outcome.SUCCESS;
    }
}
