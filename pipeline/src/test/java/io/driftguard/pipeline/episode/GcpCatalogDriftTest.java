package io.driftguard.pipeline.episode;

import static io.driftguard.ingest.catalog.TestEvents.gcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Unchanged;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every GCP catalog row against the Terraform state in {@code replay/iac/terraform/gcp-prod}: a call
 * that changes a declared attribute drifts it; one that sets an equal value (after normalisation)
 * or touches an undeclared attribute does not. Requests are in the shapes Cloud Audit Logs write;
 * each call goes through the episode operator's own rules ({@link CatalogDrift}).
 */
class GcpCatalogDriftTest {

    static CatalogDrift f;

    static final String FW = "projects/shop-prod/global/firewalls/allow-web";
    static final String VM = "projects/shop-prod/zones/europe-west1-b/instances/web-1";
    static final String MIG = "projects/shop-prod/zones/europe-west1-b/instanceGroupManagers/web-mig";
    static final String RMIG = "projects/shop-prod/regions/europe-west1/instanceGroupManagers/api-mig";
    static final String ASSETS = "projects/_/buckets/shop-prod-assets";
    static final String SITE = "projects/_/buckets/shop-prod-site";
    static final String PROJECT = "projects/shop-prod";
    static final String SQL = "projects/shop-prod/instances/orders-db";

    @BeforeAll
    static void read() {
        f = new CatalogDrift();
    }

    static AuditEvent compute(String method, String resource, String request) {
        return gcp("compute.googleapis.com", method, resource, request);
    }

    @Nested
    class Firewalls {
        @Test
        void openingToTheWorldDriftsSourceRanges() {
            AuditEvent e = compute(
                    "v1.compute.firewalls.patch",
                    FW,
                    "{\"@type\":\"type.googleapis.com/compute.firewalls.patch\",\"sourceRanges\":[\"0.0.0.0/0\"]}");
            assertThat(f.drift(FW, e)).containsExactly("source_ranges");
        }

        @Test
        void addingSshDriftsAllow() {
            AuditEvent e = compute(
                    "v1.compute.firewalls.patch",
                    FW,
                    "{\"@type\":\"type.googleapis.com/compute.firewalls.patch\","
                            + "\"alloweds\":[{\"IPProtocol\":\"tcp\",\"ports\":[\"22\",\"80\",\"443\",\"8000-8100\"]},{\"IPProtocol\":\"icmp\"}]}");
            assertThat(f.drift(FW, e)).containsExactly("allow");
            assertThat(f.change(FW, e, "allow").actual()).contains("\"tcp:22\"");
        }

        @Test
        void aPortAddedCarriesTheRulesUnchangedSourceRangesForTheJudge() {
            AuditEvent e = compute(
                    "v1.compute.firewalls.patch",
                    FW,
                    "{\"@type\":\"type.googleapis.com/compute.firewalls.patch\","
                            + "\"alloweds\":[{\"IPProtocol\":\"tcp\",\"ports\":[\"22\",\"80\",\"443\",\"8000-8100\"]},{\"IPProtocol\":\"icmp\"}]}");
            Finding finding = f.finding(FW, e);
            assertThat(finding.unchanged()).singleElement().satisfies(u -> {
                assertThat(u.path()).isEqualTo("source_ranges");
                assertThat(u.value()).isEqualTo(f.get(FW).attributes().get("source_ranges"));
            });
            // the sources themselves drifting: the ports are the unchanged qualifier instead
            AuditEvent world = compute(
                    "v1.compute.firewalls.patch",
                    FW,
                    "{\"@type\":\"type.googleapis.com/compute.firewalls.patch\",\"sourceRanges\":[\"0.0.0.0/0\"]}");
            assertThat(f.finding(FW, world).unchanged())
                    .extracting(Unchanged::path)
                    .containsExactly("allow");
        }

        @Test
        void theDeclaredRulesInOtherSpellingsAreNotDrift() {
            // upper-case protocol, protocol number, single-port range, ranges in another order, priority as text
            AuditEvent e = compute(
                    "v1.compute.firewalls.update",
                    FW,
                    "{\"@type\":\"type.googleapis.com/compute.firewalls.update\","
                            + "\"alloweds\":[{\"IPProtocol\":\"1\"},{\"IPProtocol\":\"TCP\",\"ports\":[\"443-443\",\"8000-8100\",\"80\"]}],"
                            + "\"sourceRanges\":[\"35.191.0.0/16\",\"10.0.0.0/8\"],\"priority\":\"1000\",\"targetTags\":[\"web\"],\"name\":\"allow-web\"}");
            assertThat(f.drift(FW, e)).isEmpty();
        }

        @Test
        void disablingAndDenyingDrift() {
            assertThat(f.drift(FW, compute("v1.compute.firewalls.patch", FW, "{\"disabled\":true}")))
                    .containsExactly("disabled");
            // Panther's sample shape: denieds items with IPProtocol "all"; the state declares no deny rules
            assertThat(
                            f.drift(
                                    FW,
                                    compute(
                                            "v1.compute.firewalls.patch",
                                            FW,
                                            "{\"@type\":\"type.googleapis.com/compute.firewalls.patch\",\"denieds\":[{\"IPProtocol\":\"all\"}]}")))
                    .containsExactly("deny");
            assertThat(f.drift(FW, compute("v1.compute.firewalls.patch", FW, "{\"priority\":900}")))
                    .containsExactly("priority");
        }
    }

    @Nested
    class Instances {
        @Test
        void machineType() {
            assertThat(
                            f.drift(
                                    VM,
                                    compute(
                                            "v1.compute.instances.setMachineType",
                                            VM,
                                            "{\"@type\":\"type.googleapis.com/compute.instances.setMachineType\",\"machineType\":\"zones/europe-west1-b/machineTypes/e2-standard-8\"}")))
                    .containsExactly("machine_type");
            assertThat(
                            f.drift(
                                    VM,
                                    compute(
                                            "v1.compute.instances.setMachineType",
                                            VM,
                                            "{\"machineType\":\"https://www.googleapis.com/compute/v1/projects/shop-prod/zones/europe-west1-b/machineTypes/e2-medium\"}")))
                    .isEmpty();
        }

        @Test
        void setLabelsReplacesTheMap() {
            assertThat(
                            f.drift(
                                    VM,
                                    compute(
                                            "v1.compute.instances.setLabels",
                                            VM,
                                            "{\"labels\":{\"team\":\"storefront\",\"env\":\"staging\"},\"labelFingerprint\":\"42WmSpB8rSM=\"}")))
                    .containsExactly("labels.env");
            assertThat(f.drift(
                            VM,
                            compute("v1.compute.instances.setLabels", VM, "{\"labels\":{\"team\":\"storefront\"}}")))
                    .as("a declared label left out is removed")
                    .containsExactly("labels.env");
            // Compute's list form; provider-owned goog- labels and a new undeclared label are not drift
            assertThat(
                            f.drift(
                                    VM,
                                    compute(
                                            "v1.compute.instances.setLabels",
                                            VM,
                                            "{\"labels\":[{\"key\":\"env\",\"value\":\"prod\"},"
                                                    + "{\"key\":\"team\",\"value\":\"storefront\"},{\"key\":\"goog-ops-agent-policy\",\"value\":\"v2\"},{\"key\":\"owner\",\"value\":\"x\"}]}")))
                    .isEmpty();
        }

        @Test
        void networkTagsCompareAsASet() {
            assertThat(f.drift(
                            VM,
                            compute(
                                    "v1.compute.instances.setTags",
                                    VM,
                                    "{\"tags\":{\"items\":[\"http-server\",\"web\"],\"fingerprint\":\"x\"}}")))
                    .isEmpty();
            assertThat(f.drift(
                            VM,
                            compute(
                                    "v1.compute.instances.setTags",
                                    VM,
                                    "{\"items\":[\"http-server\",\"web\",\"allow-ssh\"],\"fingerprint\":\"x\"}")))
                    .containsExactly("tags");
        }

        @Test
        void metadataDeltaMakesDeclaredKeysUnknownOnly() {
            // what the parser builds from protoPayload.metadata when the request carries no items
            AuditEvent declared = compute(
                    "v1.compute.instances.setMetadata",
                    VM,
                    "{\"metadata\":{\"@type\":\"type.googleapis.com/google.cloud.audit.GceInstanceAuditMetadata\","
                            + "\"instanceMetadataDelta\":{\"modifiedMetadataKeys\":[\"enable-oslogin\"]}}}");
            assertThat(f.drift(VM, declared)).containsExactly("metadata.enable-oslogin");
            assertThat(f.change(VM, declared, "metadata.enable-oslogin").actualKnown())
                    .as("actual unknown")
                    .isFalse();
            AuditEvent sshKeys = compute(
                    "v1.compute.instances.setMetadata",
                    VM,
                    "{\"metadata\":{\"instanceMetadataDelta\":{\"addedMetadataKeys\":[\"ssh-keys\"]}}}");
            assertThat(f.drift(VM, sshKeys)).isEmpty();
            AuditEvent deleted = compute(
                    "v1.compute.instances.setMetadata",
                    VM,
                    "{\"metadata\":{\"instanceMetadataDelta\":{\"deletedMetadataKeys\":[\"enable-oslogin\"]}}}");
            assertThat(f.drift(VM, deleted)).containsExactly("metadata.enable-oslogin");
            AuditEvent items = compute(
                    "v1.compute.instances.setMetadata",
                    VM,
                    "{\"items\":[{\"key\":\"enable-oslogin\",\"value\":\"TRUE\"},{\"key\":\"startup-script\",\"value\":\"echo\"}],\"fingerprint\":\"x\"}");
            assertThat(f.drift(VM, items)).isEmpty();
        }
    }

    @Nested
    class InstanceGroups {
        @Test
        void resize() {
            assertThat(
                            f.drift(
                                    MIG,
                                    compute(
                                            "v1.compute.instanceGroupManagers.resize",
                                            MIG,
                                            "{\"@type\":\"type.googleapis.com/compute.instanceGroupManagers.resize\",\"size\":\"1\"}")))
                    .containsExactly("target_size");
            assertThat(f.drift(MIG, compute("v1.compute.instanceGroupManagers.resize", MIG, "{\"size\":3}")))
                    .isEmpty();
            assertThat(f.drift(RMIG, compute("v1.compute.regionInstanceGroupManagers.resize", RMIG, "{\"size\":8}")))
                    .containsExactly("target_size");
        }

        @Test
        void sizeFromTheQueryOrUnknown() {
            assertThat(f.drift(
                            RMIG,
                            compute(
                                    "v1.compute.regionInstanceGroupManagers.resize",
                                    RMIG + "?size=2",
                                    "{\"@type\":\"type.googleapis.com/compute.regionInstanceGroupManagers.resize\"}")))
                    .containsExactly("target_size");
            AuditEvent noSize = compute(
                    "v1.compute.instanceGroupManagers.resize",
                    MIG,
                    "{\"@type\":\"type.googleapis.com/compute.instanceGroupManagers.resize\"}");
            assertThat(f.drift(MIG, noSize)).containsExactly("target_size");
            assertThat(f.change(MIG, noSize, "target_size").actualKnown())
                    .as("actual unknown")
                    .isFalse();
            // the operation's last entry carries no request: it completes the first, it says nothing itself
            assertThat(f.catalog.interpret(compute("v1.compute.instanceGroupManagers.resize", MIG, null)))
                    .isEmpty();
        }
    }

    @Nested
    class Buckets {
        static final String ALL_USERS_VIEWER =
                "{\"serviceData\":{\"@type\":\"type.googleapis.com/google.iam.v1.logging.AuditData\","
                        + "\"policyDelta\":{\"bindingDeltas\":[{\"action\":\"%s\",\"role\":\"roles/storage.objectViewer\",\"member\":\"allUsers\"}]}}}";

        @Test
        void makingAManagedBucketPublicDrifts() {
            AuditEvent e = gcp(
                    "storage.googleapis.com", "storage.setIamPermissions", ASSETS, ALL_USERS_VIEWER.formatted("ADD"));
            assertThat(f.drift(ASSETS, e)).containsExactly("iam.public.allUsers");
        }

        @Test
        void aPublicGrantTheStateDeclaresIsNotDriftAndRemovingItIs() {
            assertThat(f.get(SITE).attributes())
                    .containsEntry("iam.public.allUsers", "true")
                    .containsEntry("iam.public.allAuthenticatedUsers", "false")
                    .containsEntry("iam.member.roles/storage.objectViewer allUsers", "true");
            assertThat(f.drift(
                            SITE,
                            gcp(
                                    "storage.googleapis.com",
                                    "storage.setIamPermissions",
                                    SITE,
                                    ALL_USERS_VIEWER.formatted("ADD"))))
                    .isEmpty();
            assertThat(f.drift(
                            SITE,
                            gcp(
                                    "storage.googleapis.com",
                                    "storage.setIamPermissions",
                                    SITE,
                                    ALL_USERS_VIEWER.formatted("REMOVE"))))
                    .containsExactlyInAnyOrder("iam.member.roles/storage.objectViewer allUsers", "iam.public.allUsers");
        }

        @Test
        void anAuthoritativeBindingDriftsOnANewMemberOfItsRole() {
            String delta =
                    "{\"serviceData\":{\"policyDelta\":{\"bindingDeltas\":[{\"action\":\"ADD\",\"role\":\"roles/storage.objectAdmin\","
                            + "\"member\":\"user:mallory@example.com\"},{\"action\":\"ADD\",\"role\":\"roles/storage.legacyBucketReader\",\"member\":\"user:bob@example.com\"}]}}}";
            assertThat(f.drift(ASSETS, gcp("storage.googleapis.com", "storage.setIamPermissions", ASSETS, delta)))
                    .containsExactly("iam.binding.roles/storage.objectAdmin");
        }

        @Test
        void versioningAndUniformAccess() {
            assertThat(f.drift(
                            ASSETS,
                            gcp(
                                    "storage.googleapis.com",
                                    "storage.buckets.patch",
                                    ASSETS,
                                    "{\"versioning\":{\"enabled\":false}}")))
                    .containsExactly("versioning.enabled");
            assertThat(f.drift(
                            ASSETS,
                            gcp(
                                    "storage.googleapis.com",
                                    "storage.buckets.update",
                                    ASSETS,
                                    "{\"name\":\"shop-prod-assets\",\"versioning\":{\"enabled\":true},\"iamConfiguration\":{\"uniformBucketLevelAccess\":{\"enabled\":true}},"
                                            + "\"labels\":{\"team\":\"storefront\"}}")))
                    .isEmpty();
            assertThat(f.drift(
                            ASSETS,
                            gcp(
                                    "storage.googleapis.com",
                                    "storage.buckets.patch",
                                    ASSETS,
                                    "{\"labels\":{\"team\":\"growth\"}}")))
                    .containsExactly("labels.team");
        }

        @Test
        void anUpdateLoggedWithoutItsRequestMakesTheDeclaredSettingsUnknown() {
            // Cloud Storage's usual admin-activity entry for buckets.update has no request at all
            AuditEvent e = gcp("storage.googleapis.com", "storage.buckets.update", ASSETS, null);
            assertThat(f.drift(ASSETS, e))
                    .containsExactlyInAnyOrder("versioning.enabled", "uniform_bucket_level_access");
            assertThat(f.drift(SITE, gcp("storage.googleapis.com", "storage.buckets.update", SITE, null)))
                    .as("the site bucket declares no versioning")
                    .containsExactly("uniform_bucket_level_access");
        }
    }

    @Nested
    class ProjectIam {
        static final String POLICY =
                "{\"@type\":\"type.googleapis.com/google.iam.v1.SetIamPolicyRequest\",\"resource\":\"shop-prod\","
                        + "\"policy\":{\"bindings\":[{\"role\":\"roles/owner\",\"members\":[%s]},"
                        + "{\"role\":\"roles/viewer\",\"members\":[\"serviceAccount:ci@shop-prod.iam.gserviceaccount.com\",\"user:ann@example.com\"]}],\"etag\":\"BwX=\"}}";

        @Test
        void aNewOwnerDriftsTheOwnerBinding() {
            AuditEvent e = gcp(
                    "cloudresourcemanager.googleapis.com",
                    "SetIamPolicy",
                    PROJECT,
                    POLICY.formatted("\"group:platform-admins@example.com\",\"user:backdoor@example.com\""));
            assertThat(f.drift(PROJECT, e)).containsExactly("iam.binding.roles/owner");
        }

        @Test
        void theSamePolicyWithOtherRolesIsNotDrift() {
            AuditEvent e = gcp(
                    "cloudresourcemanager.googleapis.com",
                    "SetIamPolicy",
                    PROJECT,
                    POLICY.formatted("\"group:platform-admins@example.com\""));
            assertThat(f.drift(PROJECT, e)).isEmpty();
        }

        @Test
        void aPolicyWithoutADeclaredMemberDriftsIt() {
            AuditEvent e = gcp(
                    "cloudresourcemanager.googleapis.com",
                    "SetIamPolicy",
                    PROJECT,
                    "{\"policy\":{\"bindings\":[{\"role\":\"roles/owner\",\"members\":[\"group:platform-admins@example.com\"]}]}}");
            assertThat(f.drift(PROJECT, e))
                    .containsExactly("iam.member.roles/viewer serviceAccount:ci@shop-prod.iam.gserviceaccount.com");
        }

        @Test
        void bindingDeltasToo() {
            AuditEvent e = gcp(
                    "cloudresourcemanager.googleapis.com",
                    "SetIamPolicy",
                    PROJECT,
                    "{\"serviceData\":{\"policyDelta\":{\"bindingDeltas\":[{\"action\":\"REMOVE\",\"role\":\"roles/owner\",\"member\":\"group:platform-admins@example.com\"}]}}}");
            assertThat(f.drift(PROJECT, e)).containsExactly("iam.binding.roles/owner");
        }
    }

    @Nested
    class CloudSql {
        static final String SQL_PATCH =
                "{\"@type\":\"type.googleapis.com/google.cloud.sql.v1beta4.SqlInstancesPatchRequest\","
                        + "\"project\":\"shop-prod\",\"instance\":\"orders-db\",\"body\":{\"settings\":%s}}";

        @Test
        void disablingBackupsAndDeletionProtectionDrift() {
            AuditEvent e = gcp(
                    "cloudsql.googleapis.com",
                    "cloudsql.instances.patch",
                    SQL,
                    SQL_PATCH.formatted(
                            "{\"backupConfiguration\":{\"enabled\":false},\"deletionProtectionEnabled\":false}"));
            assertThat(f.drift(SQL, e)).containsExactlyInAnyOrder("backup_enabled", "deletion_protection");
        }

        @Test
        void authorizedNetworksCompareAsASetOfNetworks() {
            AuditEvent open = gcp(
                    "cloudsql.googleapis.com",
                    "cloudsql.instances.update",
                    SQL,
                    SQL_PATCH.formatted(
                            "{\"ipConfiguration\":{\"authorizedNetworks\":[{\"value\":\"203.0.113.0/24\",\"name\":\"office\"},{\"value\":\"0.0.0.0/0\"}]}}"));
            assertThat(f.drift(SQL, open)).containsExactly("authorized_networks");
            AuditEvent same = gcp(
                    "cloudsql.googleapis.com",
                    "cloudsql.instances.update",
                    SQL,
                    SQL_PATCH.formatted(
                            "{\"tier\":\"db-custom-2-7680\",\"ipConfiguration\":{\"authorizedNetworks\":[{\"value\":\"203.0.113.7/24\",\"name\":\"renamed\"}]}}"));
            assertThat(f.drift(SQL, same)).isEmpty();
        }

        @Test
        void tier() {
            assertThat(f.drift(
                            SQL,
                            gcp(
                                    "cloudsql.googleapis.com",
                                    "cloudsql.instances.patch",
                                    SQL,
                                    "{\"settings\":{\"tier\":\"db-custom-8-30720\"}}")))
                    .containsExactly("tier");
        }
    }
}
