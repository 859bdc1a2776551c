package io.driftguard.ingest.alertmanager;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Alert;
import io.driftguard.ingest.Nodes;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Alertmanager webhook payload (version 4) → one alert event per alert. Senders that leave out
 * {@code fingerprint}, per-alert {@code status} or {@code truncatedAlerts} are accepted: the id is
 * then computed from the labels exactly as Prometheus computes a fingerprint (FNV-1a 64 over the
 * sorted label names and values), and the status follows from {@code endsAt} ({@code 0001-01-01}
 * means still firing) and the group status.
 */
public final class AlertmanagerParser implements RecordParser {

    @Override
    public String source() {
        return Sources.ALERTMANAGER;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("Alertmanager payload is not a JSON object");
        }
        JsonNode alerts = get(record, "alerts");
        if (alerts == null || !alerts.isArray()) {
            return ParsedRecord.rejected("not an Alertmanager webhook: no alerts array");
        }
        if (alerts.isEmpty()) {
            return ParsedRecord.skipped("Alertmanager delivery with no alerts");
        }
        String groupStatus = text(record, "status");
        JsonNode commonAnnotations = get(record, "commonAnnotations");
        List<ParsedRecord> out = new ArrayList<>(alerts.size());
        int index = 0;
        for (JsonNode a : alerts) {
            out.add(parseAlert(a, groupStatus, commonAnnotations, index++));
        }
        return out;
    }

    private static ParsedRecord parseAlert(JsonNode a, String groupStatus, JsonNode commonAnnotations, int index) {
        Map<String, String> labels = new TreeMap<>();
        JsonNode labelNode = get(a, "labels");
        if (labelNode != null && labelNode.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = labelNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        if (labels.isEmpty()) {
            return new ParsedRecord.Rejected("alert #" + index + " has no labels, so it has no identity");
        }
        Instant startsAt = Timestamps.parse(text(a, "startsAt"));
        if (startsAt == null) {
            return new ParsedRecord.Rejected(
                    "alert #" + index + " (" + labels.get("alertname") + ") has no readable startsAt");
        }
        Instant endsAt = Timestamps.parse(text(a, "endsAt"));
        if (Timestamps.isUnset(endsAt)) {
            endsAt = null;
        }
        String status = text(a, "status");
        if (status == null) {
            status = endsAt == null ? "firing" : groupStatus != null ? groupStatus : "resolved";
        }
        boolean firing = status.equals("firing");
        String id = Nodes.first(text(a, "fingerprint"), fingerprint(labels));
        JsonNode annotations = get(a, "annotations");
        String summary = Nodes.first(
                text(annotations, "summary"), text(annotations, "description"), text(commonAnnotations, "summary"));
        return new ParsedRecord.Context(new Alert(
                id,
                Sources.ALERTMANAGER,
                firing || endsAt == null ? startsAt : endsAt,
                status,
                labels.get("alertname"),
                labels.get("severity"),
                labels,
                startsAt,
                firing ? null : endsAt,
                summary,
                text(a, "generatorURL")));
    }

    /** Prometheus's label-set fingerprint, formatted as Alertmanager prints it (16 hex digits). */
    public static String fingerprint(Map<String, String> sortedLabels) {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : sortedLabels.entrySet()) {
            h = fnv(h, e.getKey());
            h = (h ^ 0xff) * 0x100000001b3L;
            h = fnv(h, e.getValue());
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        String hex = Long.toHexString(h);
        return "0000000000000000".substring(hex.length()) + hex;
    }

    private static long fnv(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
