package io.driftguard.models.scenario.azure;

import static io.driftguard.models.scenario.iac.IacModel.m;
import static io.driftguard.models.scenario.iac.IacModel.obj;
import static io.driftguard.models.scenario.iac.IacModel.strings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.models.scenario.driver.Call;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.driver.Change;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.driver.Prices;
import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.label.Effect;
import io.driftguard.models.scenario.label.Sizing;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Drivers of the Azure rows of docs/design/catalog-format.md (Terraform azurerm provider). */
public final class AzureDrivers {

    private AzureDrivers() {}

    public static List<Driver> all() {
        return List.of(
                new NsgRules(),
                new VirtualMachine(),
                new ScaleSet(),
                new StorageAccount(),
                new SqlFirewallRule(),
                new KeyVault());
    }

    abstract static class Base implements Driver {

        Subject subject(
                Gen g,
                Service svc,
                String type,
                String address,
                String resourceId,
                String name,
                Map<String, Object> props) {
            g.iac().own(svc, resourceId);
            return new Subject(
                    row(),
                    Cloud.AZURE,
                    "terraform",
                    type,
                    address,
                    IacModel.terraformPath("azure-prod", svc),
                    resourceId,
                    name,
                    svc,
                    World.AZURE_SUBSCRIPTION,
                    "westeurope",
                    props);
        }

        static String rgId(Service svc) {
            return "/subscriptions/" + World.AZURE_SUBSCRIPTION + "/resourceGroups/" + svc.azureResourceGroup();
        }

        static ObjectNode tags(Service svc) {
            return obj().put("service", svc.name()).put("Environment", "prod").put("owner", svc.team());
        }

        String tf(Gen g, Service svc, String type, String name, ObjectNode attrs, List<String> deps) {
            return g.iac().terraform("azure-prod", svc, type, name, "azurerm", 0, attrs, deps);
        }

        static Call write(Gen g, String resourceId, String op, ObjectNode body) {
            String json = body == null ? null : body.toString();
            return (a, t, fail) -> AzureActivityLogs.write(g, a, t, resourceId, op, json, fail);
        }

        static Change change(String summary, List<Effect> effects, Sizing sizing, Call apply, Call revert) {
            return new Change(summary, effects, sizing, null, apply, revert);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            String op = s.str("provider") + "/read";
            return AzureActivityLogs.read(g, a, t, s.resourceId(), op);
        }
    }

    // ---------------------------------------------------------------- NSG rules

    static final class NsgRules extends Base {
        public CatalogRow row() {
            return CatalogRow.AZURE_NSG_RULES;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TROUBLESHOOT, Intent.TIGHTEN, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            String nsg = "nsg-" + svc.name() + "-" + g.rng().pickOf("app", "web", "data") + "-" + g.uid();
            String nsgId = rgId(svc) + "/providers/Microsoft.Network/networkSecurityGroups/" + nsg;
            boolean inline = g.rng().chance(0.5);
            ObjectNode a = obj().put("id", nsgId)
                    .put("location", "westeurope")
                    .put("name", nsg)
                    .put("resource_group_name", svc.azureResourceGroup());
            ArrayNode rules = a.putArray("security_rule");
            a.set("tags", tags(svc));
            a.putNull("timeouts");
            if (inline) {
                rules.add(rule("allow-https-internet", 100, "443", "Internet"));
                rules.add(rule("allow-ssh-bastion", 110, "22", "10.10.0.4/32"));
                rules.add(rule("allow-legacy-8080", 120, "8080", "*"));
            }
            String address = tf(g, svc, "azurerm_network_security_group", nsg.replace('-', '_'), a, List.of());
            String resourceId = nsgId;
            String type = "azurerm_network_security_group";
            if (!inline) {
                for (ObjectNode r : List.of(
                        rule("allow-https-internet", 100, "443", "Internet"),
                        rule("allow-ssh-bastion", 110, "22", "10.10.0.4/32"),
                        rule("allow-legacy-8080", 120, "8080", "*"))) {
                    String rn = r.get("name").asText();
                    String tfName = rn.replace('-', '_') + "_" + g.uid();
                    r.put("id", nsgId + "/securityRules/" + rn)
                            .put("network_security_group_name", nsg)
                            .put("resource_group_name", svc.azureResourceGroup());
                    String ra = tf(g, svc, "azurerm_network_security_rule", tfName, r, List.of(address));
                    if (rn.equals(target(intent))) {
                        address = ra;
                    }
                }
                resourceId = nsgId + "/securityRules/" + target(intent);
                type = "azurerm_network_security_rule";
            }
            return subject(
                    g,
                    svc,
                    type,
                    address,
                    resourceId,
                    nsg,
                    m("nsgId", nsgId, "provider", "Microsoft.Network/networkSecurityGroups"));
        }

        private static String target(Intent intent) {
            return intent == Intent.TIGHTEN ? "allow-legacy-8080" : "allow-ssh-bastion";
        }

        private static ObjectNode rule(String name, int priority, String port, String source) {
            ObjectNode r = obj();
            r.put("access", "Allow").put("description", "").put("destination_address_prefix", "*");
            r.putArray("destination_address_prefixes");
            r.putArray("destination_application_security_group_ids");
            r.put("destination_port_range", port);
            r.putArray("destination_port_ranges");
            r.put("direction", "Inbound")
                    .put("name", name)
                    .put("priority", priority)
                    .put("protocol", "Tcp")
                    .put("source_address_prefix", source);
            r.putArray("source_address_prefixes");
            r.putArray("source_application_security_group_ids");
            r.put("source_port_range", "*");
            r.putArray("source_port_ranges");
            return r;
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String ruleId = s.str("nsgId") + "/securityRules/";
            Call restoreSsh =
                    ruleWrite(g, ruleId + "allow-ssh-bastion", 110, "22", "10.10.0.4/32", null, "Tcp", "Allow");
            return switch (intent) {
                case MISCONFIGURE ->
                    change(
                            step == 0 ? "SSH rule opened to any source" : "SSH rule opened to the Internet",
                            List.of(Effect.ADMIN_PORT_OPEN_TO_WORLD),
                            null,
                            ruleWrite(
                                    g,
                                    ruleId + "allow-ssh-bastion",
                                    110,
                                    "22",
                                    step == 0 ? "*" : "0.0.0.0/0",
                                    null,
                                    "Tcp",
                                    "Allow"),
                            restoreSsh);
                case TROUBLESHOOT ->
                    change(
                            "actor's own IP added to the SSH rule",
                            List.of(Effect.INGRESS_WIDENED),
                            null,
                            ruleWrite(
                                    g,
                                    ruleId + "allow-ssh-bastion",
                                    110,
                                    "22",
                                    null,
                                    List.of("10.10.0.4/32", actor.ip() + "/32"),
                                    "Tcp",
                                    "Allow"),
                            restoreSsh);
                case TIGHTEN ->
                    change(
                            "world-open legacy 8080 rule deleted",
                            List.of(Effect.TIGHTENED),
                            null,
                            write(
                                    g,
                                    ruleId + "allow-legacy-8080",
                                    "Microsoft.Network/networkSecurityGroups/securityRules/delete",
                                    null),
                            ruleWrite(g, ruleId + "allow-legacy-8080", 120, "8080", "*", null, "Tcp", "Allow"));
                case NOOP ->
                    change(
                            "SSH rule written with the host form of its /32 and upper-case protocol",
                            List.of(),
                            null,
                            ruleWrite(g, ruleId + "allow-ssh-bastion", 110, "22", "10.10.0.4", null, "TCP", "Allow"),
                            restoreSsh);
                default -> null;
            };
        }

        private static Call ruleWrite(
                Gen g,
                String id,
                int priority,
                String port,
                String source,
                List<String> sources,
                String protocol,
                String access) {
            ObjectNode body = obj();
            ObjectNode p = body.putObject("properties");
            p.put("protocol", protocol).put("sourcePortRange", "*").put("destinationPortRange", port);
            if (source != null) {
                p.put("sourceAddressPrefix", source);
            }
            p.put("destinationAddressPrefix", "*")
                    .put("access", access)
                    .put("priority", priority)
                    .put("direction", "Inbound");
            p.putArray("sourcePortRanges");
            p.putArray("destinationPortRanges");
            p.set(
                    "sourceAddressPrefixes",
                    sources == null ? obj().arrayNode() : strings(sources.toArray(String[]::new)));
            p.putArray("destinationAddressPrefixes");
            return write(g, id, "Microsoft.Network/networkSecurityGroups/securityRules/write", body);
        }
    }

    // ---------------------------------------------------------------- VMs

    private static final String[] VM_LADDER = {
        "Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5"
    };

    static final class VirtualMachine extends Base {
        public CatalogRow row() {
            return CatalogRow.AZURE_VIRTUAL_MACHINE;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.AUTOMATE, Intent.UNDECLARED);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String name = "vm-" + svc.name() + "-" + g.uid();
            int base = r.nextInt(2);
            String id = rgId(svc) + "/providers/Microsoft.Compute/virtualMachines/" + name;
            ObjectNode a = obj();
            a.putArray("additional_capabilities");
            a.put("admin_username", "azureuser")
                    .putArray("admin_ssh_key")
                    .addObject()
                    .put("public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA" + r.lowerAlnum(43) + " platform")
                    .put("username", "azureuser");
            a.put("allow_extension_operations", true)
                    .put("computer_name", name)
                    .put("disable_password_authentication", true)
                    .put("encryption_at_host_enabled", true)
                    .put("id", id)
                    .put("location", "westeurope")
                    .put("name", name);
            a.set(
                    "network_interface_ids",
                    strings(rgId(svc) + "/providers/Microsoft.Network/networkInterfaces/nic-" + name));
            ObjectNode disk = a.putArray("os_disk").addObject();
            disk.put("caching", "ReadWrite")
                    .put("disk_size_gb", 64)
                    .put("storage_account_type", "Premium_LRS")
                    .put("write_accelerator_enabled", false);
            a.put("patch_mode", "AutomaticByPlatform")
                    .put("priority", "Regular")
                    .put("provision_vm_agent", true)
                    .put("resource_group_name", svc.azureResourceGroup())
                    .put("size", VM_LADDER[base]);
            a.putArray("source_image_reference")
                    .addObject()
                    .put("offer", "0001-com-ubuntu-server-jammy")
                    .put("publisher", "Canonical")
                    .put("sku", "22_04-lts-gen2")
                    .put("version", "latest");
            a.set("tags", tags(svc));
            a.put("virtual_machine_id", r.uuid())
                    .put("vm_agent_platform_updates_enabled", false)
                    .putNull("timeouts");
            String address = tf(g, svc, "azurerm_linux_virtual_machine", name.replace('-', '_'), a, List.of());
            return subject(
                    g,
                    svc,
                    "azurerm_linux_virtual_machine",
                    address,
                    id,
                    name,
                    m(
                            "size",
                            VM_LADDER[base],
                            "next",
                            VM_LADDER[base + 1],
                            "provider",
                            "Microsoft.Compute/virtualMachines"));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String size = s.str("size");
            String op = "Microsoft.Compute/virtualMachines/write";
            return switch (intent) {
                case EMERGENCY -> {
                    String to = step == 0
                            ? s.str("next")
                            : VM_LADDER[Arrays.asList(VM_LADDER).indexOf(s.str("next")) + 1];
                    yield change(
                            "size " + size + " -> " + to,
                            List.of(),
                            Prices.resize(size, to, 1),
                            write(g, s.resourceId(), op, sizeBody(to)),
                            write(g, s.resourceId(), op, sizeBody(size)));
                }
                case MISCONFIGURE ->
                    change(
                            "size " + size + " -> Standard_B1s",
                            List.of(),
                            Prices.resize(size, "Standard_B1s", 1),
                            write(g, s.resourceId(), op, sizeBody("Standard_B1s")),
                            write(g, s.resourceId(), op, sizeBody(size)));
                case AUTOMATE ->
                    new Change(
                            "tag Environment prod -> production by the remediation runbook",
                            List.of(Effect.TAG_CHANGED),
                            null,
                            g.world().azureAutomation(),
                            write(g, s.resourceId(), op, tagBody(s, "Environment", "production")),
                            write(g, s.resourceId(), op, tagBody(s, "Environment", "prod")));
                case UNDECLARED ->
                    change(
                            "undeclared tag patch-window added",
                            List.of(),
                            null,
                            write(g, s.resourceId(), op, tagBody(s, "patch-window", "sun-02:00")),
                            write(g, s.resourceId(), op, tagBody(s, null, null)));
                default -> null;
            };
        }

        private static ObjectNode sizeBody(String size) {
            ObjectNode b = obj().put("location", "westeurope");
            b.putObject("properties").putObject("hardwareProfile").put("vmSize", size);
            return b;
        }

        private static ObjectNode tagBody(Subject s, String key, String value) {
            ObjectNode b = obj().put("location", "westeurope");
            ObjectNode t = tags(s.service());
            if (key != null) {
                t.put(key, value);
            }
            b.set("tags", t);
            return b;
        }
    }

    static final class ScaleSet extends Base {
        public CatalogRow row() {
            return CatalogRow.AZURE_VM_SCALE_SET;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.AUTOMATE, Intent.EMERGENCY, Intent.MISCONFIGURE);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String name = "vmss-" + svc.name() + "-" + g.uid();
            int count = r.between(3, 6);
            String sku = VM_LADDER[r.nextInt(2)];
            String id = rgId(svc) + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + name;
            ObjectNode a = obj();
            a.put("admin_username", "azureuser")
                    .put("computer_name_prefix", svc.name())
                    .put("disable_password_authentication", true)
                    .put("id", id)
                    .put("instances", count)
                    .put("location", "westeurope")
                    .put("name", name)
                    .put("overprovision", true)
                    .put("resource_group_name", svc.azureResourceGroup())
                    .put("sku", sku)
                    .put("single_placement_group", true)
                    .put("unique_id", r.uuid())
                    .put("upgrade_mode", "Rolling");
            ObjectNode nic = a.putArray("network_interface")
                    .addObject()
                    .put("name", "nic-" + svc.name())
                    .put("primary", true);
            nic.putArray("ip_configuration")
                    .addObject()
                    .put("name", "internal")
                    .put("primary", true)
                    .put(
                            "subnet_id",
                            rgId(svc) + "/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-"
                                    + svc.name());
            a.putArray("os_disk").addObject().put("caching", "ReadWrite").put("storage_account_type", "Premium_LRS");
            a.set("tags", tags(svc));
            a.putArray("zones").add("1").add("2").add("3");
            String address =
                    tf(g, svc, "azurerm_linux_virtual_machine_scale_set", name.replace('-', '_'), a, List.of());
            return subject(
                    g,
                    svc,
                    "azurerm_linux_virtual_machine_scale_set",
                    address,
                    id,
                    name,
                    m("count", count, "sku", sku, "provider", "Microsoft.Compute/virtualMachineScaleSets"));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            int count = s.num("count");
            String sku = s.str("sku");
            String op = "Microsoft.Compute/virtualMachineScaleSets/write";
            return switch (intent) {
                case AUTOMATE ->
                    new Change(
                            "capacity " + count + " -> " + (count + 2 + step) + " by the automation runbook",
                            List.of(),
                            Prices.recount(sku, count, count + 2 + step),
                            g.world().azureAutomation(),
                            write(g, s.resourceId(), op, sku(sku, count + 2 + step)),
                            write(g, s.resourceId(), op, sku(sku, count)));
                case EMERGENCY ->
                    change(
                            "capacity " + count + " -> " + count * 2,
                            List.of(),
                            Prices.recount(sku, count, count * 2),
                            write(g, s.resourceId(), op, sku(sku, count * 2)),
                            write(g, s.resourceId(), op, sku(sku, count)));
                case MISCONFIGURE ->
                    change(
                            "capacity " + count + " -> 0",
                            List.of(),
                            Prices.recount(sku, count, 0),
                            write(g, s.resourceId(), op, sku(sku, 0)),
                            write(g, s.resourceId(), op, sku(sku, count)));
                default -> null;
            };
        }

        private static ObjectNode sku(String name, int capacity) {
            ObjectNode b = obj().put("location", "westeurope");
            b.putObject("sku").put("name", name).put("tier", "Standard").put("capacity", capacity);
            return b;
        }
    }

    // ---------------------------------------------------------------- storage accounts

    static final class StorageAccount extends Base {
        public CatalogRow row() {
            return CatalogRow.AZURE_STORAGE_ACCOUNT;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN, Intent.NOOP, Intent.AUTOMATE);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String name = ("st" + svc.name().replace("-", "") + r.lowerAlnum(6));
            name = name.substring(0, Math.min(24, name.length()));
            boolean legacy = intent == Intent.TIGHTEN;
            String id = rgId(svc) + "/providers/Microsoft.Storage/storageAccounts/" + name;
            ObjectNode a = obj();
            a.put("access_tier", "Hot")
                    .put("account_kind", "StorageV2")
                    .put("account_replication_type", "ZRS")
                    .put("account_tier", "Standard")
                    .put("allow_nested_items_to_be_public", false)
                    .put("cross_tenant_replication_enabled", false)
                    .put("default_to_oauth_authentication", true)
                    .put("https_traffic_only_enabled", true)
                    .put("id", id)
                    .put("infrastructure_encryption_enabled", true)
                    .put("is_hns_enabled", false)
                    .put("location", "westeurope")
                    .put("min_tls_version", legacy ? "TLS1_0" : "TLS1_2")
                    .put("name", name);
            ObjectNode rules = a.putArray("network_rules").addObject();
            rules.set("bypass", strings("AzureServices"));
            rules.put("default_action", "Deny");
            rules.set("ip_rules", strings("198.51.100.0/24"));
            rules.putArray("private_link_access");
            rules.putArray("virtual_network_subnet_ids");
            a.put("primary_blob_endpoint", "https://" + name + ".blob.core.windows.net/")
                    .put("public_network_access_enabled", true)
                    .put("resource_group_name", svc.azureResourceGroup())
                    .put("shared_access_key_enabled", false);
            a.set("tags", tags(svc));
            String address = tf(g, svc, "azurerm_storage_account", name, a, List.of());
            return subject(
                    g,
                    svc,
                    "azurerm_storage_account",
                    address,
                    id,
                    name,
                    m("tls", legacy ? "TLS1_0" : "TLS1_2", "provider", "Microsoft.Storage/storageAccounts"));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String op = "Microsoft.Storage/storageAccounts/write";
            String id = s.resourceId();
            return switch (intent) {
                case MISCONFIGURE ->
                    step == 0
                            ? change(
                                    "public blob access allowed",
                                    List.of(Effect.STORAGE_PUBLIC),
                                    null,
                                    write(g, id, op, props("allowBlobPublicAccess", true)),
                                    write(g, id, op, props("allowBlobPublicAccess", false)))
                            : change(
                                    "network default action Allow",
                                    List.of(Effect.INGRESS_WIDENED),
                                    null,
                                    write(g, id, op, acl("Allow")),
                                    write(g, id, op, acl("Deny")));
                case TIGHTEN ->
                    change(
                            "minimum TLS raised to 1.2",
                            List.of(Effect.TIGHTENED),
                            null,
                            write(g, id, op, props("minimumTlsVersion", "TLS1_2")),
                            write(g, id, op, props("minimumTlsVersion", s.str("tls"))));
                case NOOP -> {
                    ObjectNode b = obj();
                    b.putObject("properties")
                            .put("supportsHttpsTrafficOnly", true)
                            .put("minimumTlsVersion", s.str("tls"));
                    yield change(
                            "HTTPS-only and minimum TLS set to their declared values",
                            List.of(),
                            null,
                            write(g, id, op, b),
                            write(g, id, op, b));
                }
                case AUTOMATE -> {
                    ObjectNode on = obj();
                    on.set("tags", tags(s.service()).put("Environment", "production"));
                    ObjectNode off = obj();
                    off.set("tags", tags(s.service()));
                    yield new Change(
                            "tag Environment prod -> production by the remediation runbook",
                            List.of(Effect.TAG_CHANGED),
                            null,
                            g.world().azureAutomation(),
                            write(g, id, op, on),
                            write(g, id, op, off));
                }
                default -> null;
            };
        }

        private static ObjectNode props(String key, Object value) {
            ObjectNode b = obj();
            ObjectNode p = b.putObject("properties");
            if (value instanceof Boolean v) {
                p.put(key, v);
            } else {
                p.put(key, (String) value);
            }
            return b;
        }

        private static ObjectNode acl(String action) {
            ObjectNode b = obj();
            ObjectNode acls = b.putObject("properties").putObject("networkAcls");
            acls.put("bypass", "AzureServices").put("defaultAction", action);
            acls.putArray("ipRules").addObject().put("value", "198.51.100.0/24").put("action", "Allow");
            acls.putArray("virtualNetworkRules");
            return b;
        }
    }

    // ---------------------------------------------------------------- SQL firewall rules

    static final class SqlFirewallRule extends Base {
        public CatalogRow row() {
            return CatalogRow.AZURE_SQL_FIREWALL_RULE;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TROUBLESHOOT, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            String server = "sql-" + svc.name() + "-prod";
            String serverId = rgId(svc) + "/providers/Microsoft.Sql/servers/" + server;
            String rule = (intent == Intent.TIGHTEN ? "legacy-vendor-" : "office-vpn-") + g.uid();
            String start = intent == Intent.TIGHTEN ? "203.0.113.40" : "198.51.100.10";
            String end = intent == Intent.TIGHTEN ? "203.0.113.40" : "198.51.100.20";
            String id = serverId + "/firewallRules/" + rule;
            ObjectNode a = obj().put("end_ip_address", end)
                    .put("id", id)
                    .put("name", rule)
                    .put("server_id", serverId)
                    .put("start_ip_address", start);
            a.putNull("timeouts");
            String address = tf(g, svc, "azurerm_mssql_firewall_rule", rule.replace('-', '_'), a, List.of());
            return subject(
                    g,
                    svc,
                    "azurerm_mssql_firewall_rule",
                    address,
                    id,
                    rule,
                    m("start", start, "end", end, "provider", "Microsoft.Sql/servers/firewallRules"));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String op = "Microsoft.Sql/servers/firewallRules/write";
            Call restore = write(g, s.resourceId(), op, range(s.str("start"), s.str("end")));
            return switch (intent) {
                case MISCONFIGURE ->
                    change(
                            "rule widened to 0.0.0.0-255.255.255.255",
                            List.of(Effect.ADMIN_PORT_OPEN_TO_WORLD),
                            null,
                            write(g, s.resourceId(), op, range("0.0.0.0", "255.255.255.255")),
                            restore);
                case TROUBLESHOOT ->
                    change(
                            "rule pointed at the actor's own IP",
                            List.of(Effect.INGRESS_WIDENED),
                            null,
                            write(g, s.resourceId(), op, range(actor.ip(), actor.ip())),
                            restore);
                case TIGHTEN ->
                    change(
                            "legacy vendor rule deleted",
                            List.of(Effect.TIGHTENED),
                            null,
                            write(g, s.resourceId(), "Microsoft.Sql/servers/firewallRules/delete", null),
                            restore);
                default -> null;
            };
        }

        private static ObjectNode range(String start, String end) {
            ObjectNode b = obj();
            b.putObject("properties").put("startIpAddress", start).put("endIpAddress", end);
            return b;
        }
    }

    // ---------------------------------------------------------------- Key Vault

    static final class KeyVault extends Base {
        public CatalogRow row() {
            return CatalogRow.AZURE_KEY_VAULT;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TROUBLESHOOT, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String name = ("kv-" + svc.name() + "-" + r.lowerAlnum(4));
            name = name.substring(0, Math.min(24, name.length()));
            String defaultAction = intent == Intent.TIGHTEN ? "Allow" : "Deny";
            String id = rgId(svc) + "/providers/Microsoft.KeyVault/vaults/" + name;
            ObjectNode a = obj();
            a.putArray("access_policy");
            a.put("enable_rbac_authorization", true)
                    .put("enabled_for_deployment", false)
                    .put("enabled_for_disk_encryption", false)
                    .put("enabled_for_template_deployment", false)
                    .put("id", id)
                    .put("location", "westeurope")
                    .put("name", name);
            ObjectNode acl = a.putArray("network_acls").addObject();
            acl.put("bypass", "AzureServices").put("default_action", defaultAction);
            acl.set("ip_rules", strings("198.51.100.0/24"));
            acl.putArray("virtual_network_subnet_ids");
            a.put("public_network_access_enabled", true)
                    .put("purge_protection_enabled", true)
                    .put("resource_group_name", svc.azureResourceGroup())
                    .put("sku_name", "standard")
                    .put("soft_delete_retention_days", 90);
            a.set("tags", tags(svc));
            a.put("tenant_id", World.AZURE_TENANT).put("vault_uri", "https://" + name + ".vault.azure.net/");
            String address = tf(g, svc, "azurerm_key_vault", name.replace('-', '_'), a, List.of());
            return subject(
                    g,
                    svc,
                    "azurerm_key_vault",
                    address,
                    id,
                    name,
                    m("defaultAction", defaultAction, "provider", "Microsoft.KeyVault/vaults"));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String op = "Microsoft.KeyVault/vaults/write";
            String declared = s.str("defaultAction");
            Call restore = write(g, s.resourceId(), op, acls(declared, null));
            return switch (intent) {
                case MISCONFIGURE ->
                    declared.equals("Allow")
                            ? null
                            : change(
                                    "network default action Allow",
                                    List.of(Effect.INGRESS_WIDENED),
                                    null,
                                    write(g, s.resourceId(), op, acls("Allow", null)),
                                    restore);
                case TROUBLESHOOT ->
                    change(
                            "actor's own IP added to the vault firewall",
                            List.of(Effect.INGRESS_WIDENED),
                            null,
                            write(g, s.resourceId(), op, acls(declared, actor.ip() + "/32")),
                            restore);
                case TIGHTEN ->
                    declared.equals("Deny")
                            ? null
                            : change(
                                    "network default action Deny",
                                    List.of(Effect.TIGHTENED),
                                    null,
                                    write(g, s.resourceId(), op, acls("Deny", null)),
                                    restore);
                default -> null;
            };
        }

        private static ObjectNode acls(String action, String extraIp) {
            ObjectNode b = obj().put("location", "westeurope");
            ObjectNode p = b.putObject("properties");
            p.put("tenantId", World.AZURE_TENANT)
                    .put("enableRbacAuthorization", true)
                    .put("enablePurgeProtection", true)
                    .put("softDeleteRetentionInDays", 90);
            p.putObject("sku").put("family", "A").put("name", "standard");
            ObjectNode acls = p.putObject("networkAcls");
            acls.put("bypass", "AzureServices").put("defaultAction", action);
            ArrayNode ips = acls.putArray("ipRules");
            ips.addObject().put("value", "198.51.100.0/24");
            if (extraIp != null) {
                ips.addObject().put("value", extraIp);
            }
            acls.putArray("virtualNetworkRules");
            return b;
        }
    }
}
