package io.driftguard.reconcile.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.reconcile.ScanObservation;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GCP scan through Google's HTTP client and auth library (a service account key exchanged for a
 * token) against a local fake of the token endpoint and the Compute REST API. End to end through the
 * job: {@code GcpReconcileIT}.
 */
class GcpScanTest {

    @TempDir
    Path dir;

    private FakeGcp gcp;
    private Path key;
    private final List<ScanObservation> published = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        gcp = new FakeGcp();
        key = gcp.serviceAccountKey(dir);
        GcpState.live(gcp);
        GcpState.write(dir.resolve("iac"));
    }

    @AfterEach
    void stop() {
        gcp.close();
    }

    private ScanReport scan(long pageSize) {
        try (Reconciler r = new Reconciler(
                GcpReaders.create(URI.create(gcp.url()), key, 200, pageSize), published::addAll, Clock.systemUTC())) {
            return r.scan(dir.resolve("iac"));
        }
    }

    @Test
    void liveResourcesAsDeclaredDifferInNothing() {
        ScanReport r = scan(1);

        assertThat(r.problems()).isEmpty();
        assertThat(r.declared()).isEqualTo(4);
        assertThat(r.observed()).isEqualTo(4);
        assertThat(r.differing()).isEmpty();
        assertThat(gcp.permissions)
                .as("three firewalls one a page, every nextPageToken followed; one instance page")
                .containsExactly(
                        "compute.firewalls.list",
                        "compute.firewalls.list",
                        "compute.firewalls.list",
                        "compute.instances.list");
        assertThat(gcp.tokensIssued.get()).as("one token, reused").isEqualTo(1);
        assertThat(published)
                .filteredOn(o -> o.resourceId().equals(GcpState.VM))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.reader()).isEqualTo("compute.instances.list");
                    assertThat(o.attributes()).containsEntry("machine_type", "\"e2-medium\"");
                });
    }

    @Test
    void driftMadeByHandIsWhatDiffers() {
        gcp.get(GcpState.WEB).withArray("sourceRanges").add("0.0.0.0/0");
        ObjectNode vm = gcp.get(GcpState.VM);
        vm.put("machineType", vm.path("machineType").asText().replace("e2-medium", "e2-standard-8"));
        ((ObjectNode) vm.path("labels")).put("env", "debug");
        gcp.delete(GcpState.IAP);

        ScanReport r = scan(500);

        assertThat(r.problems()).isEmpty();
        assertThat(r.differing())
                .containsExactlyInAnyOrder(
                        "gcp:" + GcpState.WEB + ": source_ranges",
                        "gcp:" + GcpState.IAP + ": allow, deny, destination_ranges, disabled, priority,"
                                + " source_ranges, source_tags, target_tags",
                        "gcp:" + GcpState.VM + ": labels.env, machine_type");
    }

    @Test
    void aForbiddenCollectionIsReportedAndTheOthersAreStillRead() {
        gcp.forbidden.add("instances");

        ScanReport r = scan(500);

        assertThat(r.problems())
                .singleElement()
                .asString()
                .isEqualTo(GcpState.VM + ": forbidden (HTTP 403): the scanner's role must include"
                        + " compute.instances.list (Required 'compute.instances.list' permission for"
                        + " 'projects/shop-prod')");
        assertThat(r.observed()).isEqualTo(3);
    }

    @Test
    void theManualShowsTheRoleUsersApply() throws Exception {
        String role = Files.readString(Path.of("../deploy/permissions/gcp-reconcile-role.yaml"));
        String body = role.substring(role.indexOf("title:"));
        assertThat(Files.readString(Path.of("../docs/user-manual.md"))).contains("```yaml\n" + body + "```");
    }
}
