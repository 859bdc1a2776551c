package io.driftguard.ingest.catalog;

import static io.driftguard.ingest.catalog.TestEvents.aws;
import static io.driftguard.ingest.catalog.TestEvents.azure;
import static io.driftguard.ingest.catalog.TestEvents.gcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.core.state.ResourceKey;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the catalog reads from a call (which resource, under which key and type, or nothing at all)
 * meets what the IaC readers declare for the test replay folder. Whether the call then drifts the
 * declaration is judged by the episode operator's rules: see the pipeline's catalog drift tests.
 */
class CatalogResourceKeysTest {

    static DesiredFixture f;

    @BeforeAll
    static void read() {
        f = new DesiredFixture();
    }

    @Test
    void awsChangesCarryTheResourceKey() {
        List<ResourceChange> c = f.catalog.interpret(aws(
                "rds.amazonaws.com",
                "ModifyDBInstance",
                "Checkout-DB",
                "{\"dBInstanceIdentifier\":\"Checkout-DB\",\"multiAZ\":false}"));
        assertThat(c).singleElement().satisfies(rc -> {
            assertThat(rc.key())
                    .isEqualTo(ResourceKey.of(Cloud.AWS, "checkout-db"))
                    .isEqualTo(f.get("checkout-db").key());
            assertThat(rc.resourceType()).isEqualTo("AWS::RDS::DBInstance");
            assertThat(rc.changes()).containsExactly(AttributeChange.set("multi_az", "false"));
        });
    }

    @Test
    void failedAndReadOnlyAwsCallsChangeNothing() {
        String req = "{\"dBInstanceIdentifier\":\"checkout-db\",\"publiclyAccessible\":true}";
        assertThat(f.catalog.interpret(TestEvents.event(
                        Cloud.AWS,
                        "rds.amazonaws.com",
                        "ModifyDBInstance",
                        "checkout-db",
                        req,
                        Outcome.FAILURE,
                        false)))
                .isEmpty();
        assertThat(f.catalog.interpret(TestEvents.event(
                        Cloud.AWS, "rds.amazonaws.com", "ModifyDBInstance", "checkout-db", req, Outcome.SUCCESS, true)))
                .isEmpty();
        assertThat(f.catalog.interpret(aws("rds.amazonaws.com", "DescribeDBInstances", null, "{}")))
                .isEmpty();
        assertThat(f.catalog.interpret(aws("rds.amazonaws.com", "ModifyDBInstance", "checkout-db", "not json")))
                .isEmpty();
    }

    @Test
    void userDataIsNotACatalogAttribute() {
        // Panther's ModifyInstanceAttribute-userdata shape: nothing the catalog manages.
        assertThat(f.catalog.interpret(aws(
                        "ec2.amazonaws.com",
                        "ModifyInstanceAttribute",
                        "i-0app",
                        "{\"instanceId\":\"i-0app\",\"userData\":\"<sensitiveDataRemoved>\"}")))
                .isEmpty();
    }

    @Test
    void instancesOfACountedResourceInAModuleAreSeparate() {
        assertThat(f.get("i-0w0").iac().address()).isEqualTo("module.workers.aws_instance.worker[0]");
        assertThat(f.get("i-0w1").iac().address()).isEqualTo("module.workers.aws_instance.worker[1]");
        assertThat(f.get("vol-0blue").iac().address())
                .isEqualTo("module.volumes[\"blue\"].aws_ebs_volume.data[\"blue\"]");
        assertThat(f.get("i-0w1").iac().path()).isEqualTo("terraform/aws-prod/checkout/");
    }

    @Test
    void gcpChangesCarryTheDeclaredResourceType() {
        String fw = "projects/shop-prod/global/firewalls/allow-web";
        assertThat(f.catalog.interpret(
                        gcp("compute.googleapis.com", "v1.compute.firewalls.patch", fw, "{\"disabled\":true}")))
                .extracting(ResourceChange::resourceType)
                .containsExactly("google_compute_firewall");
        assertThat(f.get(fw).iac().address()).isEqualTo("google_compute_firewall.web");
        assertThat(f.get(fw).iac().path()).isEqualTo("terraform/gcp-prod/web/");
    }

    @Test
    void upperCaseAzureOperationNamesAreTheSameCall() {
        String vm =
                "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-web/providers/microsoft.compute/"
                        + "virtualmachines/vm-app-1";
        List<ResourceChange> c = f.catalog.interpret(azure(
                "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE",
                vm.toUpperCase(),
                "{\"properties\":{\"hardwareProfile\":{\"vmSize\":\"Standard_B1s\"}}}",
                Outcome.SUCCESS));
        assertThat(c)
                .singleElement()
                .satisfies(rc -> assertThat(rc.key()).isEqualTo(f.get(vm).key()));
    }
}
