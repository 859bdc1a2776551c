package io.driftguard.judge.remediation;

import static io.driftguard.judge.remediation.ShellQuoting.q;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.remediation.Remediations.C;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** az revert commands for the Azure catalog's kinds, read from ARM resource ids. */
final class AzureRevertCommands {

    private AzureRevertCommands() {}

    static void revert(Finding f, List<C> changes, List<String> out) {
        String id = f.resourceId() == null ? "" : f.resourceId();
        Map<String, String> seg = Remediations.segments(id);
        String rg = seg.getOrDefault("resourcegroups", "RESOURCE_GROUP");
        String name = Remediations.last(id);
        String lower = id.toLowerCase(Locale.ROOT);
        List<String> rule = new ArrayList<>();
        List<String> storage = new ArrayList<>();
        List<String> vault = new ArrayList<>();
        String start = null;
        String end = null;
        boolean sqlDeleted = false;
        boolean sql = false;
        for (C c : changes) {
            String p = c.path();
            switch (p) {
                case "access" -> rule.add("--access " + q(cap(c.d())));
                case "direction" -> rule.add("--direction " + q(cap(c.d())));
                case "priority" -> rule.add("--priority " + q(c.d()));
                case "protocol" -> rule.add("--protocol " + q(c.d().equals("*") ? "*" : cap(c.d())));
                case "source_ports" -> rule.add("--source-port-ranges " + words(c.desired()));
                case "destination_ports" -> rule.add("--destination-port-ranges " + words(c.desired()));
                case "source_prefixes" -> rule.add("--source-address-prefixes " + words(c.desired()));
                case "destination_prefixes" -> rule.add("--destination-address-prefixes " + words(c.desired()));
                case "rule_names" -> {
                    for (JsonNode r : Remediations.minus(c.actual(), c.desired())) {
                        out.add("az network nsg rule delete --resource-group " + q(rg) + " --nsg-name " + q(name)
                                + " --name " + q(r.asText()));
                    }
                    if (!Remediations.minus(c.desired(), c.actual()).isEmpty()) {
                        out.add(Remediations.reapply(f, "a deleted NSG rule's definition is not part of the change"));
                    }
                }
                case "size" -> out.add("az vm resize --ids " + q(id) + " --size " + q(c.d()));
                case "instances" ->
                    out.add("az vmss scale --resource-group " + q(rg) + " --name " + q(name) + " --new-capacity "
                            + q(c.d()));
                case "sku" ->
                    out.add("az vmss update --resource-group " + q(rg) + " --name " + q(name) + " --set "
                            + q("sku.name=" + c.d()) + " && az vmss update-instances --resource-group " + q(rg)
                            + " --name " + q(name) + " --instance-ids '*'");
                case "public_blob_access" ->
                    storage.add("--allow-blob-public-access " + c.desired().asBoolean());
                case "min_tls_version" -> storage.add("--min-tls-version " + q(c.d()));
                case "https_only" -> storage.add("--https-only " + c.desired().asBoolean());
                case "network_rules.default_action" -> storage.add("--default-action " + q(cap(c.d())));
                case "network_rules.bypass" -> storage.add("--bypass " + bypass(c.desired()));
                case "network_acls.default_action" -> vault.add("--default-action " + q(cap(c.d())));
                case "network_acls.bypass" -> vault.add("--bypass " + bypass(c.desired()));
                case "purge_protection" ->
                    vault.add("--enable-purge-protection " + c.desired().asBoolean());
                case "soft_delete" ->
                    vault.add("--enable-soft-delete " + c.desired().asBoolean());
                case "soft_delete_retention_days" -> vault.add("--retention-days " + q(c.d()));
                case "network_rules.ip_rules", "network_acls.ip_rules" -> {
                    String base = p.startsWith("network_rules")
                            ? "az storage account network-rule "
                            : "az keyvault network-rule ";
                    String target = p.startsWith("network_rules") ? "--account-name " + q(name) : "--name " + q(name);
                    for (JsonNode ip : Remediations.minus(c.actual(), c.desired())) {
                        out.add(base + "remove --resource-group " + q(rg) + " " + target + " --ip-address "
                                + q(ip.asText()));
                    }
                    for (JsonNode ip : Remediations.minus(c.desired(), c.actual())) {
                        out.add(base + "add --resource-group " + q(rg) + " " + target + " --ip-address "
                                + q(ip.asText()));
                    }
                }
                case "start_ip", "end_ip" -> {
                    sql = true;
                    if (p.equals("start_ip")) {
                        start = c.declared() ? c.d() : null;
                    } else {
                        end = c.declared() ? c.d() : null;
                    }
                    sqlDeleted |= c.known() && (c.actual() == null || c.actual().isNull());
                }
                default -> {
                    if (p.startsWith("tags.")) {
                        String key = p.substring("tags.".length());
                        out.add("az tag update --resource-id " + q(id) + " --operation "
                                + (c.declared() ? "Merge" : "Delete") + " --tags "
                                + q(key + "=" + (c.declared() ? c.d() : text(c.actual()))));
                    } else if (p.startsWith("rule.")) {
                        out.add(Remediations.reapply(f, "a deleted NSG rule's definition is not part of the change"));
                    } else {
                        out.add(Remediations.reapply(f, "no az call is known for " + p));
                    }
                }
            }
        }
        if (!rule.isEmpty()) {
            out.add("az network nsg rule update --ids " + q(id) + " " + String.join(" ", rule));
        }
        if (!storage.isEmpty()) {
            out.add("az storage account update --ids " + q(id) + " " + String.join(" ", storage));
        }
        if (!vault.isEmpty()) {
            out.add("az keyvault update --resource-group " + q(rg) + " --name " + q(name) + " "
                    + String.join(" ", vault));
        }
        if (sql) {
            String server = seg.getOrDefault("servers", "SERVER");
            String verb = sqlDeleted ? "create" : "update";
            out.add("az sql server firewall-rule " + verb + " --resource-group " + q(rg) + " --server " + q(server)
                    + " --name " + q(name) + (start != null ? " --start-ip-address " + q(start) : "")
                    + (end != null ? " --end-ip-address " + q(end) : ""));
        }
        if (out.isEmpty()) {
            out.add(Remediations.reapply(f, "nothing in the change maps to an az call"));
        }
        if (lower.isEmpty()) {
            out.add("# the resource id is missing");
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    private static String words(JsonNode values) {
        List<String> w = new ArrayList<>();
        Remediations.strings(values).forEach(v -> w.add(q(v)));
        return w.isEmpty() ? "''" : String.join(" ", w);
    }

    private static String bypass(JsonNode values) {
        List<String> w = new ArrayList<>();
        for (String v : Remediations.strings(values)) {
            w.add(q(v.equals("azureservices") ? "AzureServices" : cap(v)));
        }
        return w.isEmpty() ? "None" : String.join(" ", w);
    }

    /** allow → Allow, inbound → Inbound (the catalog folds these to lower case). */
    static String cap(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
