package io.driftguard.ingest.kubernetes;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.path;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.ingest.Nodes;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ReadScan;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.Timestamps;
import io.driftguard.ingest.actor.KubernetesActors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Kubernetes audit {@code Event} ({@code audit.k8s.io/v1}, or v1beta1 as Falco's samples have it,
 * without {@code apiVersion}) → an audit event. Only the {@code ResponseComplete} stage is used, so
 * a request is counted once; an {@code EventList} (what the webhook backend posts) yields one result
 * per item.
 */
public final class KubernetesAuditParser implements RecordParser {

    /** The cluster used when neither the transport nor the caller names one. */
    public static final String DEFAULT_CLUSTER = "default";

    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    /**
     * Subresources whose calls do not change the object they hang off (a token request, a shell,
     * logs, a port-forward): treated as reads of the parent, never as changes to it.
     */
    private static final Set<String> NON_MUTATING_SUBRESOURCES =
            Set.of("token", "exec", "attach", "log", "portforward", "proxy");

    @Override
    public String source() {
        return Sources.K8S_AUDIT;
    }

    private static final ReadScan.Fields OBJECT_NAME =
            ReadScan.Fields.of("kind").keep("metadata", ReadScan.Fields.of("name"));

    /**
     * What {@link #parseEvent} reads of a read or a failed call: all but the annotations and the
     * request and response objects, of which only the kind and name stay.
     */
    private static final ReadScan.Fields READ_FIELDS = ReadScan.Fields.of(
                    "kind",
                    "items",
                    "verb",
                    "objectRef",
                    "requestURI",
                    "stage",
                    "auditID",
                    "stageTimestamp",
                    "requestReceivedTimestamp",
                    "timestamp",
                    "responseStatus",
                    "user",
                    "impersonatedUser",
                    "sourceIPs",
                    "userAgent")
            .keep("requestObject", OBJECT_NAME)
            .keep("responseObject", OBJECT_NAME);

    @Override
    public ReadScan.Fields readFields() {
        return READ_FIELDS;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        String c = cluster == null || cluster.isBlank() ? DEFAULT_CLUSTER : cluster;
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("Kubernetes audit event is not a JSON object");
        }
        if ("EventList".equals(text(record, "kind"))) {
            JsonNode items = get(record, "items");
            if (items == null || !items.isArray()) {
                return ParsedRecord.rejected("EventList without an items array");
            }
            List<ParsedRecord> out = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                out.addAll(parseEvent(item, c));
            }
            return out.isEmpty() ? ParsedRecord.skipped("empty EventList") : out;
        }
        return parseEvent(record, c);
    }

    private List<ParsedRecord> parseEvent(JsonNode ev, String cluster) {
        String kind = text(ev, "kind");
        if (kind != null && !kind.equals("Event")) {
            return ParsedRecord.rejected("not a Kubernetes audit Event: kind " + kind);
        }
        String verb = text(ev, "verb");
        JsonNode objectRef = get(ev, "objectRef");
        if (verb == null || (objectRef == null && text(ev, "requestURI") == null)) {
            return ParsedRecord.rejected("not a Kubernetes audit Event: verb or objectRef missing");
        }
        String stage = text(ev, "stage");
        if (stage != null && !stage.equals("ResponseComplete")) {
            return ParsedRecord.skipped("audit stage " + stage + " (only ResponseComplete is used)");
        }
        String auditId = text(ev, "auditID");
        if (auditId == null) {
            return ParsedRecord.rejected("Kubernetes audit event has no auditID");
        }
        String timeText =
                Nodes.first(text(ev, "stageTimestamp"), text(ev, "requestReceivedTimestamp"), text(ev, "timestamp"));
        Instant time = Timestamps.parse(timeText);
        if (time == null) {
            return ParsedRecord.rejected(
                    "Kubernetes audit event " + auditId + " has no readable timestamp: " + timeText);
        }

        String plural = text(objectRef, "resource");
        String subresource = text(objectRef, "subresource");
        String namespace = text(objectRef, "namespace");
        String apiGroup = text(objectRef, "apiGroup");
        JsonNode requestObject = get(ev, "requestObject");
        JsonNode responseObject = get(ev, "responseObject");
        String name = Nodes.first(
                text(objectRef, "name"),
                path(responseObject, "metadata", "name"),
                path(requestObject, "metadata", "name"));
        String resourceKind = KubernetesKinds.kindOf(plural);
        if (resourceKind == null) {
            String objectKind =
                    subresource == null ? Nodes.first(text(requestObject, "kind"), text(responseObject, "kind")) : null;
            resourceKind = objectKind != null ? objectKind : KubernetesKinds.guessKind(plural);
        }
        if ("Namespace".equals(resourceKind)) {
            namespace = null;
        }
        String resourceId = KubernetesKinds.resourceId(cluster, namespace, resourceKind, name);

        boolean readOnly =
                READ_VERBS.contains(verb) || (subresource != null && NON_MUTATING_SUBRESOURCES.contains(subresource));
        JsonNode status = get(ev, "responseStatus");
        JsonNode codeNode = get(status, "code");
        int code = codeNode == null ? 0 : codeNode.asInt();
        Outcome outcome = code >= 400 ? Outcome.FAILURE : Outcome.SUCCESS;
        String errorCode = code >= 400 ? Nodes.first(text(status, "reason"), String.valueOf(code)) : null;
        Actor actor = KubernetesActors.from(get(ev, "user"), get(ev, "impersonatedUser"));
        JsonNode ips = get(ev, "sourceIPs");
        String sourceIp =
                ips != null && ips.isArray() && !ips.isEmpty() ? ips.get(0).asText() : null;
        // the subresource matters downstream: a scale patch carries a Scale object, not the Deployment
        String operation = subresource == null ? verb : verb + "/" + subresource;

        return List.of(new ParsedRecord.Audit(new AuditEvent(
                auditId,
                Sources.K8S_AUDIT,
                Cloud.KUBERNETES,
                cluster,
                null,
                apiGroup == null ? "core" : apiGroup,
                operation,
                resourceKind,
                resourceId,
                readOnly,
                outcome,
                errorCode,
                actor,
                text(ev, "userAgent"),
                sourceIp,
                time,
                readOnly ? null : Nodes.compact(requestObject),
                readOnly ? null : Nodes.compact(responseObject),
                null,
                false)));
    }
}
