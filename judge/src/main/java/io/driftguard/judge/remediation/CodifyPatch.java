package io.driftguard.judge.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.judge.context.Wording;
import io.driftguard.judge.remediation.Remediations.C;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A unified-diff-style snippet that would make the IaC declare the current value: the Terraform
 * resource block at its address, the CloudFormation logical resource's properties, or the manifest
 * object's fields. It shows the attribute's old and new value; names follow each IaC's own
 * spelling where the canonical path differs from it, and nested paths keep their canonical
 * dotted form, so the snippet is a guide for a reviewer, not a patch to apply blindly.
 */
final class CodifyPatch {

    /** Terraform argument names where the canonical path differs. */
    private static final Map<String, String> TERRAFORM = Map.ofEntries(
            Map.entry("logging_enabled", "enable_logging"),
            Map.entry("multi_region", "is_multi_region_trail"),
            Map.entry("log_file_validation", "enable_log_file_validation"),
            Map.entry("security_groups", "vpc_security_group_ids"),
            Map.entry("public_blob_access", "allow_nested_items_to_be_public"),
            Map.entry("https_only", "https_traffic_only_enabled"),
            Map.entry("purge_protection", "purge_protection_enabled"),
            Map.entry("soft_delete", "soft_delete_enabled"),
            Map.entry("start_ip", "start_ip_address"),
            Map.entry("end_ip", "end_ip_address"),
            Map.entry("source_prefixes", "source_address_prefixes"),
            Map.entry("destination_prefixes", "destination_address_prefixes"),
            Map.entry("source_ports", "source_port_ranges"),
            Map.entry("destination_ports", "destination_port_ranges"),
            Map.entry("tier", "settings.tier"),
            Map.entry("backup_enabled", "settings.backup_configuration.enabled"),
            Map.entry("authorized_networks", "settings.ip_configuration.authorized_networks"));

    /** CloudFormation property names where PascalCase of the path is not the name. */
    private static final Map<String, String> CLOUDFORMATION = Map.ofEntries(
            Map.entry("instance_class", "DBInstanceClass"), Map.entry("logging_enabled", "IsLogging"),
            Map.entry("multi_region", "IsMultiRegionTrail"),
                    Map.entry("log_file_validation", "EnableLogFileValidation"),
            Map.entry("ingress", "SecurityGroupIngress"), Map.entry("egress", "SecurityGroupEgress"),
            Map.entry("assume_role_policy", "AssumeRolePolicyDocument"), Map.entry("multi_az", "MultiAZ"),
            Map.entry("security_groups", "SecurityGroupIds"), Map.entry("policy", "PolicyDocument"),
            Map.entry("acl", "AccessControl"), Map.entry("managed_policy_arns", "ManagedPolicyArns"));

    private CodifyPatch() {}

    static String of(Finding f, List<C> changes) {
        IacRef iac = f.iac();
        if (iac == null) {
            return "# no IaC reference on the finding: declare " + Wording.paths(f) + " where the resource is defined";
        }
        StringBuilder b = new StringBuilder();
        switch (iac.source()) {
            case "terraform" -> terraform(f, iac, changes, b);
            case "cloudformation" -> cloudformation(iac, changes, b);
            case "kubernetes" -> kubernetes(iac, changes, b);
            default -> b.append("# unknown IaC source ").append(iac.source());
        }
        return b.toString().stripTrailing();
    }

    private static void terraform(Finding f, IacRef iac, List<C> changes, StringBuilder b) {
        String file = (iac.path() == null ? "" : iac.path().endsWith("/") ? iac.path() : iac.path() + "/") + "*.tf";
        b.append("--- a/").append(file).append("  (").append(iac.address()).append(")\n");
        b.append("+++ b/").append(file).append('\n');
        String[] addr = iac.address() == null
                ? new String[0]
                : iac.address().replaceAll("\\[[^\\]]*\\]", "").split("\\.");
        String type = addr.length >= 2 ? addr[addr.length - 2] : f.resourceType();
        String name = addr.length >= 1 ? addr[addr.length - 1] : "this";
        b.append(" resource \"").append(type).append("\" \"").append(name).append("\" {\n");
        for (C c : changes) {
            String tag = Remediations.tagKey(c.path());
            if (tag != null) {
                String map = c.path().substring(0, c.path().indexOf('.'));
                line(b, "-", "  " + map + "[" + hcl(tag) + "] = ", c.desired());
                line(b, "+", "  " + map + "[" + hcl(tag) + "] = ", c.known() ? c.actual() : null);
            } else {
                String arg = TERRAFORM.getOrDefault(c.path(), c.path());
                line(b, "-", "  " + arg + " = ", c.desired());
                line(b, "+", "  " + arg + " = ", c.known() ? c.actual() : null);
            }
        }
        b.append(" }\n");
    }

    private static void cloudformation(IacRef iac, List<C> changes, StringBuilder b) {
        String stack = Remediations.stack(iac.address());
        String logical = iac.address() != null && iac.address().contains("/")
                ? iac.address().substring(iac.address().indexOf('/') + 1)
                : "Resource";
        String file = iac.path() == null
                ? "cloudformation/" + stack + "/template.yaml"
                : iac.path().replaceAll("/$", "") + "/template.yaml";
        b.append("--- a/").append(file).append("  (").append(iac.address()).append(")\n");
        b.append("+++ b/").append(file).append('\n');
        b.append(" Resources:\n   ").append(logical).append(":\n     Properties:\n");
        for (C c : changes) {
            String tag = Remediations.tagKey(c.path());
            String prop = tag != null
                    ? "Tags[Key=" + tag + "].Value"
                    : CLOUDFORMATION.getOrDefault(c.path(), pascal(c.path()));
            line(b, "-", "       " + prop + ": ", c.desired());
            line(b, "+", "       " + prop + ": ", c.known() ? c.actual() : null);
        }
    }

    private static void kubernetes(IacRef iac, List<C> changes, StringBuilder b) {
        String file = Remediations.manifestFile(iac);
        String object = iac.address() != null && iac.address().contains("#")
                ? iac.address().substring(iac.address().indexOf('#') + 1)
                : iac.address();
        b.append("--- a/").append(file).append("  (").append(object).append(")\n");
        b.append("+++ b/").append(file).append('\n');
        for (C c : changes) {
            String[] parts = c.path().split("\\.");
            StringBuilder indent = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                b.append(' ').append(indent).append(parts[i]).append(":\n");
                indent.append("  ");
            }
            line(b, "-", indent + parts[parts.length - 1] + ": ", c.desired());
            line(b, "+", indent + parts[parts.length - 1] + ": ", c.known() ? c.actual() : null);
        }
    }

    private static void line(StringBuilder b, String sign, String head, JsonNode v) {
        if (v == null) {
            b.append(sign).append(head).append("<value not in the log: read it from the resource>\n");
        } else if (!v.isNull()) {
            b.append(sign)
                    .append(head)
                    .append(v.isTextual() ? hcl(v.asText()) : v.toString())
                    .append('\n');
        } else if (sign.equals("+")) {
            b.append("+").append(head.replaceAll("[=:] $", "")).append(" # removed: delete this line\n");
        }
    }

    /** A JSON/HCL string literal (the same escaping serves both). */
    private static String hcl(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }

    private static String pascal(String path) {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("[._]")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0)))
                        .append(part.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return b.toString();
    }
}
