package io.driftguard.ingest.pagerduty;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.path;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Incident;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * A PagerDuty V3 webhook payload ({@code {"event": {...}}}) → an incident state change. Only
 * {@code incident.*} events are used; the status is the incident's as of the event.
 */
public final class PagerDutyParser implements RecordParser {

    @Override
    public String source() {
        return Sources.PAGERDUTY;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("PagerDuty payload is not a JSON object");
        }
        if (get(record, "messages") != null) {
            return ParsedRecord.rejected(
                    "PagerDuty V2 webhook (messages[]); DriftGuard reads V3 webhook subscriptions");
        }
        JsonNode event = get(record, "event");
        if (event == null || !event.isObject()) {
            return ParsedRecord.rejected("not a PagerDuty V3 webhook: no event object");
        }
        String eventType = text(event, "event_type");
        String eventId = text(event, "id");
        if (eventType == null || eventId == null) {
            return ParsedRecord.rejected("PagerDuty event without id or event_type");
        }
        if (!eventType.startsWith("incident.") || !"incident".equals(text(event, "resource_type"))) {
            return ParsedRecord.skipped("PagerDuty event " + eventType + " is not about an incident");
        }
        JsonNode data = get(event, "data");
        String incidentId = text(data, "id");
        if (incidentId == null) {
            return ParsedRecord.rejected("PagerDuty " + eventType + " without data.id");
        }
        Instant time = Timestamps.parse(text(event, "occurred_at"));
        if (time == null) {
            return ParsedRecord.rejected("PagerDuty event " + eventId + " has no readable occurred_at");
        }
        String status = text(data, "status");
        if (status == null) {
            status = eventType.substring("incident.".length());
        }
        JsonNode priority = get(data, "priority");
        String priorityName = priority == null
                ? null
                : priority.isObject()
                        ? (text(priority, "summary") != null ? text(priority, "summary") : text(priority, "name"))
                        : priority.asText();
        return List.of(new ParsedRecord.Context(new Incident(
                incidentId,
                Sources.PAGERDUTY,
                time,
                eventId,
                status,
                text(data, "urgency"),
                priorityName,
                text(data, "title"),
                path(data, "service", "id"),
                path(data, "service", "summary"),
                text(data, "html_url"))));
    }
}
