package io.driftguard.pipeline.episode;

import static io.driftguard.ingest.catalog.TestEvents.azure;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.state.ResourceChange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every Azure catalog row against the Terraform state in {@code replay/iac/terraform/azure-prod}.
 * Request bodies are the parsed {@code properties.requestbody} as the Activity Log writes it
 * (property names in any case, resource ids in any case). Each call goes through the episode
 * operator's own rules ({@link CatalogDrift}).
 */
class AzureCatalogDriftTest {

    static CatalogDrift f;

    static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
    static final String NSG_WEB =
            SUB + "/resourcegroups/rg-web/providers/microsoft.network/networksecuritygroups/nsg-web";
    static final String NSG_DATA =
            SUB + "/resourcegroups/rg-data/providers/microsoft.network/networksecuritygroups/nsg-data";
    static final String VM = SUB + "/resourcegroups/rg-web/providers/microsoft.compute/virtualmachines/vm-app-1";
    static final String VMSS =
            SUB + "/resourcegroups/rg-web/providers/microsoft.compute/virtualmachinescalesets/vmss-workers";
    static final String SA = SUB + "/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/stshopdata";
    static final String FWR =
            SUB + "/resourcegroups/rg-data/providers/microsoft.sql/servers/sql-shop/firewallrules/office";
    static final String KV = SUB + "/resourcegroups/rg-data/providers/microsoft.keyvault/vaults/kv-shop";

    @BeforeAll
    static void read() {
        f = new CatalogDrift();
    }

    static AuditEvent write(String op, String id, String body) {
        return azure(op, id, body, Outcome.SUCCESS);
    }

    static String rule(String access, int priority, String protocol, String dstPorts, String src) {
        return "{\"properties\":{\"protocol\":\"" + protocol + "\",\"sourcePortRange\":\"*\"," + dstPorts
                + ",\"sourceAddressPrefix\":\"" + src + "\",\"destinationAddressPrefix\":\"*\",\"access\":\"" + access
                + "\",\"priority\":" + priority
                + ",\"direction\":\"Inbound\",\"sourcePortRanges\":[],\"destinationPortRanges\":[]}}";
    }

    @Nested
    class SecurityRules {
        static final String WRITE = "Microsoft.Network/networkSecurityGroups/securityRules/write";
        static final String HTTP = NSG_WEB + "/securityRules/AllowHttp";

        @Test
        void anInlineRuleOpenedToAnyDrifts() {
            AuditEvent e = write(
                    WRITE,
                    HTTP,
                    "{\"properties\":{\"protocol\":\"*\",\"sourcePortRange\":\"*\","
                            + "\"destinationPortRanges\":[\"80\",\"443\"],\"sourceAddressPrefix\":\"*\",\"destinationAddressPrefix\":\"*\","
                            + "\"access\":\"Allow\",\"priority\":100,\"direction\":\"Inbound\"}}");
            assertThat(f.drift(HTTP.toLowerCase(), e)).containsExactlyInAnyOrder("protocol", "source_prefixes");
        }

        @Test
        void theDeclaredRuleInOtherCasesAndFormsIsNotDrift() {
            // TCP for Tcp, 443-443 for 443, keys in other case, any for Internet's case
            AuditEvent e = write(
                    WRITE,
                    HTTP,
                    "{\"Properties\":{\"Protocol\":\"TCP\",\"SourcePortRange\":\"Any\","
                            + "\"DestinationPortRanges\":[\"443-443\",\"80\"],\"SourceAddressPrefix\":\"internet\",\"DestinationAddressPrefix\":\"*\","
                            + "\"Access\":\"allow\",\"Priority\":\"100\",\"Direction\":\"Inbound\"}}");
            assertThat(f.drift(HTTP.toLowerCase(), e)).isEmpty();
        }

        @Test
        void aNewRuleDriftsTheGroupsRuleSet() {
            String rdp = NSG_WEB + "/securityRules/AllowRDP";
            AuditEvent e = write(WRITE, rdp, rule("Allow", 300, "Tcp", "\"destinationPortRange\":\"3389\"", "*"));
            assertThat(f.drift(NSG_WEB, e)).containsExactly("rule_names");
            assertThat(f.catalog.interpret(e))
                    .extracting(ResourceChange::resourceId)
                    .containsExactly(rdp.toLowerCase(), NSG_WEB);
        }

        @Test
        void aSeparateRuleResourceAndItsDeletion() {
            String pg = NSG_DATA + "/securityRules/AllowPostgresFromApp";
            assertThat(f.get(pg.toLowerCase()).resourceType()).isEqualTo("azurerm_network_security_rule");
            assertThat(f.drift(
                            pg.toLowerCase(),
                            write(
                                    WRITE,
                                    pg,
                                    rule("Allow", 100, "Tcp", "\"destinationPortRange\":\"5432\"", "0.0.0.0/0"))))
                    .containsExactly("source_prefixes");
            assertThat(f.drift(
                            pg.toLowerCase(),
                            write(
                                    WRITE,
                                    pg,
                                    rule("Allow", 100, "Tcp", "\"destinationPortRange\":\"5432\"", "10.1.0.7/24"))))
                    .isEmpty();
            AuditEvent delete = write("Microsoft.Network/networkSecurityGroups/securityRules/delete", pg, null);
            assertThat(f.drift(NSG_DATA, delete)).containsExactlyInAnyOrder("rule_names", "rule.allowpostgresfromapp");
            assertThat(f.catalog.interpret(delete))
                    .as("a delete counts at the group only, so it makes one finding")
                    .extracting(ResourceChange::resourceId)
                    .containsExactly(NSG_DATA);
        }

        @Test
        void theExportsStartRecordCarriesTheBodyAndTheSuccessRecordNothing() {
            String ssh = NSG_WEB + "/securityRules/AllowSshFromBastion";
            String open = rule("Allow", 200, "Tcp", "\"destinationPortRange\":\"22\"", "*");
            AuditEvent start = azure(WRITE, ssh, open, Outcome.IN_PROGRESS);
            assertThat(f.drift(ssh.toLowerCase(), start))
                    .containsExactlyInAnyOrder("source_prefixes", "destination_prefixes");
            assertThat(f.catalog.interpret(azure(WRITE, ssh, null, Outcome.SUCCESS)))
                    .isEmpty();
            assertThat(f.catalog.interpret(azure(WRITE, ssh, open, Outcome.FAILURE)))
                    .isEmpty();
        }
    }

    @Test
    void virtualMachineSizeAndTags() {
        String op = "Microsoft.Compute/virtualMachines/write";
        assertThat(
                        f.drift(
                                VM,
                                write(
                                        op,
                                        VM,
                                        "{\"location\":\"westeurope\",\"properties\":{\"hardwareProfile\":{\"vmSize\":\"Standard_D8s_v3\"}}}")))
                .containsExactly("size");
        assertThat(f.drift(
                        VM,
                        write(
                                op,
                                VM,
                                "{\"properties\":{\"hardwareProfile\":{\"vmSize\":\"standard_d2s_v3\"}},"
                                        + "\"tags\":{\"team\":\"web\",\"env\":\"prod\",\"patched\":\"2024-08\"}}")))
                .isEmpty();
        assertThat(f.drift(VM, write(op, VM, "{\"tags\":{\"team\":\"web\"}}")))
                .as("tags replace the map")
                .containsExactly("tags.env");
    }

    @Test
    void scaleSetCapacityAndSku() {
        String op = "Microsoft.Compute/virtualMachineScaleSets/write";
        assertThat(f.drift(
                        VMSS,
                        write(op, VMSS, "{\"sku\":{\"name\":\"Standard_F2\",\"tier\":\"Standard\",\"capacity\":10}}")))
                .containsExactly("instances");
        assertThat(f.drift(VMSS, write(op, VMSS, "{\"sku\":{\"name\":\"Standard_F4\",\"capacity\":3}}")))
                .containsExactly("sku");
        assertThat(f.drift(VMSS, write(op, VMSS, "{\"sku\":{\"capacity\":\"3\"}}")))
                .isEmpty();
    }

    @Test
    void storageAccount() {
        String op = "Microsoft.Storage/storageAccounts/write";
        // Panther's sample body
        assertThat(f.drift(SA, write(op, SA, "{\"properties\":{\"allowBlobPublicAccess\":true}}")))
                .containsExactly("public_blob_access");
        assertThat(
                        f.drift(
                                SA,
                                write(
                                        op,
                                        SA,
                                        "{\"properties\":{\"minimumTlsVersion\":\"TLS1_0\",\"supportsHttpsTrafficOnly\":false}}")))
                .containsExactlyInAnyOrder("min_tls_version", "https_only");
        assertThat(f.drift(
                        SA,
                        write(
                                op,
                                SA,
                                "{\"properties\":{\"networkAcls\":{\"defaultAction\":\"Allow\",\"bypass\":\"AzureServices\","
                                        + "\"ipRules\":[{\"value\":\"203.0.113.0/24\",\"action\":\"Allow\"}]}}}")))
                .containsExactly("network_rules.default_action");
        assertThat(
                        f.drift(
                                SA,
                                write(
                                        op,
                                        SA,
                                        "{\"properties\":{\"networkAcls\":{\"defaultAction\":\"Deny\",\"bypass\":\"Logging, AzureServices\","
                                                + "\"ipRules\":[{\"value\":\"203.0.113.9/24\",\"action\":\"Allow\"}],\"virtualNetworkRules\":[]}}}")))
                .containsExactly("network_rules.bypass");
    }

    @Test
    void sqlFirewallRule() {
        assertThat(
                        f.drift(
                                FWR,
                                write(
                                        "Microsoft.Sql/servers/firewallRules/write",
                                        FWR,
                                        "{\"properties\":{\"startIpAddress\":\"0.0.0.0\",\"endIpAddress\":\"255.255.255.255\"}}")))
                .containsExactlyInAnyOrder("start_ip", "end_ip");
        assertThat(
                        f.drift(
                                FWR,
                                write(
                                        "Microsoft.Sql/servers/firewallRules/write",
                                        FWR,
                                        "{\"properties\":{\"startIpAddress\":\"203.0.113.0\",\"endIpAddress\":\"203.0.113.255\"}}")))
                .isEmpty();
        assertThat(f.drift(FWR, write("Microsoft.Sql/servers/firewallRules/delete", FWR, null)))
                .containsExactlyInAnyOrder("start_ip", "end_ip");
    }

    @Test
    void keyVault() {
        String op = "Microsoft.KeyVault/vaults/write";
        assertThat(
                        f.drift(
                                KV,
                                write(
                                        op,
                                        KV,
                                        "{\"properties\":{\"enablePurgeProtection\":false,\"networkAcls\":{\"defaultAction\":\"Allow\"}}}")))
                .containsExactlyInAnyOrder("purge_protection", "network_acls.default_action");
        assertThat(f.drift(
                        KV,
                        write(
                                op,
                                KV,
                                "{\"properties\":{\"softDeleteRetentionInDays\":7,\"networkAcls\":{\"bypass\":\"AzureServices\","
                                        + "\"ipRules\":[{\"value\":\"198.51.100.7\"}]}}}")))
                .containsExactly("soft_delete_retention_days");
    }
}
