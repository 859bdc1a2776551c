package io.driftguard.judge.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every reading rule with canonical values in the shapes the catalog tables emit. */
class ChangeSemanticsTest {

    static ChangeSemantics read(String type, String id, Change... changes) {
        return ChangeSemantics.of(Finding.builder()
                .cloud(Cloud.AWS)
                .resourceType(type)
                .resourceId(id)
                .changes(List.of(changes))
                .build());
    }

    static ChangeSemantics read(Change... changes) {
        return read("aws_security_group", "sg-1", changes);
    }

    static Change c(String path, String desired, String actual) {
        return new Change(path, desired, actual, true);
    }

    static final String SSH_INTERNAL = "{\"from_port\":22,\"peer\":\"10.0.0.0/8\",\"protocol\":\"tcp\",\"to_port\":22}";
    static final String SSH_WORLD = "{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}";
    static final String HTTPS_WORLD = "{\"from_port\":443,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":443}";

    @Nested
    class Network {
        @Test
        void sshOpenedToTheWorldIsAdminPortOpen() {
            ChangeSemantics s =
                    read(c("ingress", "[" + SSH_INTERNAL + "]", "[" + SSH_INTERNAL + "," + SSH_WORLD + "]"));
            assertThat(s.adminOrDatabasePortOpenToWorld()).isTrue();
            assertThat(s.of(Meaning.ADMIN_PORT_OPEN_TO_WORLD).get(0).detail())
                    .contains("22 (SSH)")
                    .contains("0.0.0.0/0");
            assertThat(s.widening()).isFalse();
        }

        @Test
        void ipv6WorldAndAllTrafficCountToo() {
            String all = "{\"peer\":\"::/0\",\"protocol\":\"-1\"}";
            assertThat(read(c("ingress", "[]", "[" + all + "]")).adminOrDatabasePortOpenToWorld())
                    .isTrue();
            String pg = "{\"from_port\":5000,\"peer\":\"::/0\",\"protocol\":\"tcp\",\"to_port\":6000}";
            assertThat(read(c("ingress", "[]", "[" + pg + "]"))
                            .of(Meaning.ADMIN_PORT_OPEN_TO_WORLD)
                            .get(0)
                            .detail())
                    .contains("5432 (PostgreSQL)");
        }

        @Test
        void httpsToTheWorldIsOtherWidening() {
            ChangeSemantics s = read(c("ingress", "[]", "[" + HTTPS_WORLD + "]"));
            assertThat(s.adminOrDatabasePortOpenToWorld()).isFalse();
            assertThat(s.widening()).isTrue();
        }

        @Test
        void revokedRuleTightens() {
            ChangeSemantics s =
                    read(c("ingress", "[" + SSH_INTERNAL + "," + SSH_WORLD + "]", "[" + SSH_INTERNAL + "]"));
            assertThat(s.tightening()).isTrue();
            assertThat(s.widening()).isFalse();
        }

        @Test
        void narrowerCidrTightensWithoutWidening() {
            String narrow = SSH_INTERNAL.replace("10.0.0.0/8", "10.1.2.0/24");
            ChangeSemantics s = read(c("ingress", "[" + SSH_INTERNAL + "]", "[" + narrow + "]"));
            assertThat(s.tightening()).isTrue();
            assertThat(s.widening()).isFalse();
        }

        @Test
        void widerCidrWidens() {
            String wide = SSH_INTERNAL.replace("10.0.0.0/8", "10.0.0.0/7");
            ChangeSemantics s = read(c("ingress", "[" + SSH_INTERNAL + "]", "[" + wide + "]"));
            assertThat(s.widening()).isTrue();
            assertThat(s.tightening()).isFalse();
        }

        @Test
        void revokeByRuleIdWithUnknownRulesTightens() {
            assertThat(read(new Change("ingress", "[" + SSH_WORLD + "]", null, false))
                            .tightening())
                    .isTrue();
        }

        @Test
        void splitRuleResourceRemovedTightens() {
            assertThat(read(c("ingress_rule." + SSH_WORLD, "true", "null")).tightening())
                    .isTrue();
        }

        @Test
        void gcpFirewallOpenedToTheWorldWithoutPortsInTheChangeIsAssumedAdmin() {
            ChangeSemantics s = read(
                    "google_compute_firewall",
                    "projects/p/global/firewalls/fw",
                    c("source_ranges", "[\"10.0.0.0/8\"]", "[\"0.0.0.0/0\",\"10.0.0.0/8\"]"));
            assertThat(s.adminOrDatabasePortOpenToWorld()).isTrue();
        }

        @Test
        void gcpFirewallOpenedToTheWorldForHttpsOnlyIsWidening() {
            ChangeSemantics s = read(
                    "google_compute_firewall",
                    "projects/p/global/firewalls/fw",
                    c("source_ranges", "[\"10.0.0.0/8\"]", "[\"0.0.0.0/0\"]"),
                    c("allow", "[\"tcp:22\"]", "[\"tcp:443\"]"));
            assertThat(s.adminOrDatabasePortOpenToWorld()).isFalse();
            assertThat(s.widening()).isTrue();
        }

        @Test
        void gcpFirewallRangeOfPortsWithMysqlIsAdmin() {
            ChangeSemantics s = read(
                    "google_compute_firewall",
                    "fw",
                    c("source_ranges", "[\"10.0.0.0/8\"]", "[\"0.0.0.0/0\"]"),
                    c("allow", "[\"tcp:443\"]", "[\"tcp:3000-4000\"]"));
            assertThat(s.of(Meaning.ADMIN_PORT_OPEN_TO_WORLD).get(0).detail()).contains("3306 (MySQL)");
        }

        @Test
        void azureNsgRuleFromInternetIsAdminUnlessDeny() {
            ChangeSemantics open = read(
                    "azurerm_network_security_rule",
                    "/subscriptions/s/x",
                    c("source_prefixes", "[\"10.0.0.0/16\"]", "[\"internet\"]"),
                    c("destination_ports", "[\"443\"]", "[\"3389\"]"));
            assertThat(open.of(Meaning.ADMIN_PORT_OPEN_TO_WORLD).get(0).detail())
                    .contains("3389 (RDP)");
            ChangeSemantics deny = read(
                    "azurerm_network_security_rule",
                    "/subscriptions/s/x",
                    c("source_prefixes", "[\"10.0.0.0/16\"]", "[\"*\"]"),
                    c("access", "\"allow\"", "\"deny\""));
            assertThat(deny.adminOrDatabasePortOpenToWorld()).isFalse();
            assertThat(deny.tightening()).isTrue();
        }

        @Test
        void azureSqlFirewallWholeInternetIsDatabaseOpen() {
            ChangeSemantics s = read(
                    "azurerm_mssql_firewall_rule",
                    "/subscriptions/s/fr",
                    c("start_ip", "\"203.0.113.10\"", "\"0.0.0.0\""),
                    c("end_ip", "\"203.0.113.10\"", "\"255.255.255.255\""));
            assertThat(s.of(Meaning.ADMIN_PORT_OPEN_TO_WORLD).get(0).detail()).contains("1433");
            ChangeSemantics deleted = read(
                    "azurerm_mssql_firewall_rule",
                    "/subscriptions/s/fr",
                    c("start_ip", "\"203.0.113.10\"", "null"),
                    c("end_ip", "\"203.0.113.10\"", "null"));
            assertThat(deleted.tightening()).isTrue();
            ChangeSemantics wider =
                    read("azurerm_mssql_firewall_rule", "fr", c("end_ip", "\"203.0.113.10\"", "\"203.0.113.20\""));
            assertThat(wider.widening()).isTrue();
        }

        @Test
        void cloudSqlAuthorizedNetworkWorldIsDatabaseOpen() {
            assertThat(read(c("authorized_networks", "[\"203.0.113.0/24\"]", "[\"0.0.0.0/0\",\"203.0.113.0/24\"]"))
                            .adminOrDatabasePortOpenToWorld())
                    .isTrue();
        }

        @Test
        void defaultActionAllowWidensAndDenyTightens() {
            assertThat(read(c("network_rules.default_action", "\"deny\"", "\"allow\""))
                            .widening())
                    .isTrue();
            assertThat(read(c("network_acls.default_action", "\"allow\"", "\"deny\""))
                            .tightening())
                    .isTrue();
        }

        @Test
        void kubernetesServiceExposedAndNetworkPolicyDeletedWiden() {
            assertThat(read(c("spec.type", "\"ClusterIP\"", "\"LoadBalancer\"")).widening())
                    .isTrue();
            assertThat(read(c("spec.ingress", "[{\"from\":[{\"podSelector\":{}}]}]", "null"))
                            .widening())
                    .isTrue();
        }
    }

    @Nested
    class StorageAndAccess {
        @Test
        void s3PublicAclAndGrants() {
            assertThat(read(c("acl", "\"private\"", "\"public-read\"")).storagePublic())
                    .isTrue();
            assertThat(read(c("acl", "\"private\"", "[\"AllUsers:READ\",\"owner:FULL_CONTROL\",\"user:abc:READ\"]"))
                            .storagePublic())
                    .isTrue();
            assertThat(read(c("acl", "\"public-read\"", "\"private\"")).tightening())
                    .isTrue();
            assertThat(read(c("acl", "\"private\"", "\"log-delivery-write\"")).storagePublic())
                    .isFalse();
        }

        @Test
        void bucketPolicyWithPrincipalStarAndNoCondition() {
            String pub =
                    "{\"Statement\":[{\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},\"Resource\":[\"arn:aws:s3:::b/*\"]}],\"Version\":\"2012-10-17\"}";
            String cond = pub.replace(
                    "\"Resource\"", "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\"]}},\"Resource\"");
            assertThat(read(c("policy", "null", pub)).storagePublic()).isTrue();
            assertThat(read(c("policy", "null", cond)).storagePublic()).isFalse();
            assertThat(read(c("policy", pub, "null")).tightening()).isTrue();
        }

        @Test
        void deletingAPolicyWithDenyWidens() {
            String deny =
                    "{\"Statement\":[{\"Action\":[\"s3:*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":[\"false\"]}},\"Effect\":\"Deny\",\"Principal\":{\"AWS\":[\"*\"]},\"Resource\":[\"*\"]}]}";
            assertThat(read(c("policy", deny, "null")).widening()).isTrue();
        }

        @Test
        void publicAccessBlockOffIsPublicAndOnTightens() {
            assertThat(read(c("public_access_block.block_public_acls", "true", "false"))
                            .storagePublic())
                    .isTrue();
            assertThat(read(c("public_access_block.restrict_public_buckets", "false", "true"))
                            .tightening())
                    .isTrue();
        }

        @Test
        void gcsAllUsersAndAzureBlobPublic() {
            assertThat(read(c("iam.public_members", "[]", "[\"roles/storage.objectViewer allUsers\"]"))
                            .storagePublic())
                    .isTrue();
            assertThat(read(c("iam.members", "[]", "[\"roles/storage.objectViewer allAuthenticatedUsers\"]"))
                            .storagePublic())
                    .isTrue();
            assertThat(read(c("public_blob_access", "false", "true")).storagePublic())
                    .isTrue();
            assertThat(read(c("publicly_accessible", "false", "true")).storagePublic())
                    .isTrue();
        }

        @Test
        void adminPolicyAttachedAndDetached() {
            String admin = "arn:aws:iam::aws:policy/AdministratorAccess";
            assertThat(read(c("managed_policy_arns", "[]", "[\"" + admin + "\"]"))
                            .policyGrantsWildcardOrAdmin())
                    .isTrue();
            assertThat(read(c("managed_policy_arns", "[]", "[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]"))
                            .newPrincipalGranted())
                    .isTrue();
            assertThat(read(c("managed_policy_arns", "[\"" + admin + "\"]", "[]"))
                            .tightening())
                    .isTrue();
            assertThat(read(c("managed_policy_arn." + admin, "true", "null")).tightening())
                    .isTrue();
        }

        @Test
        void inlinePolicyWithStarActions() {
            String star = "{\"Statement\":[{\"Action\":[\"*\"],\"Effect\":\"Allow\",\"Resource\":[\"*\"]}]}";
            assertThat(read(c("inline_policy.break-glass", "null", star)).policyGrantsWildcardOrAdmin())
                    .isTrue();
            assertThat(read(c("inline_policy.break-glass", star, "null")).tightening())
                    .isTrue();
        }

        @Test
        void trustPolicyNewPrincipal() {
            String before =
                    "{\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"ec2.amazonaws.com\"]}}]}";
            String after = before.replace("]}}", "],\"AWS\":[\"arn:aws:iam::999999999999:root\"]}}");
            ChangeSemantics s = read(c("assume_role_policy", before, after));
            assertThat(s.of(Meaning.NEW_PRINCIPAL_GRANTED).get(0).detail()).contains("999999999999");
        }

        @Test
        void gcpOwnerAndKubernetesClusterAdmin() {
            assertThat(read(c(
                                    "iam.binding.roles/owner",
                                    "[\"user:a@example.com\"]",
                                    "[\"user:a@example.com\",\"user:b@example.com\"]"))
                            .policyGrantsWildcardOrAdmin())
                    .isTrue();
            assertThat(read(c("iam.members", "[]", "[\"roles/viewer user:b@example.com\"]"))
                            .newPrincipalGranted())
                    .isTrue();
            ChangeSemantics k8s = read(
                    "ClusterRoleBinding",
                    "prod/ClusterRoleBinding/ops",
                    c("subjects", "[]", "[{\"kind\":\"User\",\"name\":\"mallory\"}]"),
                    c(
                            "role_ref",
                            "{\"kind\":\"ClusterRole\",\"name\":\"view\"}",
                            "{\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"}"));
            assertThat(k8s.policyGrantsWildcardOrAdmin()).isTrue();
            assertThat(read(c("rules", "[]", "[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]"))
                            .policyGrantsWildcardOrAdmin())
                    .isTrue();
            assertThat(read(c("subjects", "[]", "[{\"kind\":\"User\",\"name\":\"bob\"}]"))
                            .newPrincipalGranted())
                    .isTrue();
        }
    }

    @Nested
    class ProtectionAndCompliance {
        @Test
        void encryption() {
            assertThat(read(c("encryption.sse_algorithm", "\"aws:kms\"", "null"))
                            .encryptionDisabled())
                    .isTrue();
            assertThat(read(c("encryption.sse_algorithm", "null", "\"AES256\"")).tightening())
                    .isTrue();
            assertThat(read(c("https_only", "true", "false")).encryptionDisabled())
                    .isTrue();
            assertThat(read(c("min_tls_version", "\"TLS1_2\"", "\"TLS1_0\"")).has(Meaning.TLS_WEAKENED))
                    .isTrue();
            assertThat(read(c("min_tls_version", "\"TLS1_0\"", "\"TLS1_2\"")).tightening())
                    .isTrue();
        }

        @Test
        void auditLogging() {
            assertThat(read(c("logging_enabled", "true", "false")).auditLoggingDisabled())
                    .isTrue();
            assertThat(read(c("logging_enabled", "false", "true")).tightening()).isTrue();
            assertThat(read(c("logging.target_bucket", "\"logs\"", "null")).auditLoggingDisabled())
                    .isTrue();
            assertThat(read(c("log_file_validation", "true", "false")).has(Meaning.AUDIT_LOG_VALIDATION_OFF))
                    .isTrue();
        }

        @Test
        void backupsAndDeletionProtection() {
            ChangeSemantics s = read(c("backup_retention_period", "7", "1"));
            assertThat(s.backupRetentionLowered()).isTrue();
            assertThat(s.backupDisabled()).isFalse();
            assertThat(read(c("backup_retention_period", "7", "0")).backupDisabled())
                    .isTrue();
            assertThat(read(c("backup_retention_period", "7", "14")).backupRetentionLowered())
                    .isFalse();
            assertThat(read(c("backup_enabled", "true", "false")).backupDisabled())
                    .isTrue();
            assertThat(read(c("deletion_protection", "true", "false")).deletionProtectionOff())
                    .isTrue();
            assertThat(read(c("disable_api_termination", "true", "false")).deletionProtectionOff())
                    .isTrue();
        }

        @Test
        void keyProtection() {
            assertThat(read(c("purge_protection", "true", "false")).mfaOrKeyProtectionRemoved())
                    .isTrue();
            assertThat(read(c("soft_delete", "true", "false")).mfaOrKeyProtectionRemoved())
                    .isTrue();
            assertThat(read(c("versioning.mfa_delete", "true", "false")).mfaOrKeyProtectionRemoved())
                    .isTrue();
        }

        @Test
        void tags() {
            assertThat(read(c("tags.CostCenter", "\"cc-1\"", "null")).requiredTagsRemoved())
                    .isTrue();
            ChangeSemantics changed = read(c("labels.env", "\"prod\"", "\"production\""));
            assertThat(changed.otherTagChange()).isTrue();
            assertThat(changed.requiredTagsRemoved()).isFalse();
        }
    }

    @Nested
    class CapacityAndCost {
        @Test
        void desiredCapacityHalved() {
            ChangeSemantics s = read("aws_autoscaling_group", "asg", c("desired_capacity", "6", "3"));
            assertThat(s.capacityReduction()).isEqualTo(0.5);
            assertThat(s.cost().relative()).isEqualTo(-0.5);
            assertThat(s.cost().basis()).contains("desired capacity 6 -> 3 x one instance");
        }

        @Test
        void replicasAndTargetSizeAndScaleSetInstances() {
            assertThat(read("Deployment", "c/ns/Deployment/web", c("spec.replicas", "3", "10"))
                            .capacityIncreased())
                    .isTrue();
            assertThat(read(c("target_size", "4", "3")).capacityReduction()).isEqualTo(0.75);
            assertThat(read(c("memory_size", "1024", "512")).capacityReduction())
                    .isEqualTo(0.5);
            assertThat(read(c("spec.template.spec.containers.web.resources.limits.memory", "536870912", "268435456"))
                            .capacityReduction())
                    .isEqualTo(0.5);
        }

        @Test
        void instanceSizeRanksWithinFamily() {
            ChangeSemantics s = read("aws_instance", "i-1", c("instance_type", "\"t3.medium\"", "\"t3.small\""));
            assertThat(s.sizes().get(0).ratio()).isEqualTo(0.5);
            assertThat(Sizes.ratio("n1-standard-2", "n1-standard-4")).isEqualTo(2.0);
            assertThat(Sizes.ratio("standard_d2s_v3", "standard_d4s_v3")).isEqualTo(2.0);
            assertThat(Sizes.ratio("db.t3.medium", "db.r5.large")).isEqualTo(4.0);
            assertThat(Sizes.ratio("m7g.4xlarge", "m7g.16xlarge")).isEqualTo(4.0);
            assertThat(Sizes.ratio("t3.large", "c6g.large")).isNull();
        }

        @Test
        void costOfAnInstanceTypeChange() {
            ChangeSemantics s = read("aws_instance", "i-1", c("instance_type", "\"t3.medium\"", "\"m5.4xlarge\""));
            assertThat(s.cost().monthlyBefore()).isEqualTo(30.37);
            assertThat(s.cost().monthlyAfter()).isEqualTo(560.64);
            assertThat(s.cost().basis()).contains("t3.medium").contains("m5.4xlarge");
        }

        @Test
        void scaleSetSizeAndCountCombine() {
            ChangeSemantics s = read(
                    "azurerm_linux_virtual_machine_scale_set",
                    "vmss",
                    c("sku", "\"standard_d4s_v3\"", "\"standard_d2s_v3\""),
                    c("instances", "4", "8"));
            assertThat(s.capacityRatios()).containsExactly(1.0);
            assertThat(s.cost().monthlyBefore()).isEqualTo(s.cost().monthlyAfter());
        }

        @Test
        void cloudSqlCustomTierIsPricedByFormula() {
            ChangeSemantics s = read(
                    "google_sql_database_instance", "p:db", c("tier", "\"db-custom-2-7680\"", "\"db-custom-8-30720\""));
            assertThat(s.sizes().get(0).ratio()).isEqualTo(4.0);
            assertThat(s.cost().monthlyAfter()).isGreaterThan(s.cost().monthlyBefore() * 3.9);
        }

        @Test
        void timeoutsLowered() {
            assertThat(read(c("timeout", "30", "3")).timeoutsLowered()).isTrue();
            assertThat(read(c("timeout", "3", "30")).timeoutsLowered()).isFalse();
        }
    }

    @Test
    void descriptionsSayWhatChangedInPlainEnglish() {
        ChangeSemantics s = read(
                "aws_instance",
                "i-1",
                c("instance_type", "\"t3.medium\"", "\"t3.large\""),
                new Change("environment", "{\"A\":\"1\"}", null, false));
        assertThat(s.descriptions())
                .containsExactly(
                        "the instance type (instance_type): declared t3.medium, now t3.large",
                        "the function's environment variables (environment): declared {\"A\":\"1\"}, now an unknown value (the log hides it)");
    }

    @Test
    void malformedValuesAreReadAsAbsentNotThrown() {
        ChangeSemantics s = read(c("ingress", "{not json", "[1,2"), c("instance_type", "3", "{}"));
        assertThat(s.observations()).isEmpty();
    }
}
