package io.driftguard.ingest.gcp;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.getIgnoreCase;
import static io.driftguard.ingest.Nodes.text;
import static io.driftguard.ingest.Nodes.textIgnoreCase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Nodes;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ReadScan;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.Timestamps;
import io.driftguard.ingest.actor.GcpActors;
import io.driftguard.ingest.kubernetes.KubernetesKinds;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A Cloud Audit Logs {@code LogEntry} (protoPayload of type {@code google.cloud.audit.AuditLog}) →
 * an audit event. Also accepts what a Pub/Sub log sink delivers: a push body
 * ({@code {"message": {"data": <base64 LogEntry>}, "subscription": …}}), a pull response
 * ({@code receivedMessages[]}) or a bare {@code PubsubMessage}.
 *
 * <p>GKE's Kubernetes API calls ({@code serviceName} {@code k8s.io}) become Kubernetes events of the
 * cluster named in {@code resource.labels.cluster_name}, with the Kubernetes resource id, so they
 * meet the cluster's manifests. Top-level keys are looked up case-insensitively (Panther lowercases
 * {@code insertId}, {@code logName}).
 *
 * <p>{@code request} is {@code protoPayload.request}; for calls that carry their change elsewhere
 * (IAM's {@code serviceData.policyDelta}, Compute's {@code metadata}) those are added beside it.
 */
public final class GcpAuditParser implements RecordParser {

    private static final String AUDIT_LOG_TYPE = "type.googleapis.com/google.cloud.audit.AuditLog";

    @Override
    public String source() {
        return Sources.GCP_AUDIT;
    }

    /**
     * What {@link #parseEntry} reads of a read or a failed call: the entry's scalars, resource and
     * operation, and of the AuditLog its method, service, status, resource name, caller and user
     * agent; not the request, response, authorization info or request attributes. Pub/Sub wrappers
     * are kept whole (their entry is base64 text).
     */
    private static final ReadScan.Fields READ_FIELDS = ReadScan.Fields.of(
                    "receivedMessages",
                    "message",
                    "data",
                    "messageId",
                    "message_id",
                    "insertId",
                    "logName",
                    "timestamp",
                    "receiveTimestamp",
                    "resource",
                    "operation",
                    "severity")
            .keep(
                    "protoPayload",
                    ReadScan.Fields.of(
                                    "@type",
                                    "at_sign_type",
                                    "methodName",
                                    "serviceName",
                                    "authenticationInfo",
                                    "status",
                                    "resourceName")
                            .keep(
                                    "requestMetadata",
                                    ReadScan.Fields.of("callerSuppliedUserAgent", "callerIp", "callerIP")));

    @Override
    public ReadScan.Fields readFields() {
        return READ_FIELDS;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("GCP audit record is not a JSON object");
        }
        JsonNode received = get(record, "receivedMessages");
        if (received != null && received.isArray()) {
            List<ParsedRecord> out = new ArrayList<>(received.size());
            for (JsonNode m : received) {
                out.addAll(fromPubSubMessage(get(m, "message")));
            }
            return out.isEmpty() ? ParsedRecord.skipped("Pub/Sub pull response with no messages") : out;
        }
        JsonNode message = get(record, "message");
        if (message != null && message.isObject() && get(record, "protoPayload") == null) {
            return fromPubSubMessage(message);
        }
        if (get(record, "data") != null && (get(record, "messageId") != null || get(record, "message_id") != null)) {
            return fromPubSubMessage(record);
        }
        return parseEntry(record);
    }

    private List<ParsedRecord> fromPubSubMessage(JsonNode message) {
        String data = text(message, "data");
        if (data == null) {
            return ParsedRecord.rejected("Pub/Sub message without data");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.trim());
        } catch (IllegalArgumentException e) {
            return ParsedRecord.rejected("Pub/Sub message data is not base64: " + e.getMessage());
        }
        JsonNode entry;
        try {
            entry = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return ParsedRecord.rejected("Pub/Sub message data is not a JSON LogEntry (message "
                    + Nodes.first(text(message, "messageId"), text(message, "message_id")) + ")");
        }
        if (entry == null || !entry.isObject()) {
            return ParsedRecord.rejected("Pub/Sub message data is not a JSON LogEntry object");
        }
        return parseEntry(entry);
    }

    private List<ParsedRecord> parseEntry(JsonNode entry) {
        JsonNode proto = get(entry, "protoPayload");
        String insertId = textIgnoreCase(entry, "insertId");
        String logName = textIgnoreCase(entry, "logName");
        if (proto == null || !proto.isObject()) {
            if (insertId != null || logName != null) {
                return ParsedRecord.skipped("LogEntry without an AuditLog protoPayload");
            }
            return ParsedRecord.rejected("not a Cloud Audit Logs LogEntry: no protoPayload");
        }
        String type = Nodes.first(text(proto, "@type"), text(proto, "at_sign_type"));
        if (type != null && !type.equals(AUDIT_LOG_TYPE)) {
            return ParsedRecord.skipped("protoPayload of type " + type + " is not an AuditLog");
        }
        String method = text(proto, "methodName");
        String service = text(proto, "serviceName");
        if (method == null || service == null) {
            return ParsedRecord.rejected("AuditLog without methodName or serviceName");
        }
        if (insertId == null) {
            return ParsedRecord.rejected("LogEntry has no insertId (" + method + "), so it has no event id");
        }
        String timeText = Nodes.first(textIgnoreCase(entry, "timestamp"), textIgnoreCase(entry, "receiveTimestamp"));
        Instant time = Timestamps.parse(timeText);
        if (time == null) {
            return ParsedRecord.rejected("LogEntry " + insertId + " has no readable timestamp: " + timeText);
        }
        JsonNode resource = getIgnoreCase(entry, "resource");
        JsonNode labels = get(resource, "labels");
        String project = logName != null && logName.startsWith("projects/")
                ? GcpResourceNames.scopeOfLogName(logName)
                : Nodes.first(text(labels, "project_id"), GcpResourceNames.scopeOfLogName(logName));
        String region = Nodes.first(text(labels, "region"), text(labels, "zone"), text(labels, "location"));

        JsonNode metadata = get(proto, "requestMetadata");
        String userAgent = text(metadata, "callerSuppliedUserAgent");
        String sourceIp = Nodes.first(text(metadata, "callerIp"), text(metadata, "callerIP"));
        Actor actor = GcpActors.from(get(proto, "authenticationInfo"), userAgent);

        JsonNode operation = getIgnoreCase(entry, "operation");
        JsonNode status = get(proto, "status");
        JsonNode codeNode = get(status, "code");
        int code = codeNode == null ? 0 : codeNode.asInt();
        String severity = textIgnoreCase(entry, "severity");
        Outcome outcome;
        String errorCode = null;
        if (code != 0) {
            outcome = Outcome.FAILURE;
            errorCode = String.valueOf(code);
        } else if (isErrorSeverity(severity)) {
            outcome = Outcome.FAILURE;
            errorCode = severity;
        } else if (Boolean.TRUE.equals(Nodes.bool(operation, "first"))
                && !Boolean.TRUE.equals(Nodes.bool(operation, "last"))) {
            outcome = Outcome.IN_PROGRESS;
        } else {
            outcome = Outcome.SUCCESS;
        }

        String resourceName = text(proto, "resourceName");
        Cloud cloud = Cloud.GCP;
        String account = project;
        String resourceType = text(resource, "type");
        String resourceId;
        boolean readOnly;
        String gkeCluster = "k8s.io".equals(service) ? text(labels, "cluster_name") : null;
        if (gkeCluster != null) {
            cloud = Cloud.KUBERNETES;
            account = gkeCluster;
            GkeName gke = GkeName.parse(gkeCluster, resourceName);
            resourceId = gke == null ? null : gke.resourceId();
            resourceType = gke == null ? resourceType : gke.kind();
            String verb = method.substring(method.lastIndexOf('.') + 1);
            readOnly = verb.equals("get") || verb.equals("list") || verb.equals("watch");
        } else {
            resourceId = GcpResourceNames.normalize(resourceName, project);
            readOnly = isReadMethod(method) || (logName != null && logName.endsWith("data_access"));
        }

        String request = null;
        String response = null;
        if (!readOnly) {
            request = withChangeElsewhere(get(proto, "request"), proto);
            response = Nodes.compact(get(proto, "response"));
        }
        return List.of(new ParsedRecord.Audit(new AuditEvent(
                insertId,
                Sources.GCP_AUDIT,
                cloud,
                account,
                region,
                service,
                method,
                resourceType,
                resourceId,
                readOnly,
                outcome,
                errorCode,
                actor,
                userAgent,
                sourceIp,
                time,
                request,
                response,
                text(operation, "id"),
                userAgent != null && userAgent.startsWith("Mozilla/"))));
    }

    /** Reads by method name: {@code *.get}, {@code *.list}, {@code GetIamPolicy}, {@code ListTopics}, … */
    static boolean isReadMethod(String method) {
        String verb = method.substring(method.lastIndexOf('.') + 1);
        return startsWithIgnoreCase(verb, "get")
                || startsWithIgnoreCase(verb, "list")
                || startsWithIgnoreCase(verb, "aggregatedList")
                || startsWithIgnoreCase(verb, "search")
                || startsWithIgnoreCase(verb, "lookup")
                || startsWithIgnoreCase(verb, "testIamPermissions")
                || verb.equals("watch");
    }

    private static boolean startsWithIgnoreCase(String s, String p) {
        return Nodes.startsWithIgnoreCase(s, p);
    }

    private static boolean isErrorSeverity(String severity) {
        if (severity == null) {
            return false;
        }
        return switch (severity.toUpperCase(Locale.ROOT)) {
            case "ERROR", "CRITICAL", "ALERT", "EMERGENCY" -> true;
            default -> false;
        };
    }

    /**
     * The request as the catalog reads it. Calls that carry their change outside the request (IAM's
     * {@code serviceData.policyDelta}, Compute's {@code metadata.instanceMetadataDelta}) often log a
     * bare {@code {"@type": …}} request, so those fields are added beside the request's own (never
     * over them).
     */
    private static String withChangeElsewhere(JsonNode request, JsonNode proto) {
        JsonNode serviceData = get(proto, "serviceData");
        JsonNode metadata = get(proto, "metadata");
        if (serviceData == null && metadata == null) {
            return Nodes.compact(request);
        }
        ObjectNode holder = request != null && request.isObject()
                ? ((ObjectNode) request).deepCopy()
                : Json.MAPPER.createObjectNode();
        if (request != null && !request.isObject() && !request.isNull()) {
            return Nodes.compact(request);
        }
        if (serviceData != null && !holder.has("serviceData")) {
            holder.set("serviceData", serviceData);
        }
        if (metadata != null && !holder.has("metadata")) {
            holder.set("metadata", metadata);
        }
        return holder.toString();
    }

    /** A GKE audit resource name ({@code apps/v1/namespaces/ns/deployments/web[/scale]}). */
    record GkeName(String kind, String resourceId) {
        static GkeName parse(String cluster, String resourceName) {
            if (resourceName == null) {
                return null;
            }
            String[] seg = resourceName.split("/");
            if (seg.length < 4) {
                return null;
            }
            String namespace = null;
            String plural;
            String name;
            if (seg[2].equals("namespaces") && seg.length >= 6) {
                namespace = seg[3];
                plural = seg[4];
                name = seg[5];
            } else {
                plural = seg[2];
                name = seg[3];
            }
            String kind = KubernetesKinds.kindOf(plural);
            if (kind == null) {
                kind = KubernetesKinds.guessKind(plural);
            }
            return new GkeName(kind, KubernetesKinds.resourceId(cluster, namespace, kind, name));
        }
    }
}
