package io.driftguard.ingest.azure;

import static io.driftguard.ingest.Nodes.getIgnoreCase;
import static io.driftguard.ingest.Nodes.scalar;
import static io.driftguard.ingest.Nodes.textIgnoreCase;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.driftguard.ingest.actor.AzureActors;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One Azure Activity Log record → an audit event, in either schema: the Event Hubs / storage export
 * ({@code time}, {@code operationName} a string, {@code resultType}, {@code identity}) or the REST API
 * / portal shape ({@code eventTimestamp}, {@code operationName.value}, {@code status.value},
 * {@code caller}, {@code claims}). Keys are looked up case-insensitively because publishers vary
 * them.
 *
 * <p>Event id: {@code eventDataId} (top level or under {@code properties}); the exports carry
 * neither, so then {@code <correlationId>/<operationName>/<resultType>} with each value exactly as
 * written. {@code properties.requestbody} / {@code responseBody} are JSON-in-a-string and are parsed.
 *
 * <p>Read-only: {@code .../read}, and {@code .../action} operations that only return data
 * ({@code listKeys}, {@code listAccountSas}, {@code getAccessToken}, {@code validate},
 * {@code checkNameAvailability}); they change nothing, though listing keys is sensitive, so they stay
 * in the read stream. Other actions ({@code regenerateKey}, {@code restart}, {@code start}) are
 * writes.
 */
public final class AzureActivityParser implements RecordParser {

    @Override
    public String source() {
        return Sources.AZURE_ACTIVITY;
    }

    /** The token claims {@link AzureActors} and this parser read. */
    private static final ReadScan.Fields CLAIMS = ReadScan.Fields.of(
            AzureActors.CLAIM_UPN,
            "upn",
            "name",
            "appid",
            AzureActors.CLAIM_OID,
            "oid",
            "idtyp",
            "xms_mirid",
            "ipaddr");

    /**
     * What {@link #parse} reads of a read or a failed call: the record's scalars, the claims and RBAC
     * evidence that name the caller; not the other claims, the role assignment or the bodies.
     */
    private static final ReadScan.Fields READ_FIELDS = ReadScan.Fields.of(
                    "records",
                    "operationName",
                    "category",
                    "correlationId",
                    "resultType",
                    "status",
                    "eventDataId",
                    "time",
                    "eventTimestamp",
                    "resourceId",
                    "authorization",
                    "subscriptionId",
                    "resourceProviderName",
                    "resourceType",
                    "resultSignature",
                    "subStatus",
                    "caller",
                    "httpRequest",
                    "callerIpAddress",
                    "location")
            .keep("properties", ReadScan.Fields.of("eventDataId", "statusCode"))
            .keep("claims", CLAIMS)
            .keep(
                    "identity",
                    ReadScan.Fields.of()
                            .keep("claims", CLAIMS)
                            .keep(
                                    "authorization",
                                    ReadScan.Fields.of()
                                            .keep("evidence", ReadScan.Fields.of("principalId", "principalType"))));

    @Override
    public ReadScan.Fields readFields() {
        return READ_FIELDS;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("Azure Activity Log record is not a JSON object");
        }
        if (getIgnoreCase(record, "records") != null) {
            return ParsedRecord.rejected("a {\"records\": [...]} batch was given as one record; split it first");
        }
        String operationName = valueOf(getIgnoreCase(record, "operationName"));
        if (operationName == null) {
            return ParsedRecord.rejected("not an Activity Log record: operationName missing");
        }
        String category = valueOf(getIgnoreCase(record, "category"));
        if (category != null && !isControlPlaneCategory(category)) {
            return ParsedRecord.skipped("Activity Log category " + category + " carries no control-plane call");
        }
        JsonNode properties = getIgnoreCase(record, "properties");
        String correlationId = textIgnoreCase(record, "correlationId");
        String resultType = Nodes.first(textIgnoreCase(record, "resultType"), valueOf(getIgnoreCase(record, "status")));
        String eventId = Nodes.first(textIgnoreCase(record, "eventDataId"), textIgnoreCase(properties, "eventDataId"));
        if (eventId == null) {
            if (correlationId == null) {
                return ParsedRecord.rejected(
                        "Activity Log record has neither eventDataId nor correlationId (" + operationName + ")");
            }
            eventId = correlationId + "/" + operationName + "/" + (resultType == null ? "" : resultType);
        }
        String timeText = Nodes.first(textIgnoreCase(record, "time"), textIgnoreCase(record, "eventTimestamp"));
        Instant time = Timestamps.parse(timeText);
        if (time == null) {
            return ParsedRecord.rejected("Activity Log record " + eventId + " has no readable time: " + timeText);
        }

        String rawResourceId = Nodes.first(
                textIgnoreCase(record, "resourceId"), Nodes.path(getIgnoreCase(record, "authorization"), "scope"));
        String resourceId = rawResourceId == null ? null : rawResourceId.toLowerCase(Locale.ROOT);
        String subscription = Nodes.first(textIgnoreCase(record, "subscriptionId"), subscriptionOf(rawResourceId));
        String service = Nodes.first(valueOf(getIgnoreCase(record, "resourceProviderName")), providerOf(operationName));
        String resourceType = Nodes.first(valueOf(getIgnoreCase(record, "resourceType")), typeOf(operationName));

        boolean readOnly = isReadOperation(operationName);
        Outcome outcome = outcomeOf(resultType);
        String errorCode = outcome == Outcome.FAILURE
                ? Nodes.first(
                        textIgnoreCase(record, "resultSignature"),
                        valueOf(getIgnoreCase(record, "subStatus")),
                        textIgnoreCase(properties, "statusCode"),
                        resultType)
                : null;
        Actor actor = AzureActors.from(record);
        String sourceIp = Nodes.first(
                Nodes.path(getIgnoreCase(record, "httpRequest"), "clientIpAddress"),
                textIgnoreCase(record, "callerIpAddress"),
                claim(record, "ipaddr"));
        String appid = claim(record, "appid");

        String request = null;
        String response = null;
        if (!readOnly) {
            request = jsonInString(getIgnoreCase(properties, "requestbody"));
            response = jsonInString(getIgnoreCase(properties, "responseBody"));
        }
        return List.of(new ParsedRecord.Audit(new AuditEvent(
                eventId,
                Sources.AZURE_ACTIVITY,
                Cloud.AZURE,
                subscription,
                textIgnoreCase(record, "location"),
                service,
                operationName,
                resourceType,
                resourceId,
                readOnly,
                outcome,
                errorCode,
                actor,
                null,
                sourceIp,
                time,
                request,
                response,
                correlationId,
                AZURE_PORTAL_APP_ID.equals(appid))));
    }

    /** The Azure portal's application id: calls made in the portal carry it as {@code appid}. */
    static final String AZURE_PORTAL_APP_ID = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";

    private static final String[] READ_ACTIONS = {"list", "get", "validate", "checkNameAvailability", "read"};

    static boolean isReadOperation(String op) {
        if (Nodes.endsWithIgnoreCase(op, "/read")) {
            return true;
        }
        if (!Nodes.endsWithIgnoreCase(op, "/action")) {
            return false;
        }
        int end = op.length() - 7;
        int start = op.lastIndexOf('/', end - 1) + 1;
        for (String verb : READ_ACTIONS) {
            if (op.regionMatches(true, start, verb, 0, verb.length())) {
                return true;
            }
        }
        return false;
    }

    static Outcome outcomeOf(String resultType) {
        if (resultType == null) {
            return Outcome.SUCCESS;
        }
        return switch (resultType.toLowerCase(Locale.ROOT)) {
            case "failure", "failed" -> Outcome.FAILURE;
            case "start", "started", "accept", "accepted", "inprogress", "in progress" -> Outcome.IN_PROGRESS;
            default -> Outcome.SUCCESS;
        };
    }

    private static boolean isControlPlaneCategory(String category) {
        // "Write"/"Delete"/"Action" appear in Microsoft's own export sample for Administrative records
        return category.equalsIgnoreCase("Administrative")
                || category.equalsIgnoreCase("Write")
                || category.equalsIgnoreCase("Delete")
                || category.equalsIgnoreCase("Action");
    }

    /** A plain string, or the {@code value} of the REST shape's {@code {value, localizedValue}}. */
    private static String valueOf(JsonNode n) {
        if (n == null) {
            return null;
        }
        return n.isObject() ? Nodes.textIgnoreCase(n, "value") : scalar(n);
    }

    private static String claim(JsonNode record, String name) {
        JsonNode claims = getIgnoreCase(record, "claims");
        if (claims == null) {
            claims = getIgnoreCase(getIgnoreCase(record, "identity"), "claims");
        }
        return textIgnoreCase(claims, name);
    }

    /** {@code Microsoft.Network/networkSecurityGroups/write} → {@code Microsoft.Network}. */
    static String providerOf(String operationName) {
        int slash = operationName.indexOf('/');
        return slash < 0 ? null : operationName.substring(0, slash);
    }

    /** {@code Microsoft.Network/networkSecurityGroups/securityRules/write} → all but the last segment. */
    static String typeOf(String operationName) {
        int slash = operationName.lastIndexOf('/');
        return slash < 0 ? null : operationName.substring(0, slash);
    }

    static String subscriptionOf(String resourceId) {
        if (resourceId == null || !Nodes.startsWithIgnoreCase(resourceId, "/subscriptions/")) {
            return null;
        }
        int end = resourceId.indexOf('/', 15);
        return end < 0 ? resourceId.substring(15) : resourceId.substring(15, end);
    }

    /** Parses JSON carried in a string; text that is not JSON is kept as a JSON string. */
    private static String jsonInString(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            return Nodes.compact(n);
        }
        String s = n.textValue().trim();
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(0);
        if (c == '{' || c == '[') {
            try {
                return Nodes.compact(Json.MAPPER.readTree(s));
            } catch (IOException e) {
                // fall through: keep the text as written
            }
        }
        return n.toString();
    }
}
