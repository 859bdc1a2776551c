package io.driftguard.ingest.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import java.util.List;

/**
 * Reads a {@link ScanObservation} back into an {@link AuditEvent}, so it travels the job like any
 * change: a successful write by an unknown actor, with the observation itself as the request (the
 * job applies it through {@link #changes}, not through the call catalog).
 */
public final class ReconcileScanParser implements RecordParser {

    /** The user agent scan observations carry, so a finding's trigger names the scanner. */
    public static final String USER_AGENT = "driftguard-reconcile";

    @Override
    public String source() {
        return Sources.RECONCILE_SCAN;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (!record.isObject()) {
            return ParsedRecord.rejected("a reconcile-scan observation must be a JSON object");
        }
        ScanObservation o;
        try {
            o = Json.MAPPER.treeToValue(record, ScanObservation.class);
        } catch (Exception e) {
            return ParsedRecord.rejected("not a reconcile-scan observation: " + e.getMessage());
        }
        if (o.scanId() == null || o.observedAt() == null || o.cloud() == null || o.resourceId() == null) {
            return ParsedRecord.rejected(
                    "a reconcile-scan observation needs scan_id, observed_at, cloud and resource_id");
        }
        if (o.attributes().isEmpty() && o.absent().isEmpty()) {
            return ParsedRecord.skipped("reconcile-scan observation with no declared attribute read");
        }
        return List.of(new ParsedRecord.Audit(event(o)));
    }

    /** The audit event an observation travels the job as. */
    public static AuditEvent event(ScanObservation o) {
        return new AuditEvent(
                o.eventId(),
                Sources.RECONCILE_SCAN,
                o.cloud(),
                o.account(),
                o.region(),
                ScanObservation.SERVICE,
                o.reader() == null ? "reconcile_scan" : o.reader(),
                o.resourceType(),
                o.resourceId(),
                false,
                Outcome.SUCCESS,
                null,
                Actor.unknown(),
                USER_AGENT,
                null,
                o.observedAt(),
                o.toJson(),
                null,
                null,
                false);
    }

    /** True for an event that is a reconcile scan's observation, not a provider's audit record. */
    public static boolean isObservation(AuditEvent e) {
        return Sources.RECONCILE_SCAN.equals(e.source());
    }

    /** The observation's canonical changes (what the catalog's call rows give for an audit event). */
    public static List<ResourceChange> changes(AuditEvent e) {
        try {
            return List.of(
                    Json.MAPPER.readValue(e.request(), ScanObservation.class).change());
        } catch (Exception ex) {
            return List.of();
        }
    }
}
