package io.driftguard.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.ingest.Sources;
import java.util.Locale;

/**
 * The Kafka key of a raw record: chosen so that one resource's events land on one partition and
 * stay in order, read cheaply from fields at a fixed place in the record (no per-API parsing).
 *
 * <table>
 *   <caption>Keys by source</caption>
 *   <tr><th>source</th><th>key</th></tr>
 *   <tr><td>aws-cloudtrail</td><td>{@code recipientAccountId/<id>}, the id taken from the first
 *       present of the common {@code requestParameters} id fields (groupId, instanceId,
 *       instancesSet.items[0].instanceId, bucketName, functionName, dBInstanceIdentifier, roleName,
 *       userName, policyArn, resourcesSet.items[0].resourceId, resourceArns[0]), else
 *       {@code resources[0].ARN}, else {@code eventSource} (so unrecognised calls of one service on
 *       one account still stay in order)</td></tr>
 *   <tr><td>aws-eventbridge</td><td>API calls: as aws-cloudtrail on {@code detail} with the event's
 *       {@code account}; GuardDuty findings: {@code account/<detail.id>} (the finding id, updated in
 *       place by GuardDuty); other events: {@code account/<source>}</td></tr>
 *   <tr><td>gcp-audit</td><td>{@code protoPayload.resourceName}, else {@code logName}</td></tr>
 *   <tr><td>azure-activity</td><td>{@code resourceId} lower-cased (ARM casing is not stable), else
 *       {@code correlationId}</td></tr>
 *   <tr><td>k8s-audit</td><td>{@code cluster/namespace/resource/name} from {@code objectRef}</td></tr>
 *   <tr><td>github / gitlab</td><td>the repository ({@code repository.full_name} /
 *       {@code project.path_with_namespace}): pushes to one repository in order</td></tr>
 *   <tr><td>pagerduty</td><td>the incident id {@code event.data.id}</td></tr>
 *   <tr><td>jira</td><td>the issue key {@code issue.key}</td></tr>
 *   <tr><td>alertmanager</td><td>{@code groupKey}</td></tr>
 * </table>
 * A record without the fields gets a null key (round-robin partitioning): it has no resource whose
 * order could be broken.
 */
public final class RecordKeys {

    private static final String[] AWS_ID_FIELDS = {
        "groupId",
        "instanceId",
        "bucketName",
        "functionName",
        "dBInstanceIdentifier",
        "dbInstanceIdentifier",
        "roleName",
        "userName",
        "policyArn",
        "trailName",
        "name",
        "keyId",
        "queueUrl",
        "topicArn",
        "stackName",
        "clusterName",
        "loadBalancerArn",
        "distributionId",
        "id"
    };

    /**
     * @param record the record as parsed JSON; for github/gitlab the replay-shaped delivery
     *     {@code {"event","delivery","payload"}}
     * @param cluster the Kubernetes cluster, or null
     */
    public static String key(String source, JsonNode record, String cluster) {
        return switch (source) {
            case Sources.AWS_CLOUDTRAIL -> cloudTrail(record, text(record, "recipientAccountId"));
            case Sources.AWS_EVENTBRIDGE -> eventBridge(record);
            case Sources.GCP_AUDIT ->
                firstOf(text(record.path("protoPayload"), "resourceName"), text(record, "logName"));
            case Sources.AZURE_ACTIVITY -> azure(record);
            case Sources.K8S_AUDIT -> kubernetes(record, cluster);
            case Sources.GITHUB -> text(record.path("payload").path("repository"), "full_name");
            case Sources.GITLAB -> text(record.path("payload").path("project"), "path_with_namespace");
            case Sources.PAGERDUTY -> text(record.path("event").path("data"), "id");
            case Sources.JIRA -> text(record.path("issue"), "key");
            case Sources.ALERTMANAGER -> text(record, "groupKey");
            default -> null;
        };
    }

    private static String cloudTrail(JsonNode r, String account) {
        String acct = account == null ? text(r.path("userIdentity"), "accountId") : account;
        String id = awsResourceId(r);
        if (id == null) {
            id = text(r, "eventSource");
        }
        if (acct == null) {
            return id;
        }
        return id == null ? acct : acct + '/' + id;
    }

    private static String awsResourceId(JsonNode r) {
        JsonNode req = r.path("requestParameters");
        if (req.isObject()) {
            for (String f : AWS_ID_FIELDS) {
                String v = text(req, f);
                if (v != null) {
                    return v;
                }
            }
            String v = text(req.path("instancesSet").path("items").path(0), "instanceId");
            if (v == null) {
                v = text(req.path("resourcesSet").path("items").path(0), "resourceId");
            }
            if (v == null && req.path("resourceArns").path(0).isTextual()) {
                v = req.path("resourceArns").path(0).asText();
            }
            if (v != null) {
                return v;
            }
        }
        JsonNode res = r.path("resources").path(0);
        String arn = text(res, "ARN");
        return arn != null ? arn : text(res, "arn");
    }

    private static String eventBridge(JsonNode e) {
        String account = text(e, "account");
        String type = text(e, "detail-type");
        JsonNode detail = e.path("detail");
        if ("GuardDuty Finding".equals(type)) {
            String id = text(detail, "id");
            return id == null ? account : account + '/' + id;
        }
        if (detail.has("eventName")) {
            return cloudTrail(detail, account != null ? account : text(detail, "recipientAccountId"));
        }
        String src = text(e, "source");
        return account == null ? src : src == null ? account : account + '/' + src;
    }

    private static String azure(JsonNode r) {
        String id = text(r, "resourceId");
        return id != null ? id.toLowerCase(Locale.ROOT) : text(r, "correlationId");
    }

    private static String kubernetes(JsonNode e, String cluster) {
        JsonNode ref = e.path("objectRef");
        if (!ref.isObject()) {
            return cluster;
        }
        StringBuilder sb = new StringBuilder(64);
        sb.append(cluster == null ? "default" : cluster)
                .append('/')
                .append(ref.path("namespace").asText(""))
                .append('/')
                .append(ref.path("resource").asText(""))
                .append('/')
                .append(ref.path("name").asText(""));
        return sb.toString();
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private RecordKeys() {}
}
