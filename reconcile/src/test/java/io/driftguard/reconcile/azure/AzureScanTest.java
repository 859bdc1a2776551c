package io.driftguard.reconcile.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.reconcile.ScanObservation;
import io.driftguard.reconcile.LocalTls;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure scan through azure-core's pipeline and azure-identity's {@code DefaultAzureCredential} (a
 * service principal in the environment, signing in at the fake's authority) against a local fake of
 * Entra ID's token endpoint and ARM, over HTTPS. One resource of every type the catalog declares.
 * End to end through the job: {@code AzureReconcileIT}.
 */
class AzureScanTest {

    static final Path ROLE = Path.of("../deploy/permissions/azure-reconcile-role.json");

    @TempDir
    static Path tlsDir;

    @TempDir
    Path dir;

    private static LocalTls tls;
    private static AutoCloseable trust;
    private FakeArm arm;
    private final List<ScanObservation> published = new ArrayList<>();

    @BeforeAll
    static void tls() throws Exception {
        tls = LocalTls.create(tlsDir);
        trust = tls.trustedByClients();
    }

    @AfterAll
    static void untrust() throws Exception {
        trust.close();
    }

    @BeforeEach
    void start() throws Exception {
        arm = new FakeArm(tls);
        AzureState.live(arm);
        AzureState.write(dir.resolve("iac"));
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    /** The service principal DefaultAzureCredential finds in the environment, here the fake's. */
    static Configuration servicePrincipal(FakeArm arm) {
        return new ConfigurationBuilder()
                .putProperty("AZURE_TENANT_ID", FakeArm.TENANT)
                .putProperty("AZURE_CLIENT_ID", FakeArm.CLIENT_ID)
                .putProperty("AZURE_CLIENT_SECRET", FakeArm.CLIENT_SECRET)
                .putProperty("AZURE_AUTHORITY_HOST", arm.url())
                .build();
    }

    private ScanReport scan() {
        try (Reconciler r = new Reconciler(
                AzureReaders.create(URI.create(arm.url()), servicePrincipal(arm), 200),
                published::addAll,
                Clock.systemUTC())) {
            return r.scan(dir.resolve("iac"));
        }
    }

    @Test
    void liveResourcesAsDeclaredDifferInNothing() throws Exception {
        ScanReport r = scan();

        assertThat(r.problems()).isEmpty();
        assertThat(r.declared()).isEqualTo(AzureState.DECLARED);
        assertThat(r.unsupported())
                .as("every Azure type the catalog declares is read")
                .isZero();
        assertThat(r.observed()).isEqualTo(AzureState.DECLARED);
        assertThat(r.differing()).isEmpty();
        assertThat(arm.actions)
                .as("three NSGs, two a page: both pages read; the rules come with their groups")
                .filteredOn(a -> a.equals("Microsoft.Network/networkSecurityGroups/read"))
                .hasSize(2);
        assertThat(arm.tokenScopes)
                .as("one token, reused")
                .containsExactly("https://management.azure.com/.default openid profile offline_access");
        assertThat(published)
                .filteredOn(o -> o.resourceId().equals(AzureState.SSH.toLowerCase(Locale.ROOT)))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.reader()).isEqualTo("Microsoft.Network/networkSecurityGroups/read");
                    assertThat(o.attributes())
                            .containsEntry("source_prefixes", "[\"10.0.0.0/8\"]")
                            .containsEntry("destination_ports", "[\"22\"]");
                });
        assertThat(published)
                .filteredOn(o -> o.resourceId().equals(AzureState.NSG_DB.toLowerCase(Locale.ROOT)))
                .singleElement()
                .satisfies(o -> assertThat(o.attributes())
                        .containsEntry("rule_names", "[\"allow-postgres\"]")
                        .containsEntry("rule.allow-postgres", "true")
                        .containsEntry("tags.team", "\"shop\""));
    }

    @Test
    void theRoleAllowsExactlyTheReadsTheScanMakes() throws Exception {
        scan();

        JsonNode role = Json.MAPPER.readTree(ROLE.toFile());
        Set<String> allowed = new TreeSet<>();
        role.path("Actions").forEach(a -> allowed.add(a.asText()));
        assertThat(allowed).isEqualTo(new TreeSet<>(arm.actions));
        assertThat(allowed).allSatisfy(a -> assertThat(a).endsWith("/read"));
        assertThat(role.path("NotActions")).isEmpty();
        assertThat(role.path("DataActions"))
                .as("no data plane: no blob, key or secret contents")
                .isEmpty();
        assertThat(role.path("IsCustom").asBoolean()).isTrue();
    }

    @Test
    void driftMadeByHandIsWhatDiffers() {
        arm.child(AzureState.NSG_WEB, "securityRules", "allow-ssh")
                .with("properties")
                .put("sourceAddressPrefix", "*");
        ObjectNode vm = arm.get(AzureState.VM);
        vm.with("properties").with("hardwareProfile").put("vmSize", "Standard_D8s_v5");
        vm.with("tags").remove("env");
        ((ObjectNode) arm.get(AzureState.STORAGE).path("properties")).put("allowBlobPublicAccess", true);
        ((ObjectNode) arm.get(AzureState.SITE + "/config/web").path("properties")).put("minTlsVersion", "1.0");
        ((ObjectNode) arm.get(AzureState.DATABASE).path("sku")).put("capacity", 8);
        arm.child(AzureState.LB, "loadBalancingRules", "https")
                .with("properties")
                .put("backendPort", 80);
        // a rule added by hand to nsg-app, and nsg-db's declared rule deleted
        arm.get(AzureState.NSG_APP)
                .withArray("/properties/securityRules")
                .add(AzureState.rule("allow-rdp", 300, "Tcp", "3389", "*").arm(AzureState.NSG_APP));
        arm.get(AzureState.NSG_DB).withArray("/properties/securityRules").removeAll();

        ScanReport r = scan();

        assertThat(r.problems()).isEmpty();
        assertThat(r.differing())
                .containsExactlyInAnyOrder(
                        key(AzureState.SSH) + ": source_prefixes",
                        key(AzureState.VM) + ": tags.env, size",
                        key(AzureState.STORAGE) + ": public_blob_access",
                        key(AzureState.SITE) + ": min_tls_version",
                        key(AzureState.DATABASE) + ": sku_name",
                        key(AzureState.LB_RULE) + ": backend_port",
                        key(AzureState.NSG_APP) + ": rule_names",
                        key(AzureState.NSG_DB) + ": rule.allow-postgres, rule_names",
                        key(AzureState.POSTGRES) + ": access, destination_ports, destination_prefixes, direction,"
                                + " priority, protocol, source_ports, source_prefixes");
    }

    @Test
    void aDeletedResourceGroupTakesEverythingInItWithIt() {
        arm.deleteGroup(AzureState.SUB, "rg-shop");

        ScanReport r = scan();

        assertThat(r.problems()).isEmpty();
        assertThat(r.differing()).hasSize(AzureState.DECLARED);
    }

    @Test
    void aForbiddenReadIsReportedAndTheOthersAreStillRead() {
        arm.forbidden.add("Microsoft.Compute/virtualMachines/read");

        ScanReport r = scan();

        assertThat(r.problems())
                .singleElement()
                .asString()
                .startsWith(key(AzureState.VM).substring("azure:".length())
                        + ": forbidden (HTTP 403 AuthorizationFailed): the scanner's role must allow"
                        + " Microsoft.Compute/virtualMachines/read (The client '" + FakeArm.CLIENT_ID + "'");
        assertThat(r.observed()).isEqualTo(AzureState.DECLARED - 1);
    }

    @Test
    void aThrottledReadWaitsAsLongAsRetryAfterSaysAndIsRead() {
        arm.throttle.set(1);

        ScanReport r = scan();

        assertThat(r.problems()).isEmpty();
        assertThat(r.differing()).isEmpty();
        FakeArm.Answer throttled = arm.answers.get(0);
        FakeArm.Answer retried = arm.answers.get(1);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(retried.action()).isEqualTo(throttled.action());
        assertThat(Duration.between(throttled.at(), retried.at()))
                .as("Retry-After: 1")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void wrongCredentialsAreReportedPerResource() {
        Configuration wrong = new ConfigurationBuilder()
                .putProperty("AZURE_TENANT_ID", FakeArm.TENANT)
                .putProperty("AZURE_CLIENT_ID", FakeArm.CLIENT_ID)
                .putProperty("AZURE_CLIENT_SECRET", "not-the-secret")
                .putProperty("AZURE_AUTHORITY_HOST", arm.url())
                .build();
        try (Reconciler rc = new Reconciler(
                AzureReaders.create(URI.create(arm.url()), wrong, 200), published::addAll, Clock.systemUTC())) {
            ScanReport r = rc.scan(dir.resolve("iac"));
            assertThat(r.observed()).isZero();
            assertThat(r.problems())
                    .hasSize(AzureState.DECLARED)
                    .allSatisfy(p -> assertThat(p).contains("AADSTS7000215"));
            assertThat(arm.actions).as("no ARM call without a token").isEmpty();
            assertThat(arm.tokenRequests.get())
                    .as("a refused sign-in is not tried again per collection")
                    .isEqualTo(1);
        }
    }

    @Test
    void theManualShowsTheRoleUsersCreate() throws Exception {
        assertThat(Files.readString(Path.of("../docs/user-manual.md")))
                .contains("```json\n" + Files.readString(ROLE) + "```");
    }

    private static String key(String id) {
        return "azure:" + id.toLowerCase(Locale.ROOT);
    }
}
