package io.driftguard.ingest.cloudtrail;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.getIgnoreCase;
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
import io.driftguard.ingest.actor.AwsActors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One CloudTrail record (an element of a log file's {@code Records}) → audit events. A record
 * yields one event per resource it names (CreateTags on three resources gives three events with the
 * same {@code eventID}); console sign-ins and Insights events are skipped.
 */
public final class CloudTrailParser implements RecordParser {

    private static final String LAMBDA = "lambda.amazonaws.com";
    private static final String[] READ_PREFIXES = {"Describe", "List", "Get", "Head", "Lookup", "BatchGet"};

    private final String source;

    public CloudTrailParser() {
        this(Sources.AWS_CLOUDTRAIL);
    }

    /** @param source the input name the events carry (EventBridge reuses this parser) */
    public CloudTrailParser(String source) {
        this.source = source;
    }

    @Override
    public String source() {
        return source;
    }

    /**
     * What {@link #parseRecord} reads of a read or a failed call: all but the version, TLS details,
     * additional event data and the parts of {@code userIdentity} that {@link AwsActors} does not read
     * (access key, session attributes, web identity data: most of a read's kept bytes). {@code requestParameters} and {@code responseElements} stay, since
     * {@link CloudTrailResources} finds a read's resource there. A record without {@code eventID} is
     * parsed in full, because its id is then a digest of the whole record.
     */
    static final ReadScan.Fields READ_FIELDS = ReadScan.Fields.of(
                    "Records",
                    "eventName",
                    "eventSource",
                    "requestID",
                    "eventType",
                    "eventTime",
                    "readOnly",
                    "errorCode",
                    "userAgent",
                    "sourceIPAddress",
                    "recipientAccountId",
                    "requestParameters",
                    "responseElements",
                    "resources",
                    "sessionCredentialFromConsole",
                    "awsRegion")
            .keep("userIdentity", AwsActors.READ_FIELDS)
            .require("eventID");

    @Override
    public ReadScan.Fields readFields() {
        return READ_FIELDS;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        return parseRecord(record, null);
    }

    /**
     * @param accountFallback the account to use when the record has neither
     *     {@code recipientAccountId} nor {@code userIdentity.accountId} (EventBridge's {@code account})
     */
    List<ParsedRecord> parseRecord(JsonNode rec, String accountFallback) {
        if (rec == null || !rec.isObject()) {
            return ParsedRecord.rejected("CloudTrail record is not a JSON object");
        }
        if (get(rec, "Records") != null) {
            return ParsedRecord.rejected(
                    "a whole CloudTrail log file ({\"Records\": [...]}) was given as one record;" + " split it first");
        }
        String eventId = text(rec, "eventID");
        String eventName = text(rec, "eventName");
        String eventSource = text(rec, "eventSource");
        if (eventName == null || eventSource == null) {
            return ParsedRecord.rejected("not a CloudTrail record: eventName or eventSource missing");
        }
        if (eventId == null) {
            // eventVersion 1.0 records (2014) have no eventID: the request id, else a digest of the
            // record, keeps the id stable across replays
            eventId = Nodes.first(text(rec, "requestID"), derivedId(rec));
        }
        String eventType = text(rec, "eventType");
        if ("AwsConsoleSignIn".equals(eventType)) {
            return ParsedRecord.skipped("console sign-in (" + eventName + "), not a control-plane call");
        }
        if ("AwsCloudTrailInsight".equals(eventType)) {
            return ParsedRecord.skipped("CloudTrail Insights event, not a call");
        }
        String timeText = text(rec, "eventTime");
        Instant time = Timestamps.parse(timeText);
        if (time == null) {
            return ParsedRecord.rejected("CloudTrail eventTime missing or unreadable: " + timeText);
        }
        String operation = LAMBDA.equals(eventSource) ? stripApiVersion(eventName) : eventName;
        Boolean ro = Nodes.bool(rec, "readOnly");
        boolean readOnly = ro != null ? ro : hasReadPrefix(operation);
        String errorCode = text(rec, "errorCode");
        Outcome outcome = errorCode != null ? Outcome.FAILURE : Outcome.SUCCESS;

        JsonNode identity = getIgnoreCase(rec, "userIdentity");
        String userAgent = text(rec, "userAgent");
        String sourceIp = text(rec, "sourceIPAddress");
        Actor actor = AwsActors.from(identity, userAgent, sourceIp);
        String account = Nodes.first(
                text(rec, "recipientAccountId"), Nodes.textIgnoreCase(identity, "accountId"), accountFallback);

        JsonNode request = get(rec, "requestParameters");
        JsonNode response = get(rec, "responseElements");
        CloudTrailResources.Resolved resolved =
                CloudTrailResources.resolve(eventSource, request, response, get(rec, "resources"));
        String requestText = readOnly ? null : Nodes.compact(request);
        String responseText = readOnly ? null : Nodes.compact(response);
        boolean console = viaConsole(rec, userAgent);
        String region = text(rec, "awsRegion");

        if (resolved.ids().isEmpty()) {
            return List.of(new ParsedRecord.Audit(new AuditEvent(
                    eventId,
                    source,
                    Cloud.AWS,
                    account,
                    region,
                    eventSource,
                    operation,
                    null,
                    null,
                    readOnly,
                    outcome,
                    errorCode,
                    actor,
                    userAgent,
                    sourceIp,
                    time,
                    requestText,
                    responseText,
                    null,
                    console)));
        }
        List<ParsedRecord> out = new ArrayList<>(resolved.ids().size());
        for (String id : resolved.ids()) {
            out.add(new ParsedRecord.Audit(new AuditEvent(
                    eventId,
                    source,
                    Cloud.AWS,
                    account,
                    region,
                    eventSource,
                    operation,
                    resolved.typeOf(id),
                    id,
                    readOnly,
                    outcome,
                    errorCode,
                    actor,
                    userAgent,
                    sourceIp,
                    time,
                    requestText,
                    responseText,
                    null,
                    console)));
        }
        return out;
    }

    /**
     * Lambda event names carry the API version: {@code UpdateFunctionConfiguration20150331v2} →
     * {@code UpdateFunctionConfiguration}. Strips a trailing 8-digit date with an optional
     * {@code v<digits>}.
     */
    public static String stripApiVersion(String name) {
        int end = name.length();
        int j = end;
        while (j > 0 && isDigit(name.charAt(j - 1))) {
            j--;
        }
        if (j < end && j > 0 && name.charAt(j - 1) == 'v') {
            end = j - 1;
        }
        int k = end;
        while (k > 0 && end - k < 8 && isDigit(name.charAt(k - 1))) {
            k--;
        }
        if (end - k == 8 && k > 0 && !isDigit(name.charAt(k - 1))) {
            return name.substring(0, k);
        }
        return name;
    }

    /** {@code ct-} and 16 hex digits of FNV-1a 64 over the record's JSON text. */
    static String derivedId(JsonNode rec) {
        String text = rec.toString();
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        String hex = Long.toHexString(h);
        return "ct-" + "0000000000000000".substring(hex.length()) + hex;
    }

    static boolean hasReadPrefix(String operation) {
        for (String p : READ_PREFIXES) {
            if (operation.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static boolean viaConsole(JsonNode rec, String userAgent) {
        Boolean flag = Nodes.bool(rec, "sessionCredentialFromConsole");
        if (flag != null) {
            return flag;
        }
        if (userAgent == null) {
            return false;
        }
        return userAgent.startsWith("console.")
                || userAgent.equals("signin.amazonaws.com")
                || userAgent.contains("Console");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
