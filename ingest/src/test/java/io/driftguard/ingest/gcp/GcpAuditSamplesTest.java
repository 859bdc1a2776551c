package io.driftguard.ingest.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParsedSamples;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every Cloud Audit Logs sample split and parsed. */
class GcpAuditSamplesTest {

    private static final String FOLDER = "gcp-audit";

    private static final Map<String, String> NOT_AUDIT = Map.of(
            // Panther's hand-written fixture dropped insertId: without it the entry has no event id
            "panther-normalized-compute.instances.insert-serviceaccount.json",
            "rejected: LogEntry has no insertId",
            // a Pub/Sub envelope whose data is the text "test message 3", not a LogEntry
            "google-cloudevents-MessagePublishedData-text-envelope.json",
            "rejected: Pub/Sub message data is not a JSON LogEntry");

    static List<ParsedRecord> parse(String file) {
        return ParsedSamples.parse(Samples.path(FOLDER, file), Sources.GCP_AUDIT, null);
    }

    static AuditEvent only(String file) {
        List<AuditEvent> events = ParsedSamples.audits(parse(file));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @TestFactory
    Stream<DynamicTest> everySampleParsesOrIsSetAsideForAStatedReason() {
        return Samples.list(FOLDER, ".json").stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    List<ParsedRecord> results = ParsedSamples.parse(file, Sources.GCP_AUDIT, null);
                    assertThat(results).isNotEmpty();
                    String expected = NOT_AUDIT.get(file.getFileName().toString());
                    List<String> reasons = ParsedSamples.reasons(results);
                    if (expected == null) {
                        assertThat(reasons).isEmpty();
                    } else {
                        assertThat(reasons).isNotEmpty().allMatch(r -> r.startsWith(expected));
                    }
                    for (AuditEvent e : ParsedSamples.audits(results)) {
                        assertThat(e.eventId()).isNotBlank();
                        assertThat(e.eventTime()).isAfter(Instant.parse("2015-01-01T00:00:00Z"));
                        assertThat(e.account()).isNotBlank();
                        assertThat(e.resourceId()).isNotBlank().doesNotStartWith("https://");
                        assertThat(e.readOnly()).isFalse(); // every sample is an admin-activity write
                    }
                }));
    }

    @Test
    void firewallPatchIsTheFirstEntryOfAnOperation() {
        AuditEvent e = only("panther-normalized-compute.firewalls.patch.json");
        assertThat(e.eventId()).isEqualTo("-xxxxxxxxxxxx");
        assertThat(e.cloud()).isEqualTo(Cloud.GCP);
        assertThat(e.account()).isEqualTo("test-project-123456");
        assertThat(e.operation()).isEqualTo("v1.compute.firewalls.patch");
        assertThat(e.resourceId()).isEqualTo("projects/test-project-123456/global/firewalls/firewall-create");
        assertThat(e.resourceType()).isEqualTo("gce_firewall_rule");
        assertThat(e.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(e.correlationId()).isEqualTo("operation-1684869580331-5fc6144d418a9-e1332ca3-59c615ac");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2023-05-23T19:19:40.353Z"));
        assertThat(e.sourceIp()).isEqualTo("12.12.12.12");
        assertThat(e.viaConsole()).isTrue();
        assertThat(e.actor().id()).isEqualTo("user@domain.com");
        assertThat(e.actor().type()).isEqualTo(ActorType.HUMAN);
        assertThat(e.request()).contains("\"IPProtocol\":\"all\"");
    }

    @Test
    void lastEntryOfAnOperationCompletesIt() {
        AuditEvent e = only("panther-normalized-compute.projects.setCommonInstanceMetadata.json");
        assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(e.resourceId()).isEqualTo("projects/example-project");
        assertThat(e.account()).isEqualTo("example-project");
    }

    @Test
    void bucketIamChangeCarriesThePolicyDelta() {
        AuditEvent e = only("panther-test-storage.setIamPermissions-allUsers.json");
        assertThat(e.resourceId()).isEqualTo("projects/_/buckets/jacks-test-bucket");
        assertThat(e.operation()).isEqualTo("storage.setIamPermissions");
        assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2020-05-15T04:28:42.237027213Z"));
        assertThat(e.request()).contains("\"member\":\"allUsers\"").contains("policyDelta");
        assertThat(e.account()).isEqualTo("western-verve-123456");
    }

    @Test
    void terraformServiceAccountIsADeployIdentity() {
        AuditEvent e = only("panther-normalized-SetIamPolicy-folder-terraform.json");
        assertThat(e.actor().id()).isEqualTo("terraform@platform.iam.gserviceaccount.com");
        assertThat(e.actor().type()).isEqualTo(ActorType.DEPLOY);
        assertThat(e.resourceId()).isEqualTo("organizations/888888888888");
        assertThat(e.account()).isEqualTo("organizations/888888888888");
    }

    @Test
    void projectRelativeNamesGetTheProjectPrefix() {
        assertThat(only("c7n-logentry-dns-managed-zone-create.json").resourceId())
                .isEqualTo("projects/cloud-custodian/managedZones/custodian");
        AuditEvent sa = only("google-cloudevents-LogEntryData-pubsubCreateTopic.json");
        assertThat(sa.actor().type()).isEqualTo(ActorType.SERVICE);
    }

    @Test
    void gkeKubernetesCallsBecomeKubernetesEventsOfTheCluster() {
        AuditEvent e = only("c7n-logentry-k8s_create_cluster.json");
        assertThat(e.cloud()).isEqualTo(Cloud.KUBERNETES);
        assertThat(e.account()).isEqualTo("standard-cluster-1");
        assertThat(e.resourceId()).isEqualTo("standard-cluster-1/Node/gke-standard-cluster-1-pool-1-c733eefe-xtbq");
        assertThat(e.actor().type()).isEqualTo(ActorType.SERVICE);
    }
}
