package io.driftguard.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import org.junit.jupiter.api.Test;

/** Keys read from the real samples: one resource's events share a key. */
class RecordKeysTest {

    private static JsonNode sample(String path) throws Exception {
        return Json.MAPPER.readTree(Samples.bytes(path));
    }

    @Test
    void cloudTrailKeyIsAccountAndRequestResourceId() throws Exception {
        JsonNode file = sample("aws-cloudtrail/stratus-aws.exfiltration.ec2-security-group-open-port-22-ingress.json");
        JsonNode record = file.isArray() ? file.get(0) : file.path("Records").get(0);
        String groupId = record.path("requestParameters").path("groupId").asText();
        assertThat(groupId).isNotEmpty();
        assertThat(RecordKeys.key(Sources.AWS_CLOUDTRAIL, record, null))
                .isEqualTo(record.path("recipientAccountId").asText() + "/" + groupId);

        JsonNode start = sample("aws-cloudtrail/driftguard-records-ec2-StartInstances.json")
                .path("Records")
                .get(0);
        assertThat(RecordKeys.key(Sources.AWS_CLOUDTRAIL, start, null)).isEqualTo("731829462015/i-4c1f3a9d");
    }

    @Test
    void eventBridgeApiCallKeysLikeTheSameCallFromTheLogFile() throws Exception {
        JsonNode event = sample("aws-cloudtrail/c7n-eventbridge-cloud-trail-create-bucket.json");
        assertThat(RecordKeys.key(Sources.AWS_EVENTBRIDGE, event, null))
                .isEqualTo(RecordKeys.key(Sources.AWS_CLOUDTRAIL, event.path("detail"), null)
                        .replaceFirst("^[^/]*", event.path("account").asText()));
    }

    @Test
    void gcpAzureAndKubernetesKeys() throws Exception {
        JsonNode gcp = sample("gcp-audit/c7n-logentry-route-create.json");
        assertThat(RecordKeys.key(Sources.GCP_AUDIT, gcp, null))
                .isEqualTo(gcp.path("protoPayload").path("resourceName").asText());

        JsonNode az = sample("azure-activity/panther-test-record-nsg-write.json");
        assertThat(RecordKeys.key(Sources.AZURE_ACTIVITY, az, null))
                .isEqualTo(az.path("resourceId").asText().toLowerCase(java.util.Locale.ROOT));

        JsonNode k8s = sample("kubernetes/panther-test-audit-event-service-nodeport-create.json");
        JsonNode ref = k8s.path("objectRef");
        assertThat(RecordKeys.key(Sources.K8S_AUDIT, k8s, "prod-eu-1"))
                .isEqualTo("prod-eu-1/" + ref.path("namespace").asText("") + "/"
                        + ref.path("resource").asText() + "/" + ref.path("name").asText());
    }

    @Test
    void contextKeysAreTheirNaturalIds() throws Exception {
        JsonNode pd = sample("tickets/pagerduty-v3-incident.triggered.json");
        assertThat(RecordKeys.key(Sources.PAGERDUTY, pd, null))
                .isEqualTo(pd.path("event").path("data").path("id").asText())
                .isNotEmpty();
        JsonNode jira = sample("tickets/jira-webhook-issue_created.json");
        assertThat(RecordKeys.key(Sources.JIRA, jira, null))
                .isEqualTo(jira.path("issue").path("key").asText())
                .isNotEmpty();
        JsonNode am = sample("monitoring/alertmanager-webhook-prom_post_request.json");
        assertThat(RecordKeys.key(Sources.ALERTMANAGER, am, null))
                .isEqualTo(am.path("groupKey").asText())
                .isNotEmpty();
    }
}
