package io.driftguard.reconcile.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.reconcile.KafkaObservations;
import io.driftguard.reconcile.ReconcileFixture;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Reconcile scans of GCP end to end: Google's HTTP client and auth library (a service account key
 * exchanged for a token) against a local fake of the token endpoint and the Compute REST API,
 * observations through Kafka into the job in a MiniCluster, findings in a real PostgreSQL. Drift made
 * before DriftGuard started is found by the first scan; drift whose audit entry never arrived is found
 * by the next; drift an episode already reports is not reported again.
 */
class GcpReconcileIT {

    private static final String BEFORE_START = GcpState.WEB;
    private static final String VM = GcpState.VM;
    private static final String LATER = GcpState.IAP;
    private static final String AUDITED = GcpState.DB;

    private static ReconcileFixture live;
    private static FakeGcp gcp;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        gcp = new FakeGcp();
        live = ReconcileFixture.start("reconcile-gcp-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (live != null) {
            live.close();
        }
        gcp.close();
    }

    @Test
    void scansFindWhatTheAuditStreamMissedAndNeverRepeatWhatAnEpisodeReports() throws Exception {
        Path iac = dir.resolve("iac");
        GcpState.write(iac);
        live.syncIac(iac, 4);
        // Live: before DriftGuard started someone opened allow-web to the world and relabelled web-1;
        // Jane opens allow-db to the world with gcloud, through a call the audit stream delivers.
        GcpState.live(gcp);
        gcp.get(BEFORE_START).withArray("sourceRanges").add("0.0.0.0/0");
        ((ObjectNode) gcp.get(VM).path("labels")).put("env", "debug");
        gcp.get(AUDITED).withArray("sourceRanges").add("0.0.0.0/0");
        Instant at = Instant.now().minus(Duration.ofMinutes(3));
        for (String entry : patch(at)) {
            live.kafka().send(KafkaTopics.raw(Sources.GCP_AUDIT), AUDITED, entry.getBytes(StandardCharsets.UTF_8));
        }
        live.assertAuditedFinding(AUDITED);

        try (KafkaObservations sink = live.observations();
                Reconciler reconciler = new Reconciler(
                        GcpReaders.create(URI.create(gcp.url()), gcp.serviceAccountKey(dir), 50, 2),
                        sink,
                        Clock.systemUTC())) {
            ScanReport first = reconciler.scan(iac);
            ReconcileFixture.assertCleanScan(first, 4);
            assertThat(gcp.permissions)
                    .as("three firewalls, two a page: both pages read")
                    .containsExactly("compute.firewalls.list", "compute.firewalls.list", "compute.instances.list");

            live.assertFirstScanFound(List.of(BEFORE_START, VM), LATER);
            live.assertChangedPaths(VM, "labels.env");

            // someone disables the IAP rule; its audit entry never reaches DriftGuard (a sink filter, an outage)
            gcp.get(LATER).put("disabled", true);
            ScanReport second = reconciler.scan(iac);
            live.assertSecondScanFound(second, LATER);
            live.assertChangedPaths(LATER, "disabled");
        }

        // the custom role users create holds every permission the scans needed, and only list permissions
        Map<?, ?> role =
                (Map<?, ?>) new Yaml().load(Files.readString(Path.of("../deploy/permissions/gcp-reconcile-role.yaml")));
        List<String> permissions = ((List<?>) role.get("includedPermissions"))
                .stream().map(String::valueOf).toList();
        assertThat(permissions).containsAll(gcp.permissions);
        assertThat(permissions).allSatisfy(p -> assertThat(p).matches("compute\\.[a-zA-Z]+\\.list"));

        // nothing twice: one finding per drifting resource, the audited episode kept its story
        live.assertNothingTwice(List.of(AUDITED, LATER, BEFORE_START, VM), AUDITED, BEFORE_START, "allow-web");
    }

    /**
     * {@code gcloud compute firewall-rules update allow-db --source-ranges=10.0.0.0/8,0.0.0.0/0} by Jane:
     * the operation's first entry (with the request) and its last, as Cloud Audit Logs write them.
     */
    private static List<String> patch(Instant at) {
        String op = "operation-" + at.toEpochMilli() + "-61a2b3c4d5e6f-0a1b2c3d-4e5f6a7b";
        String common = """
            "logName": "projects/shop-prod/logs/cloudaudit.googleapis.com%%2Factivity",
            "resource": {"type": "gce_firewall_rule", "labels": {"project_id": "shop-prod", "firewall_rule_id": "4100002812345678"}},
            "severity": "NOTICE",
            """;
        String first = """
            {"insertId": "-q1fw7ke2a3b", %1$s "timestamp": "%2$s", "receiveTimestamp": "%2$s",
             "operation": {"id": "%3$s", "producer": "compute.googleapis.com", "first": true},
             "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
               "authenticationInfo": {"principalEmail": "jane@example.com"},
               "requestMetadata": {"callerIp": "203.0.113.7", "callerSuppliedUserAgent": "google-cloud-sdk gcloud/470.0.0 command/gcloud.compute.firewall-rules.update"},
               "serviceName": "compute.googleapis.com", "methodName": "v1.compute.firewalls.patch",
               "authorizationInfo": [{"permission": "compute.firewalls.update", "granted": true,
                 "resourceAttributes": {"service": "compute", "name": "%4$s", "type": "compute.firewalls"}}],
               "resourceName": "%4$s",
               "request": {"@type": "type.googleapis.com/compute.firewalls.patch", "sourceRanges": ["10.0.0.0/8", "0.0.0.0/0"]},
               "response": {"@type": "type.googleapis.com/operation", "name": "%3$s", "operationType": "patch",
                 "status": "RUNNING", "progress": "0",
                 "targetLink": "https://www.googleapis.com/compute/v1/%4$s", "user": "jane@example.com"}}}
            """.formatted(common, at.truncatedTo(ChronoUnit.MILLIS), op, AUDITED);
        Instant end = at.plusSeconds(6);
        String last = """
            {"insertId": "-q1fw7ke2a3c", %1$s "timestamp": "%2$s", "receiveTimestamp": "%2$s",
             "operation": {"id": "%3$s", "producer": "compute.googleapis.com", "last": true},
             "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
               "authenticationInfo": {"principalEmail": "jane@example.com"},
               "requestMetadata": {"callerIp": "203.0.113.7", "callerSuppliedUserAgent": "google-cloud-sdk gcloud/470.0.0 command/gcloud.compute.firewall-rules.update"},
               "serviceName": "compute.googleapis.com", "methodName": "v1.compute.firewalls.patch",
               "resourceName": "%4$s"}}
            """.formatted(common, end.truncatedTo(ChronoUnit.MILLIS), op, AUDITED);
        return List.of(first, last);
    }
}
