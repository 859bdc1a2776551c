package io.driftguard.reconcile.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.reconcile.KafkaObservations;
import io.driftguard.reconcile.LocalTls;
import io.driftguard.reconcile.ReconcileFixture;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanReport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconcile scans of Azure end to end: azure-core's pipeline and azure-identity's
 * {@code DefaultAzureCredential} (a service principal signing in at the fake's authority) against a
 * local HTTPS fake of Entra ID and Azure Resource Manager, observations through Kafka into the job in
 * a MiniCluster, findings in a real PostgreSQL. Drift made before DriftGuard started is found by the
 * first scan; drift whose Activity Log record never arrived is found by the next; drift an episode
 * already reports is not reported again.
 */
class AzureReconcileIT {

    private static final String BEFORE_START = lower(AzureState.SSH);
    private static final String VM = lower(AzureState.VM);
    private static final String LATER = lower(AzureState.STORAGE);
    private static final String AUDITED = lower(AzureState.POSTGRES);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static ReconcileFixture live;
    private static FakeArm arm;
    private static AutoCloseable trust;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        LocalTls tls = LocalTls.create(dir);
        trust = tls.trustedByClients();
        arm = new FakeArm(tls);
        live = ReconcileFixture.start("reconcile-azure-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (live != null) {
            live.close();
        }
        arm.close();
        trust.close();
    }

    @Test
    void scansFindWhatTheAuditStreamMissedAndNeverRepeatWhatAnEpisodeReports() throws Exception {
        Path iac = dir.resolve("iac");
        AzureState.write(iac);
        live.syncIac(iac, AzureState.DECLARED);
        // Live: before DriftGuard started someone opened SSH on nsg-web to any source and resized
        // vm-web-1; Jane opens nsg-db's Postgres rule to any source in the portal, and the Activity Log
        // delivers her write.
        AzureState.live(arm);
        arm.child(AzureState.NSG_WEB, "securityRules", "allow-ssh")
                .with("properties")
                .put("sourceAddressPrefix", "*");
        arm.get(AzureState.VM).with("properties").with("hardwareProfile").put("vmSize", "Standard_D8s_v5");
        ObjectNode postgres = arm.child(AzureState.NSG_DB, "securityRules", "allow-postgres");
        postgres.with("properties").put("sourceAddressPrefix", "*");
        Instant at = Instant.now().minus(Duration.ofMinutes(3));
        for (JsonNode record : ruleWrite(at, postgres)) {
            live.kafka().send(KafkaTopics.raw(Sources.AZURE_ACTIVITY), AUDITED, Json.MAPPER.writeValueAsBytes(record));
        }
        live.assertAuditedFinding(AUDITED);

        try (KafkaObservations sink = live.observations();
                Reconciler reconciler = new Reconciler(
                        AzureReaders.create(URI.create(arm.url()), AzureScanTest.servicePrincipal(arm), 50),
                        sink,
                        Clock.systemUTC())) {
            ScanReport first = reconciler.scan(iac);
            ReconcileFixture.assertCleanScan(first, AzureState.DECLARED);
            assertThat(arm.actions)
                    .as("three NSGs, two a page: both pages read")
                    .filteredOn(a -> a.equals("Microsoft.Network/networkSecurityGroups/read"))
                    .hasSize(2);

            live.assertFirstScanFound(List.of(VM, BEFORE_START), LATER);
            live.assertChangedPaths(VM, "size");
            live.assertChangedPaths(BEFORE_START, "source_prefixes");

            // someone allows public blob access on the storage account; its Activity Log record never
            // reaches DriftGuard (a diagnostic setting that drops it, an Event Hubs outage)
            ((ObjectNode) arm.get(AzureState.STORAGE).path("properties")).put("allowBlobPublicAccess", true);
            ScanReport second = reconciler.scan(iac);
            live.assertSecondScanFound(second, LATER);
            live.assertChangedPaths(LATER, "public_blob_access");
        }

        // the custom role users create allows every read the scans made, and only reads
        Set<String> allowed = new TreeSet<>();
        Json.MAPPER.readTree(AzureScanTest.ROLE.toFile()).path("Actions").forEach(a -> allowed.add(a.asText()));
        assertThat(allowed).containsAll(arm.actions);
        assertThat(allowed).allSatisfy(a -> assertThat(a).endsWith("/read"));

        // nothing twice: one finding per drifting resource, the audited episode kept its story
        live.assertNothingTwice(List.of(VM, AUDITED, BEFORE_START, LATER), AUDITED, BEFORE_START, "allow-ssh");
    }

    /**
     * Jane's write of a security rule in the portal, as the Activity Log's diagnostic-settings export
     * writes it: the {@code Start} record with the request body as a JSON string, then {@code Success}
     * with the same correlation id.
     */
    private static List<JsonNode> ruleWrite(Instant at, JsonNode rule) {
        String op = "Microsoft.Network/networkSecurityGroups/securityRules/write";
        String correlation = "5e0c2a7b-91d4-4f36-b8a2-3c5d7e9f1a2b";
        ObjectNode start = record(at, op, "Start", "Started.", correlation);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("properties", rule.path("properties"));
        ((ObjectNode) body.path("properties")).remove("provisioningState");
        start.putObject("properties")
                .put("requestbody", body.toString())
                .put("eventCategory", "Administrative")
                .put("entity", AzureState.POSTGRES)
                .put("message", op)
                .put("hierarchy", FakeArm.TENANT + "/" + AzureState.SUB);
        ObjectNode done = record(at.plusSeconds(4), op, "Success", "Succeeded.OK", correlation);
        done.put("durationMs", 4000);
        done.putObject("properties")
                .put("statusCode", "OK")
                .put("serviceRequestId", "b7e3c1d2-6f4a-4b8c-9d0e-1f2a3b4c5d6e")
                .put("eventCategory", "Administrative")
                .put("entity", AzureState.POSTGRES)
                .put("message", op)
                .put("hierarchy", FakeArm.TENANT + "/" + AzureState.SUB);
        return List.of(start, done);
    }

    private static ObjectNode record(Instant t, String op, String result, String signature, String correlation) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("time", TIME.format(t));
        r.put("resourceId", AzureState.POSTGRES);
        r.put("operationName", op);
        r.put("category", "Administrative");
        r.put("resultType", result);
        r.put("resultSignature", signature);
        r.put("callerIpAddress", "203.0.113.7");
        r.put("correlationId", correlation);
        ObjectNode identity = r.putObject("identity");
        ObjectNode authz = identity.putObject("authorization");
        authz.put("scope", AzureState.POSTGRES).put("action", op);
        authz.putObject("evidence")
                .put("role", "Contributor")
                .put("roleAssignmentScope", "/subscriptions/" + AzureState.SUB)
                .put("principalType", "User");
        identity.putObject("claims")
                .put("aud", "https://management.core.windows.net/")
                .put("iss", "https://sts.windows.net/" + FakeArm.TENANT + "/")
                .put("http://schemas.microsoft.com/identity/claims/tenantid", FakeArm.TENANT)
                .put(
                        "http://schemas.microsoft.com/identity/claims/objectidentifier",
                        "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
                .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "jane@example.com")
                .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "jane@example.com")
                .put("name", "Jane Doe")
                .put("ipaddr", "203.0.113.7")
                .put("appid", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c")
                .put("ver", "1.0");
        r.put("level", "Information");
        r.put("location", "westeurope");
        r.put("tenantId", FakeArm.TENANT);
        return r;
    }

    private static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
