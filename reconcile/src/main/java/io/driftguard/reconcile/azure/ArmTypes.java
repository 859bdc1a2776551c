package io.driftguard.reconcile.azure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ARM resource types the scan reads: every type a Terraform row of the catalog declares an Azure
 * kind at (the scan test declares one of each and checks the table is complete), with the API version
 * asked for. The versions are stable (GA) releases whose bodies carry every property the catalog's
 * rows read.
 */
final class ArmTypes {

    private static final String NETWORK = "2024-05-01";
    private static final Map<String, ArmType> TYPES = new LinkedHashMap<>();

    static {
        add("Microsoft.Resources/resourceGroups", "Microsoft.Resources/subscriptions/resourceGroups", "2021-04-01");
        add("Microsoft.Network/networkSecurityGroups", NETWORK);
        child("Microsoft.Network/networkSecurityGroups/securityRules", NETWORK);
        add("Microsoft.Network/publicIPAddresses", NETWORK);
        add("Microsoft.Network/loadBalancers", NETWORK);
        child("Microsoft.Network/loadBalancers/loadBalancingRules", NETWORK);
        add("Microsoft.Network/virtualNetworks", NETWORK);
        child("Microsoft.Network/virtualNetworks/subnets", NETWORK);
        add("Microsoft.Network/routeTables", NETWORK);
        child("Microsoft.Network/routeTables/routes", NETWORK);
        add("Microsoft.Network/azureFirewalls", NETWORK);
        add("Microsoft.Network/privateDnsZones/A", "2024-06-01");
        add("Microsoft.Network/privateDnsZones/CNAME", "2024-06-01");
        add("Microsoft.Compute/virtualMachines", "2024-07-01");
        add("Microsoft.Compute/virtualMachineScaleSets", "2024-07-01");
        add("Microsoft.Storage/storageAccounts", "2023-05-01");
        add("Microsoft.Storage/storageAccounts/blobServices/containers", "2023-05-01");
        add("Microsoft.Sql/servers", "2021-11-01");
        add("Microsoft.Sql/servers/firewallRules", "2021-11-01");
        add("Microsoft.Sql/servers/databases", "2021-11-01");
        add("Microsoft.KeyVault/vaults", "2023-07-01");
        add("Microsoft.KeyVault/vaults/keys", "2023-07-01");
        // the management plane's secret: its attributes and content type, never its value
        add("Microsoft.KeyVault/vaults/secrets", "2023-07-01");
        TYPES.put(
                key("Microsoft.Web/sites"),
                new ArmType("Microsoft.Web/sites", "Microsoft.Web/sites", "2023-12-01", false, List.of("config/web")));
        add("Microsoft.Web/sites/config", "2023-12-01");
        add("Microsoft.ContainerService/managedClusters", "2024-05-01");
        add("Microsoft.ContainerService/managedClusters/agentPools", "2024-05-01");
        add("Microsoft.DocumentDB/databaseAccounts", "2024-08-15");
        add("Microsoft.ContainerRegistry/registries", "2023-07-01");
        add("Microsoft.DBforPostgreSQL/servers", "2017-12-01");
    }

    private ArmTypes() {}

    /** The type of an id, or null when the scan does not read it. */
    static ArmType of(ArmId id) {
        return TYPES.get(id.typeKey());
    }

    /** Every type, for the docs and the permission tests. */
    static List<ArmType> all() {
        return List.copyOf(TYPES.values());
    }

    private static void add(String type, String apiVersion) {
        add(type, type, apiVersion);
    }

    private static void add(String type, String operation, String apiVersion) {
        TYPES.put(key(type), new ArmType(type, operation, apiVersion, false, List.of()));
    }

    private static void child(String type, String apiVersion) {
        TYPES.put(key(type), new ArmType(type, type, apiVersion, true, List.of()));
    }

    private static String key(String type) {
        return type.toLowerCase(Locale.ROOT);
    }
}
