package io.driftguard.ingest.guardduty;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.path;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.SecurityFinding;
import io.driftguard.ingest.Nodes;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A GuardDuty finding (as GetFindings returns it, or as the {@code detail} of an EventBridge
 * {@code GuardDuty Finding} event) → a security finding naming the resources it is about: the
 * instance and its security groups, the access key's user or role, buckets, clusters, DB instances,
 * functions.
 */
public final class GuardDutyParser implements RecordParser {

    @Override
    public String source() {
        return Sources.GUARDDUTY;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("GuardDuty finding is not a JSON object");
        }
        JsonNode detail = get(record, "detail");
        if (detail != null && text(record, "detail-type") != null) {
            if (!"GuardDuty Finding".equals(text(record, "detail-type"))) {
                return ParsedRecord.skipped(
                        "EventBridge detail-type '" + text(record, "detail-type") + "' is not a GuardDuty finding");
            }
            return parseFinding(detail, text(record, "account"), text(record, "region"));
        }
        return parseFinding(record, null, null);
    }

    /** Parses the finding object itself; account and region fall back to the envelope's. */
    public List<ParsedRecord> parseFinding(JsonNode f, String account, String region) {
        String id = text(f, "id");
        String type = text(f, "type");
        if (id == null || type == null) {
            return ParsedRecord.rejected("not a GuardDuty finding: id or type missing");
        }
        Instant time = Timestamps.parse(Nodes.first(text(f, "updatedAt"), text(f, "createdAt")));
        if (time == null) {
            return ParsedRecord.rejected("GuardDuty finding " + id + " has no readable updatedAt/createdAt");
        }
        JsonNode resource = get(f, "resource");
        List<String> ids = new ArrayList<>(4);
        JsonNode instance = get(resource, "instanceDetails");
        add(ids, text(instance, "instanceId"));
        JsonNode nics = get(instance, "networkInterfaces");
        if (nics != null && nics.isArray()) {
            for (JsonNode nic : nics) {
                JsonNode groups = get(nic, "securityGroups");
                if (groups != null && groups.isArray()) {
                    for (JsonNode g : groups) {
                        add(ids, text(g, "groupId"));
                    }
                }
            }
        }
        add(ids, path(resource, "accessKeyDetails", "userName"));
        JsonNode buckets = get(resource, "s3BucketDetails");
        if (buckets != null && buckets.isArray()) {
            for (JsonNode b : buckets) {
                add(ids, text(b, "name"));
            }
        }
        add(ids, path(resource, "eksClusterDetails", "name"));
        add(ids, path(resource, "rdsDbInstanceDetails", "dbInstanceIdentifier"));
        add(ids, path(resource, "lambdaDetails", "functionName"));
        add(ids, path(resource, "ecsClusterDetails", "name"));

        JsonNode severity = get(f, "severity");
        return List.of(new ParsedRecord.Context(new SecurityFinding(
                id,
                Sources.GUARDDUTY,
                time,
                Cloud.AWS,
                Nodes.first(text(f, "accountId"), account),
                Nodes.first(text(f, "region"), region),
                type,
                severity == null ? null : severity.asText(),
                text(f, "title"),
                ids)));
    }

    private static void add(List<String> ids, String id) {
        if (id != null && !ids.contains(id)) {
            ids.add(id);
        }
    }
}
