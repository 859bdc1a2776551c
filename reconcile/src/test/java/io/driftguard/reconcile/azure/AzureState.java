package io.driftguard.reconcile.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Azure scan tests declare, and the same resources live: one resource of every ARM type the
 * catalog's Terraform rows declare, in resource group {@code rg-shop}, as Terraform state (azurerm
 * provider 3.x/4.x attribute names) and as ARM returns them (its documented response shapes: camel-case
 * properties, empty lists written, read-only properties added). Three NSGs, one a page of two in the
 * fake, so listing them takes two pages.
 */
final class AzureState {

    static final String SUB = "5f2c9a1e-3b4d-4e6f-8a7b-9c0d1e2f3a4b";
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-shop";
    private static final String P = RG + "/providers/";

    static final String NSG_WEB = P + "Microsoft.Network/networkSecurityGroups/nsg-web";
    static final String NSG_DB = P + "Microsoft.Network/networkSecurityGroups/nsg-db";
    static final String NSG_APP = P + "Microsoft.Network/networkSecurityGroups/nsg-app";
    static final String SSH = NSG_WEB + "/securityRules/allow-ssh";
    static final String POSTGRES = NSG_DB + "/securityRules/allow-postgres";
    static final String VM = P + "Microsoft.Compute/virtualMachines/vm-web-1";
    static final String STORAGE = P + "Microsoft.Storage/storageAccounts/stshopdata";
    static final String VAULT = P + "Microsoft.KeyVault/vaults/kv-shop";
    static final String SQL = P + "Microsoft.Sql/servers/sql-shop";
    static final String DATABASE = SQL + "/databases/orders";
    static final String SITE = P + "Microsoft.Web/sites/shop-web";
    static final String VNET = P + "Microsoft.Network/virtualNetworks/vnet-shop";
    static final String SUBNET = VNET + "/subnets/snet-app";
    static final String LB = P + "Microsoft.Network/loadBalancers/lb-web";
    static final String LB_RULE = LB + "/loadBalancingRules/https";

    /** Resource keys the state declares (inline NSG rules are resources of their own). */
    static final int DECLARED = 34;

    private AzureState() {}

    /** Writes {@code terraform/azure-prod/shop/terraform.tfstate} under {@code iac}. */
    static void write(Path iac) throws IOException {
        List<String> r = new ArrayList<>();
        r.add(tf("azurerm_resource_group", "shop", """
                {"id": "%s", "name": "rg-shop", "location": "westeurope", "tags": {"team": "shop"}}""".formatted(RG)));
        r.add(tf(
                "azurerm_network_security_group",
                "web",
                nsgTf(
                        NSG_WEB,
                        "nsg-web",
                        rule("allow-https", 100, "Tcp", "443", "Internet").tf(),
                        rule("allow-ssh", 110, "Tcp", "22", "10.0.0.0/8").tf())));
        // nsg-db's rule is its own resource; the group's state lists it too, as azurerm's computed copy
        Rule postgres = rule("allow-postgres", 120, "Tcp", "5432", "10.20.1.0/24");
        r.add(tf("azurerm_network_security_group", "db", nsgTf(NSG_DB, "nsg-db", postgres.tf())));
        ObjectNode separate = postgres.tfNode();
        separate.put("id", POSTGRES);
        separate.put("network_security_group_name", "nsg-db");
        separate.put("resource_group_name", "rg-shop");
        r.add(tf("azurerm_network_security_rule", "postgres", separate.toString()));
        r.add(tf(
                "azurerm_network_security_group",
                "app",
                nsgTf(
                        NSG_APP,
                        "nsg-app",
                        rule("allow-http", 100, "Tcp", "8080", "VirtualNetwork").tf())));
        r.add(tf("azurerm_linux_virtual_machine", "web_1", """
                {"id": "%s", "name": "vm-web-1", "size": "Standard_D2s_v5", "admin_username": "azureuser",
                 "tags": {"team": "shop", "env": "prod"}}""".formatted(VM)));
        r.add(tf("azurerm_linux_virtual_machine_scale_set", "workers", """
                {"id": "%s", "name": "vmss-workers", "sku": "Standard_D4s_v5", "instances": 3, "tags": {"team": "shop"}}""".formatted(
                        P + "Microsoft.Compute/virtualMachineScaleSets/vmss-workers")));
        r.add(tf("azurerm_storage_account", "data", """
                {"id": "%s", "name": "stshopdata", "account_tier": "Standard", "account_replication_type": "ZRS",
                 "allow_nested_items_to_be_public": false, "min_tls_version": "TLS1_2", "https_traffic_only_enabled": true,
                 "network_rules": [{"default_action": "Deny", "bypass": ["AzureServices"], "ip_rules": ["203.0.113.0/24"],
                                    "virtual_network_subnet_ids": ["%s"], "private_link_access": []}],
                 "tags": {"team": "shop"}}""".formatted(STORAGE, SUBNET)));
        r.add(tf("azurerm_storage_container", "tfstate", """
                {"id": "https://stshopdata.blob.core.windows.net/exports", "name": "exports",
                 "storage_account_name": "stshopdata", "container_access_type": "private",
                 "resource_manager_id": "%s"}""".formatted(
                        STORAGE + "/blobServices/default/containers/exports")));
        r.add(tf("azurerm_mssql_server", "shop", """
                {"id": "%s", "name": "sql-shop", "version": "12.0", "public_network_access_enabled": false,
                 "minimum_tls_version": "1.2", "tags": {"team": "data"}}""".formatted(SQL)));
        r.add(tf("azurerm_mssql_firewall_rule", "office", """
                {"id": "%s", "name": "office", "start_ip_address": "203.0.113.10", "end_ip_address": "203.0.113.20"}""".formatted(SQL + "/firewallRules/office")));
        r.add(tf("azurerm_mssql_database", "orders", """
                {"id": "%s", "name": "orders", "sku_name": "GP_Gen5_2", "zone_redundant": false, "tags": {"team": "data"}}""".formatted(DATABASE)));
        r.add(tf("azurerm_cosmosdb_account", "shop", """
                {"id": "%s", "name": "cosmos-shop", "offer_type": "Standard", "public_network_access_enabled": false,
                 "ip_range_filter": ["198.51.100.0/24"], "local_authentication_disabled": true, "tags": {"team": "data"}}""".formatted(
                        P + "Microsoft.DocumentDB/databaseAccounts/cosmos-shop")));
        r.add(tf("azurerm_key_vault", "shop", """
                {"id": "%s", "name": "kv-shop", "sku_name": "standard", "tenant_id": "%s",
                 "purge_protection_enabled": false, "soft_delete_retention_days": 90,
                 "network_acls": [{"default_action": "Deny", "bypass": "AzureServices", "ip_rules": ["203.0.113.0/24"],
                                   "virtual_network_subnet_ids": []}], "tags": {"team": "shop"}}""".formatted(VAULT, FakeArm.TENANT)));
        r.add(tf("azurerm_key_vault_key", "orders", """
                {"id": "https://kv-shop.vault.azure.net/keys/orders-cmk/8d6e4f1a2b3c4d5e", "name": "orders-cmk",
                 "resource_id": "%s", "key_type": "RSA", "key_size": 2048,
                 "key_opts": ["decrypt", "encrypt", "unwrapKey", "wrapKey"], "tags": {"purpose": "cmk"}}""".formatted(VAULT + "/keys/orders-cmk")));
        r.add(tf("azurerm_key_vault_secret", "db_password", """
                {"id": "https://kv-shop.vault.azure.net/secrets/db-password/0a1b2c3d4e5f", "name": "db-password",
                 "resource_id": "%s", "content_type": "password", "value": "not-read", "tags": {}}""".formatted(VAULT + "/secrets/db-password")));
        r.add(tf("azurerm_linux_web_app", "shop", """
                {"id": "%s", "name": "shop-web", "https_only": true, "client_certificate_enabled": false,
                 "public_network_access_enabled": true,
                 "site_config": [{"minimum_tls_version": "1.2", "ftps_state": "Disabled", "always_on": true}],
                 "tags": {"team": "shop"}}""".formatted(SITE)));
        r.add(tf("azurerm_kubernetes_cluster", "shop", """
                {"id": "%s", "name": "aks-shop", "kubernetes_version": "1.29.4", "local_account_disabled": true,
                 "api_server_access_profile": [{"authorized_ip_ranges": ["198.51.100.0/24"]}], "tags": {"team": "platform"}}""".formatted(
                        P + "Microsoft.ContainerService/managedClusters/aks-shop")));
        r.add(tf("azurerm_kubernetes_cluster_node_pool", "general", """
                {"id": "%s", "name": "general", "node_count": 3, "vm_size": "Standard_D4s_v5", "min_count": 3, "max_count": 6}""".formatted(
                        P + "Microsoft.ContainerService/managedClusters/aks-shop/agentPools/general")));
        r.add(tf("azurerm_public_ip", "lb", """
                {"id": "%s", "name": "pip-lb", "allocation_method": "Static", "sku": "Standard", "idle_timeout_in_minutes": 4,
                 "ddos_protection_mode": "VirtualNetworkInherited", "tags": {"team": "shop"}}""".formatted(P + "Microsoft.Network/publicIPAddresses/pip-lb")));
        r.add(tf("azurerm_lb", "web", """
                {"id": "%s", "name": "lb-web", "sku": "Standard", "tags": {"team": "shop"}}""".formatted(LB)));
        r.add(tf("azurerm_lb_rule", "https", """
                {"id": "%s", "name": "https", "loadbalancer_id": "%s", "frontend_port": 443, "backend_port": 8443,
                 "protocol": "Tcp", "idle_timeout_in_minutes": 4}""".formatted(LB_RULE, LB)));
        r.add(tf("azurerm_virtual_network", "shop", """
                {"id": "%s", "name": "vnet-shop", "address_space": ["10.20.0.0/16"], "dns_servers": [], "tags": {"team": "shop"}}""".formatted(VNET)));
        r.add(tf("azurerm_subnet", "app", """
                {"id": "%s", "name": "snet-app", "address_prefixes": ["10.20.1.0/24"], "service_endpoints": ["Microsoft.Storage"]}""".formatted(SUBNET)));
        String routes = P + "Microsoft.Network/routeTables/rt-shop";
        r.add(tf("azurerm_route_table", "shop", """
                {"id": "%s", "name": "rt-shop", "disable_bgp_route_propagation": false, "tags": {"team": "shop"}}""".formatted(routes)));
        r.add(tf("azurerm_route", "egress", """
                {"id": "%s", "name": "egress", "address_prefix": "0.0.0.0/0", "next_hop_type": "VirtualAppliance",
                 "next_hop_in_ip_address": "10.20.0.4"}""".formatted(routes + "/routes/egress")));
        r.add(tf("azurerm_container_registry", "shop", """
                {"id": "%s", "name": "acrshop", "sku": "Premium", "admin_enabled": false,
                 "public_network_access_enabled": true, "tags": {"team": "platform"}}""".formatted(
                        P + "Microsoft.ContainerRegistry/registries/acrshop")));
        r.add(tf("azurerm_postgresql_server", "legacy", """
                {"id": "%s", "name": "psql-legacy", "sku_name": "GP_Gen5_2", "version": "11", "ssl_enforcement_enabled": true,
                 "public_network_access_enabled": false, "backup_retention_days": 7, "tags": {"team": "data"}}""".formatted(
                        P + "Microsoft.DBforPostgreSQL/servers/psql-legacy")));
        r.add(tf("azurerm_firewall", "hub", """
                {"id": "%s", "name": "afw-hub", "sku_name": "AZFW_VNet", "sku_tier": "Standard", "threat_intel_mode": "Alert",
                 "tags": {"team": "network"}}""".formatted(P + "Microsoft.Network/azureFirewalls/afw-hub")));
        String zone = P + "Microsoft.Network/privateDnsZones/shop.internal";
        r.add(tf("azurerm_private_dns_a_record", "api", """
                {"id": "%s", "name": "api", "zone_name": "shop.internal", "ttl": 300, "records": ["10.20.1.10"]}""".formatted(zone + "/A/api")));
        r.add(tf("azurerm_private_dns_cname_record", "www", """
                {"id": "%s", "name": "www", "zone_name": "shop.internal", "ttl": 300, "record": "shop-web.azurewebsites.net"}""".formatted(zone + "/CNAME/www")));
        Path dir = Files.createDirectories(iac.resolve("terraform/azure-prod/shop"));
        Files.writeString(dir.resolve("terraform.tfstate"), """
                {"version": 4, "terraform_version": "1.9.5", "serial": 41, "lineage": "3e1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b",
                 "outputs": {}, "resources": [%s]}
                """.formatted(String.join(",\n", r)));
    }

    /** The declared resources live, exactly as declared. */
    static void live(FakeArm arm) {
        arm.put(arm("""
                {"id": "%s", "name": "rg-shop", "type": "Microsoft.Resources/resourceGroups", "location": "westeurope",
                 "tags": {"team": "shop"}, "properties": {"provisioningState": "Succeeded"}}""".formatted(RG)));
        arm.put(nsgArm(
                NSG_WEB,
                rule("allow-https", 100, "Tcp", "443", "Internet"),
                rule("allow-ssh", 110, "Tcp", "22", "10.0.0.0/8")));
        arm.put(nsgArm(NSG_DB, rule("allow-postgres", 120, "Tcp", "5432", "10.20.1.0/24")));
        arm.put(nsgArm(NSG_APP, rule("allow-http", 100, "Tcp", "8080", "VirtualNetwork")));
        arm.put(arm("""
                {"id": "%s", "name": "vm-web-1", "type": "Microsoft.Compute/virtualMachines", "location": "westeurope",
                 "tags": {"team": "shop", "env": "prod"},
                 "properties": {"vmId": "6b1f2e3d-4c5b-4a69-8877-665544332211", "hardwareProfile": {"vmSize": "Standard_D2s_v5"},
                   "storageProfile": {"osDisk": {"osType": "Linux", "name": "vm-web-1-os", "createOption": "FromImage",
                     "caching": "ReadWrite", "managedDisk": {"storageAccountType": "Premium_LRS"}, "diskSizeGB": 30}},
                   "osProfile": {"computerName": "vm-web-1", "adminUsername": "azureuser",
                     "linuxConfiguration": {"disablePasswordAuthentication": true}},
                   "networkProfile": {"networkInterfaces": [{"id": "%s"}]},
                   "provisioningState": "Succeeded", "timeCreated": "2026-02-11T09:12:44.1234567+00:00"}}""".formatted(VM, P + "Microsoft.Network/networkInterfaces/vm-web-1-nic")));
        arm.put(arm("""
                {"id": "%s", "name": "vmss-workers", "type": "Microsoft.Compute/virtualMachineScaleSets", "location": "westeurope",
                 "sku": {"name": "Standard_D4s_v5", "tier": "Standard", "capacity": 3}, "tags": {"team": "shop"},
                 "properties": {"singlePlacementGroup": false, "orchestrationMode": "Uniform",
                   "upgradePolicy": {"mode": "Manual"}, "provisioningState": "Succeeded",
                   "uniqueId": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"}}""".formatted(P + "Microsoft.Compute/virtualMachineScaleSets/vmss-workers")));
        arm.put(arm("""
                {"id": "%s", "name": "stshopdata", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
                 "kind": "StorageV2", "sku": {"name": "Standard_ZRS", "tier": "Standard"}, "tags": {"team": "shop"},
                 "properties": {"allowBlobPublicAccess": false, "minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": true,
                   "networkAcls": {"bypass": "AzureServices", "defaultAction": "Deny",
                     "ipRules": [{"value": "203.0.113.0/24", "action": "Allow"}],
                     "virtualNetworkRules": [{"id": "%s", "action": "Allow", "state": "Succeeded"}]},
                   "accessTier": "Hot", "provisioningState": "Succeeded",
                   "primaryEndpoints": {"blob": "https://stshopdata.blob.core.windows.net/"}}}""".formatted(STORAGE, SUBNET)));
        arm.put(arm("""
                {"id": "%s", "name": "exports", "type": "Microsoft.Storage/storageAccounts/blobServices/containers",
                 "etag": "\\"0x8DC3A1B2C3D4E5F\\"",
                 "properties": {"publicAccess": "None", "leaseStatus": "Unlocked", "leaseState": "Available",
                   "hasImmutabilityPolicy": false, "hasLegalHold": false, "lastModifiedTime": "2026-02-11T09:20:01.0000000Z"}}""".formatted(STORAGE + "/blobServices/default/containers/exports")));
        arm.put(arm("""
                {"id": "%s", "name": "sql-shop", "type": "Microsoft.Sql/servers", "location": "westeurope", "kind": "v12.0",
                 "tags": {"team": "data"},
                 "properties": {"administratorLogin": "sqladmin", "version": "12.0", "state": "Ready",
                   "fullyQualifiedDomainName": "sql-shop.database.windows.net", "publicNetworkAccess": "Disabled",
                   "minimalTlsVersion": "1.2", "restrictOutboundNetworkAccess": "Disabled"}}""".formatted(SQL)));
        arm.put(arm("""
                {"id": "%s", "name": "office", "type": "Microsoft.Sql/servers/firewallRules",
                 "properties": {"startIpAddress": "203.0.113.10", "endIpAddress": "203.0.113.20"}}""".formatted(SQL + "/firewallRules/office")));
        arm.put(arm("""
                {"id": "%s", "name": "orders", "type": "Microsoft.Sql/servers/databases", "location": "westeurope", "kind": "v12.0,user,vcore",
                 "sku": {"name": "GP_Gen5", "tier": "GeneralPurpose", "family": "Gen5", "capacity": 2}, "tags": {"team": "data"},
                 "properties": {"collation": "SQL_Latin1_General_CP1_CI_AS", "status": "Online", "zoneRedundant": false,
                   "currentServiceObjectiveName": "GP_Gen5_2", "requestedServiceObjectiveName": "GP_Gen5_2",
                   "currentSku": {"name": "GP_Gen5", "tier": "GeneralPurpose", "family": "Gen5", "capacity": 2}}}""".formatted(DATABASE)));
        arm.put(arm("""
                {"id": "%s", "name": "cosmos-shop", "type": "Microsoft.DocumentDB/databaseAccounts", "location": "West Europe",
                 "kind": "GlobalDocumentDB", "tags": {"team": "data"},
                 "properties": {"provisioningState": "Succeeded", "documentEndpoint": "https://cosmos-shop.documents.azure.com:443/",
                   "databaseAccountOfferType": "Standard", "publicNetworkAccess": "Disabled",
                   "ipRules": [{"ipAddressOrRange": "198.51.100.0/24"}], "disableLocalAuth": true,
                   "consistencyPolicy": {"defaultConsistencyLevel": "Session"}}}""".formatted(P + "Microsoft.DocumentDB/databaseAccounts/cosmos-shop")));
        // a vault without purge protection: ARM leaves enablePurgeProtection out rather than writing false
        arm.put(arm("""
                {"id": "%s", "name": "kv-shop", "type": "Microsoft.KeyVault/vaults", "location": "westeurope",
                 "tags": {"team": "shop"},
                 "properties": {"sku": {"family": "A", "name": "standard"}, "tenantId": "%s", "accessPolicies": [],
                   "enabledForDeployment": false, "enableSoftDelete": true, "softDeleteRetentionInDays": 90,
                   "enableRbacAuthorization": true, "vaultUri": "https://kv-shop.vault.azure.net/",
                   "networkAcls": {"bypass": "AzureServices", "defaultAction": "Deny",
                     "ipRules": [{"value": "203.0.113.0/24"}], "virtualNetworkRules": []},
                   "provisioningState": "Succeeded"}}""".formatted(VAULT, FakeArm.TENANT)));
        arm.put(arm("""
                {"id": "%s", "name": "orders-cmk", "type": "Microsoft.KeyVault/vaults/keys", "location": "westeurope",
                 "tags": {"purpose": "cmk"},
                 "properties": {"attributes": {"enabled": true, "created": 1770801164, "updated": 1770801164,
                     "recoveryLevel": "Recoverable", "exportable": false},
                   "kty": "RSA", "keyOps": ["encrypt", "decrypt", "wrapKey", "unwrapKey"], "keySize": 2048,
                   "keyUri": "https://kv-shop.vault.azure.net/keys/orders-cmk",
                   "keyUriWithVersion": "https://kv-shop.vault.azure.net/keys/orders-cmk/8d6e4f1a2b3c4d5e"}}""".formatted(VAULT + "/keys/orders-cmk")));
        arm.put(arm("""
                {"id": "%s", "name": "db-password", "type": "Microsoft.KeyVault/vaults/secrets", "location": "westeurope",
                 "properties": {"attributes": {"enabled": true, "created": 1770801170, "updated": 1770801170},
                   "contentType": "password", "secretUri": "https://kv-shop.vault.azure.net/secrets/db-password",
                   "secretUriWithVersion": "https://kv-shop.vault.azure.net/secrets/db-password/0a1b2c3d4e5f"}}""".formatted(VAULT + "/secrets/db-password")));
        arm.put(arm("""
                {"id": "%s", "name": "shop-web", "type": "Microsoft.Web/sites", "kind": "app,linux", "location": "West Europe",
                 "tags": {"team": "shop"},
                 "properties": {"state": "Running", "hostNames": ["shop-web.azurewebsites.net"], "enabled": true,
                   "httpsOnly": true, "clientCertEnabled": false, "publicNetworkAccess": "Enabled",
                   "siteConfig": {"numberOfWorkers": 1, "linuxFxVersion": "JAVA|17-java17", "alwaysOn": false,
                     "minTlsVersion": null, "ftpsState": null}}}""".formatted(SITE)));
        arm.put(arm("""
                {"id": "%s/config/web", "name": "shop-web", "type": "Microsoft.Web/sites/config", "location": "West Europe",
                 "properties": {"numberOfWorkers": 1, "linuxFxVersion": "JAVA|17-java17", "alwaysOn": true,
                   "minTlsVersion": "1.2", "scmMinTlsVersion": "1.2", "ftpsState": "Disabled", "http20Enabled": true}}""".formatted(SITE)));
        arm.put(arm("""
                {"id": "%s", "name": "aks-shop", "type": "Microsoft.ContainerService/ManagedClusters", "location": "westeurope",
                 "tags": {"team": "platform"},
                 "properties": {"provisioningState": "Succeeded", "kubernetesVersion": "1.29.4",
                   "currentKubernetesVersion": "1.29.4", "dnsPrefix": "aks-shop",
                   "apiServerAccessProfile": {"authorizedIPRanges": ["198.51.100.0/24"]}, "disableLocalAccounts": true,
                   "agentPoolProfiles": [{"name": "system", "count": 2, "vmSize": "Standard_D2s_v5", "mode": "System"}]}}""".formatted(P + "Microsoft.ContainerService/managedClusters/aks-shop")));
        arm.put(arm("""
                {"id": "%s", "name": "general", "type": "Microsoft.ContainerService/managedClusters/agentPools",
                 "properties": {"count": 3, "vmSize": "Standard_D4s_v5", "enableAutoScaling": true, "minCount": 3,
                   "maxCount": 6, "mode": "User", "orchestratorVersion": "1.29.4", "provisioningState": "Succeeded"}}""".formatted(P + "Microsoft.ContainerService/managedClusters/aks-shop/agentPools/general")));
        arm.put(arm("""
                {"id": "%s", "name": "pip-lb", "type": "Microsoft.Network/publicIPAddresses", "location": "westeurope",
                 "sku": {"name": "Standard", "tier": "Regional"}, "tags": {"team": "shop"},
                 "properties": {"provisioningState": "Succeeded", "ipAddress": "20.61.14.7", "publicIPAddressVersion": "IPv4",
                   "publicIPAllocationMethod": "Static", "idleTimeoutInMinutes": 4,
                   "ddosSettings": {"protectionMode": "VirtualNetworkInherited"}}}""".formatted(P + "Microsoft.Network/publicIPAddresses/pip-lb")));
        arm.put(arm("""
                {"id": "%1$s", "name": "lb-web", "type": "Microsoft.Network/loadBalancers", "location": "westeurope",
                 "sku": {"name": "Standard", "tier": "Regional"}, "tags": {"team": "shop"},
                 "properties": {"provisioningState": "Succeeded",
                   "frontendIPConfigurations": [{"id": "%1$s/frontendIPConfigurations/public", "name": "public",
                     "properties": {"publicIPAddress": {"id": "%2$s"}}}],
                   "backendAddressPools": [{"id": "%1$s/backendAddressPools/web", "name": "web", "properties": {}}],
                   "loadBalancingRules": [{"id": "%1$s/loadBalancingRules/https", "name": "https",
                     "type": "Microsoft.Network/loadBalancers/loadBalancingRules",
                     "properties": {"frontendPort": 443, "backendPort": 8443, "protocol": "Tcp", "idleTimeoutInMinutes": 4,
                       "enableFloatingIP": false, "loadDistribution": "Default", "disableOutboundSnat": true,
                       "frontendIPConfiguration": {"id": "%1$s/frontendIPConfigurations/public"}}}],
                   "probes": [], "inboundNatRules": []}}""".formatted(LB, P + "Microsoft.Network/publicIPAddresses/pip-lb")));
        arm.put(arm("""
                {"id": "%1$s", "name": "vnet-shop", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
                 "tags": {"team": "shop"},
                 "properties": {"provisioningState": "Succeeded", "addressSpace": {"addressPrefixes": ["10.20.0.0/16"]},
                   "subnets": [{"id": "%2$s", "name": "snet-app", "type": "Microsoft.Network/virtualNetworks/subnets",
                     "properties": {"addressPrefix": "10.20.1.0/24",
                       "serviceEndpoints": [{"service": "Microsoft.Storage", "locations": ["westeurope", "northeurope"]}],
                       "privateEndpointNetworkPolicies": "Disabled", "provisioningState": "Succeeded"}}],
                   "enableDdosProtection": false}}""".formatted(VNET, SUBNET)));
        String routes = P + "Microsoft.Network/routeTables/rt-shop";
        arm.put(arm("""
                {"id": "%1$s", "name": "rt-shop", "type": "Microsoft.Network/routeTables", "location": "westeurope",
                 "tags": {"team": "shop"},
                 "properties": {"provisioningState": "Succeeded", "disableBgpRoutePropagation": false,
                   "routes": [{"id": "%1$s/routes/egress", "name": "egress", "type": "Microsoft.Network/routeTables/routes",
                     "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance",
                       "nextHopIpAddress": "10.20.0.4", "provisioningState": "Succeeded"}}]}}""".formatted(routes)));
        arm.put(arm("""
                {"id": "%s", "name": "acrshop", "type": "Microsoft.ContainerRegistry/registries", "location": "westeurope",
                 "sku": {"name": "Premium", "tier": "Premium"}, "tags": {"team": "platform"},
                 "properties": {"loginServer": "acrshop.azurecr.io", "adminUserEnabled": false, "publicNetworkAccess": "Enabled",
                   "provisioningState": "Succeeded"}}""".formatted(P + "Microsoft.ContainerRegistry/registries/acrshop")));
        arm.put(arm("""
                {"id": "%s", "name": "psql-legacy", "type": "Microsoft.DBforPostgreSQL/servers", "location": "westeurope",
                 "sku": {"name": "GP_Gen5_2", "tier": "GeneralPurpose", "family": "Gen5", "capacity": 2}, "tags": {"team": "data"},
                 "properties": {"administratorLogin": "pgadmin", "version": "11", "sslEnforcement": "Enabled",
                   "minimalTlsVersion": "TLS1_2", "userVisibleState": "Ready", "publicNetworkAccess": "Disabled",
                   "storageProfile": {"backupRetentionDays": 7, "geoRedundantBackup": "Disabled", "storageMB": 102400}}}""".formatted(P + "Microsoft.DBforPostgreSQL/servers/psql-legacy")));
        arm.put(arm("""
                {"id": "%s", "name": "afw-hub", "type": "Microsoft.Network/azureFirewalls", "location": "westeurope",
                 "tags": {"team": "network"},
                 "properties": {"provisioningState": "Succeeded", "threatIntelMode": "Alert",
                   "sku": {"name": "AZFW_VNet", "tier": "Standard"}, "ipConfigurations": []}}""".formatted(P + "Microsoft.Network/azureFirewalls/afw-hub")));
        String zone = P + "Microsoft.Network/privateDnsZones/shop.internal";
        arm.put(arm("""
                {"id": "%s/A/api", "name": "api", "type": "Microsoft.Network/privateDnsZones/A", "etag": "6b3e0c1d-2f4a",
                 "properties": {"ttl": 300, "fqdn": "api.shop.internal.", "isAutoRegistered": false,
                   "aRecords": [{"ipv4Address": "10.20.1.10"}]}}""".formatted(zone)));
        arm.put(arm("""
                {"id": "%s/CNAME/www", "name": "www", "type": "Microsoft.Network/privateDnsZones/CNAME", "etag": "7c4f1d2e-3a5b",
                 "properties": {"ttl": 300, "fqdn": "www.shop.internal.", "isAutoRegistered": false,
                   "cnameRecord": {"cname": "shop-web.azurewebsites.net"}}}""".formatted(zone)));
    }

    /** One NSG rule, in both shapes. */
    record Rule(String name, int priority, String protocol, String port, String source) {

        ObjectNode tfNode() {
            return AzureState.arm("""
                    {"name": "%s", "priority": %d, "direction": "Inbound", "access": "Allow", "protocol": "%s",
                     "source_port_range": "*", "source_port_ranges": [], "destination_port_range": "%s",
                     "destination_port_ranges": [], "source_address_prefix": "%s", "source_address_prefixes": [],
                     "destination_address_prefix": "*", "destination_address_prefixes": [], "description": "",
                     "source_application_security_group_ids": [], "destination_application_security_group_ids": []}""".formatted(name, priority, protocol, port, source));
        }

        String tf() {
            return tfNode().toString();
        }

        ObjectNode arm(String nsg) {
            return AzureState.arm("""
                    {"name": "%1$s", "id": "%2$s/securityRules/%1$s", "etag": "W/\\"5d2c1b0a\\"",
                     "type": "Microsoft.Network/networkSecurityGroups/securityRules",
                     "properties": {"provisioningState": "Succeeded", "protocol": "%4$s", "sourcePortRange": "*",
                       "destinationPortRange": "%5$s", "sourceAddressPrefix": "%6$s", "destinationAddressPrefix": "*",
                       "access": "Allow", "priority": %3$d, "direction": "Inbound", "sourcePortRanges": [],
                       "destinationPortRanges": [], "sourceAddressPrefixes": [], "destinationAddressPrefixes": []}}""".formatted(name, nsg, priority, protocol, port, source));
        }
    }

    static Rule rule(String name, int priority, String protocol, String port, String source) {
        return new Rule(name, priority, protocol, port, source);
    }

    private static String nsgTf(String id, String name, String... rules) {
        return """
                {"id": "%s", "name": "%s", "location": "westeurope", "resource_group_name": "rg-shop",
                 "security_rule": [%s], "tags": {"team": "shop"}}""".formatted(id, name, String.join(",", rules));
    }

    private static ObjectNode nsgArm(String id, Rule... rules) {
        ObjectNode nsg = arm("""
                {"id": "%1$s", "name": "%2$s", "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope",
                 "etag": "W/\\"9a8b7c6d\\"", "tags": {"team": "shop"},
                 "properties": {"provisioningState": "Succeeded", "resourceGuid": "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                   "securityRules": [],
                   "defaultSecurityRules": [{"name": "AllowVnetInBound", "id": "%1$s/defaultSecurityRules/AllowVnetInBound",
                     "type": "Microsoft.Network/networkSecurityGroups/defaultSecurityRules",
                     "properties": {"description": "Allow inbound traffic from all VMs in VNET", "protocol": "*",
                       "sourcePortRange": "*", "destinationPortRange": "*", "sourceAddressPrefix": "VirtualNetwork",
                       "destinationAddressPrefix": "VirtualNetwork", "access": "Allow", "priority": 65000,
                       "direction": "Inbound"}}]}}""".formatted(id, id.substring(id.lastIndexOf('/') + 1)));
        for (Rule r : rules) {
            nsg.withArray("/properties/securityRules").add(r.arm(id));
        }
        return nsg;
    }

    private static String tf(String type, String name, String attributes) {
        return """
                {"mode": "managed", "type": "%s", "name": "%s",
                 "provider": "provider[\\"registry.terraform.io/hashicorp/azurerm\\"]",
                 "instances": [{"schema_version": 0, "attributes": %s, "sensitive_attributes": []}]}""".formatted(type, name, attributes);
    }

    static ObjectNode arm(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
