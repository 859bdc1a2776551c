package io.driftguard.judge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding.SeverityEntry;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.testing.Episodes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The default severity where a change means something only with what it did not change (the
 * finding's {@code unchanged} attributes), where address ranges and NetworkPolicy peers are
 * compared by what they admit, and where a GCS bucket is made public through its public-member
 * flag. Values are in the canonical shapes the catalog emits, one nested class per cloud.
 */
class SeverityReadsWhatTheChangeLeftTest {

    static final String ADMIN_PORT = "admin or database port open to 0.0.0.0/0 or ::/0";
    static final String WIDENED = "other ingress widened";
    static final String TIGHTENED = SeverityReadsTheChangeTest.TIGHTENED;
    static final String WILDCARD = SeverityReadsTheChangeTest.WILDCARD;
    static final String PRINCIPAL_GRANTED = SeverityReadsTheChangeTest.PRINCIPAL_GRANTED;
    static final String STORAGE_PUBLIC = "storage made public";

    static SeverityPolicy.Assessment rate(Episodes e) {
        return SeverityReadsTheChangeTest.rate(e);
    }

    static Episodes on(Cloud cloud, String type, String id) {
        return SeverityReadsTheChangeTest.on(cloud, type, id);
    }

    @Nested
    class Gcp {

        static final String FIREWALL = "projects/p/global/firewalls/web";

        @Test
        void anAdminPortAddedToARuleThatAlreadyAdmitsTheInternetIsHigh() {
            SeverityPolicy.Assessment s = rate(on(Cloud.GCP, "google_compute_firewall", FIREWALL)
                    .change("allow", "[\"tcp:443\",\"tcp:80\"]", "[\"tcp:22\",\"tcp:443\",\"tcp:80\"]")
                    .unchanged("source_ranges", "[\"0.0.0.0/0\"]"));
            assertThat(s.level()).isEqualTo(Severity.HIGH);
            assertThat(s.entries()).singleElement().satisfies(e -> {
                assertThat(e.rule()).isEqualTo(ADMIN_PORT);
                assertThat(e.detail()).contains("22 (SSH)").contains("0.0.0.0/0");
            });
        }

        @Test
        void theSamePortOnAnInternalRuleOrAWebPortOnAWorldRuleIsOnlyWidening() {
            assertThat(rate(on(Cloud.GCP, "google_compute_firewall", FIREWALL)
                                    .change("allow", "[\"tcp:443\"]", "[\"tcp:22\",\"tcp:443\"]")
                                    .unchanged("source_ranges", "[\"10.0.0.0/8\"]"))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(WIDENED);
            assertThat(rate(on(Cloud.GCP, "google_compute_firewall", FIREWALL)
                                    .change("allow", "[\"tcp:443\"]", "[\"tcp:443\",\"tcp:8443\"]")
                                    .unchanged("source_ranges", "[\"0.0.0.0/0\"]"))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(WIDENED);
        }

        @Test
        void theInternetAddedAsASourceIsJudgedWithTheUnchangedPorts() {
            // before, the ports were not part of the change, so admin ports were assumed exposed
            assertThat(rate(on(Cloud.GCP, "google_compute_firewall", FIREWALL)
                                    .change("source_ranges", "[\"10.0.0.0/8\"]", "[\"0.0.0.0/0\",\"10.0.0.0/8\"]")
                                    .unchanged("allow", "[\"tcp:443\"]"))
                            .level())
                    .isEqualTo(Severity.MEDIUM);
        }

        @Test
        void aBucketMadePublicThroughItsPublicMemberFlagIsStorageMadePublic() {
            SeverityPolicy.Assessment s = rate(on(Cloud.GCP, "google_storage_bucket", "projects/_/buckets/assets")
                    .change("iam.public.allUsers", "false", "true"));
            assertThat(s.level()).isEqualTo(Severity.HIGH);
            assertThat(s.entries()).extracting(SeverityEntry::rule).containsExactly(STORAGE_PUBLIC);
            assertThat(rate(on(Cloud.GCP, "google_storage_bucket", "projects/_/buckets/assets")
                                    .change("iam.public.allAuthenticatedUsers", "true", "false"))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(TIGHTENED);
        }
    }

    @Nested
    class Azure {

        static final String SQL_RULE =
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.sql/servers/db/" + "firewallrules/office-vpn";

        @Test
        void aSqlRangeMovedToAnAddressItDidNotAdmitWidensThoughItIsSmaller() {
            SeverityPolicy.Assessment s = rate(on(Cloud.AZURE, "azurerm_mssql_firewall_rule", SQL_RULE)
                    .change("end_ip", "\"198.51.100.20\"", "\"203.0.113.7\"")
                    .change("start_ip", "\"198.51.100.10\"", "\"203.0.113.7\""));
            assertThat(s.level()).isEqualTo(Severity.MEDIUM);
            assertThat(s.entries()).extracting(SeverityEntry::rule).containsExactly(WIDENED);
        }

        @Test
        void aSqlRangeThatOnlyLostAddressesTightens() {
            assertThat(rate(on(Cloud.AZURE, "azurerm_mssql_firewall_rule", SQL_RULE)
                                    .change("end_ip", "\"198.51.100.20\"", "\"198.51.100.12\"")
                                    .unchanged("start_ip", "\"198.51.100.10\""))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(TIGHTENED);
        }

        @Test
        void oneBoundMovedSoTheUnchangedOtherMakesTheWholeInternetIsHigh() {
            SeverityPolicy.Assessment s = rate(on(Cloud.AZURE, "azurerm_mssql_firewall_rule", SQL_RULE)
                    .change("end_ip", "\"0.0.0.0\"", "\"255.255.255.255\"")
                    .unchanged("start_ip", "\"0.0.0.0\""));
            assertThat(s.level()).isEqualTo(Severity.HIGH);
            assertThat(s.entries()).extracting(SeverityEntry::rule).containsExactly(ADMIN_PORT);
        }

        @Test
        void anNsgRuleThatAlreadyAdmitsTheInternetGainingRdpIsHigh() {
            String nsgRule = "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/"
                    + "web/securityrules/allow-https";
            assertThat(rate(on(Cloud.AZURE, "azurerm_network_security_rule", nsgRule)
                                    .change("destination_ports", "[\"443\"]", "[\"3389\",\"443\"]")
                                    .unchanged("source_prefixes", "[\"*\"]")
                                    .unchanged("access", "\"allow\"")
                                    .unchanged("direction", "\"inbound\""))
                            .level())
                    .isEqualTo(Severity.HIGH);
            assertThat(rate(on(Cloud.AZURE, "azurerm_network_security_rule", nsgRule)
                                    .change("destination_ports", "[\"443\"]", "[\"3389\",\"443\"]")
                                    .unchanged("source_prefixes", "[\"*\"]")
                                    .unchanged("access", "\"deny\""))
                            .level())
                    .isEqualTo(Severity.MEDIUM);
        }
    }

    @Nested
    class Kubernetes {

        static final String SUBJECTS_BEFORE = "[{\"kind\":\"Group\",\"name\":\"oidc:discovery\"}]";
        static final String SUBJECTS_AFTER =
                "[{\"kind\":\"Group\",\"name\":\"oidc:discovery\"},{\"kind\":\"User\",\"name\":\"ci-bot\"}]";

        @Test
        void aSubjectAddedToAClusterAdminBindingIsHigh() {
            SeverityPolicy.Assessment s = rate(
                    on(Cloud.KUBERNETES, "ClusterRoleBinding", "prod/ClusterRoleBinding/discovery")
                            .change("subjects", SUBJECTS_BEFORE, SUBJECTS_AFTER)
                            .unchanged(
                                    "role_ref",
                                    "{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"}"));
            assertThat(s.level()).isEqualTo(Severity.HIGH);
            assertThat(s.entries()).singleElement().satisfies(e -> {
                assertThat(e.rule()).isEqualTo(WILDCARD);
                assertThat(e.detail()).contains("User ci-bot bound to cluster-admin");
            });
        }

        @Test
        void aSubjectAddedToABindingOfAnOrdinaryRoleIsANewPrincipal() {
            assertThat(rate(on(Cloud.KUBERNETES, "RoleBinding", "prod/shop/RoleBinding/readers")
                                    .change("subjects", SUBJECTS_BEFORE, SUBJECTS_AFTER)
                                    .unchanged("role_ref", "{\"kind\":\"Role\",\"name\":\"pod-reader\"}"))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(PRINCIPAL_GRANTED);
        }

        static final String FROM_EVERY_NAMESPACE =
                "[{\"from\":[{\"namespaceSelector\":{}}]," + "\"ports\":[{\"port\":8080,\"protocol\":\"TCP\"}]}]";
        static final String FROM_INGRESS_NGINX = "[{\"from\":[{\"namespaceSelector\":{\"matchLabels\":"
                + "{\"kubernetes.io/metadata.name\":\"ingress-nginx\"}}}],\"ports\":[{\"port\":8080,\"protocol\":\"TCP\"}]}]";

        @Test
        void ingressNarrowedFromEveryNamespaceToOneOnlyTightens() {
            SeverityPolicy.Assessment s = rate(on(Cloud.KUBERNETES, "NetworkPolicy", "prod/shop/NetworkPolicy/api")
                    .change("spec.ingress", FROM_EVERY_NAMESPACE, FROM_INGRESS_NGINX));
            assertThat(s.level()).isEqualTo(Severity.LOW);
            assertThat(s.entries()).extracting(SeverityEntry::rule).containsExactly(TIGHTENED);
        }

        @Test
        void ingressOpenedFromOneNamespaceToEveryNamespaceOrABroaderBlockWidens() {
            assertThat(rate(on(Cloud.KUBERNETES, "NetworkPolicy", "prod/shop/NetworkPolicy/api")
                                    .change("spec.ingress", FROM_INGRESS_NGINX, FROM_EVERY_NAMESPACE))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(WIDENED);
            assertThat(rate(on(Cloud.KUBERNETES, "NetworkPolicy", "prod/shop/NetworkPolicy/api")
                                    .change(
                                            "spec.ingress",
                                            "[{\"from\":[{\"ipBlock\":{\"cidr\":\"10.1.0.0/16\"}}]}]",
                                            "[{\"from\":[{\"ipBlock\":{\"cidr\":\"10.0.0.0/8\"}}]}]"))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(WIDENED);
        }
    }
}
