package io.driftguard.ingest.cloudtrail;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ReadScan;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.guardduty.GuardDutyParser;
import java.util.List;

/**
 * An EventBridge event, dispatched on {@code detail-type}: CloudTrail calls are unwrapped from
 * {@code detail} (the CloudTrail {@code eventID} stays the event id; EventBridge's own {@code id}
 * is not it), GuardDuty findings become security findings, other detail types are skipped.
 */
public final class EventBridgeParser implements RecordParser {

    private final CloudTrailParser calls = new CloudTrailParser(Sources.AWS_EVENTBRIDGE);
    private final GuardDutyParser findings = new GuardDutyParser();

    @Override
    public String source() {
        return Sources.AWS_EVENTBRIDGE;
    }

    private static final ReadScan.Fields READ_FIELDS =
            ReadScan.Fields.of("detail-type", "account", "region").keep("detail", CloudTrailParser.READ_FIELDS);

    /** A CloudTrail call's {@code detail} reduced as {@link CloudTrailParser#readFields()} does. */
    @Override
    public ReadScan.Fields readFields() {
        return READ_FIELDS;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode event, String cluster) {
        if (event == null || !event.isObject()) {
            return ParsedRecord.rejected("EventBridge event is not a JSON object");
        }
        String detailType = text(event, "detail-type");
        JsonNode detail = get(event, "detail");
        if (detailType == null || detail == null) {
            return ParsedRecord.rejected("not an EventBridge event: detail-type or detail missing");
        }
        if (detailType.endsWith("via CloudTrail")) {
            if (detailType.startsWith("AWS Console Sign In")) {
                return ParsedRecord.skipped("console sign-in, not a control-plane call");
            }
            return calls.parseRecord(detail, text(event, "account"));
        }
        if (detailType.equals("GuardDuty Finding")) {
            return findings.parseFinding(detail, text(event, "account"), text(event, "region"));
        }
        return ParsedRecord.skipped("EventBridge detail-type '" + detailType + "' is not used");
    }
}
