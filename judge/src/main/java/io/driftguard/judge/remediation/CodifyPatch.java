package io.driftguard.judge.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.state.SourceExcerpt;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.judge.context.Wording;
import io.driftguard.judge.remediation.Remediations.C;
import io.driftguard.judge.remediation.ValueSlots.Slot;
import io.driftguard.judge.remediation.ValueSlots.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The patch that makes the IaC declare what is live now. When the reader saw the declaring file
 * ({@link IacRef#excerpt()}), this is a unified diff against that file's exact text, which
 * {@code git apply} accepts from the repository's root: each drifted attribute's literal is
 * replaced in place, written the way the file writes it (quoted or not), with the lines around it
 * as context. An attribute the patch cannot change in place (written as an expression, a
 * structured value, a value the file does not hold as declared) is named in a comment above the
 * diff. An unmanaged resource gets a new file ({@link UnmanagedCodify}).
 *
 * <p>Without the file, or when nothing can be changed in place, the result is a guide in the
 * same shape, headed by a comment that says it is not a patch and why.
 */
final class CodifyPatch {

    /** Terraform argument names where the canonical path differs. */
    static final Map<String, String> TERRAFORM = Map.ofEntries(
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
        if (f.kind() == FindingKind.UNMANAGED) {
            String created = UnmanagedCodify.of(f, changes);
            if (created != null) {
                return created;
            }
        }
        IacRef iac = f.iac();
        if (iac == null) {
            return "# no IaC reference on the finding: declare " + Wording.paths(f) + " where the resource is defined";
        }
        String why = "the file that declares " + iac.address() + " was not read (a Terraform state without its *.tf"
                + " files beside it, a module, or a count/for_each instance)";
        if (iac.excerpt() != null) {
            InPlace p = inPlace(iac, changes);
            if (p.patch() != null) {
                return p.patch();
            }
            why = String.join("; ", p.notes());
        }
        return "# a guide, not a patch: " + why + "\n" + guide(f, iac, changes);
    }

    private record InPlace(String patch, List<String> notes) {}

    private enum Syntax {
        HCL,
        YAML,
        JSON
    }

    private static InPlace inPlace(IacRef iac, List<C> changes) {
        SourceExcerpt x = iac.excerpt();
        List<String> lines = new ArrayList<>(List.of(x.text().split("\n", -1)));
        if (x.text().endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        int from = x.blockFrom() - x.firstLine();
        int to = Math.min(lines.size() - 1, x.blockTo() - x.firstLine());
        List<String> notes = new ArrayList<>();
        if (from < 0 || from > to) {
            return new InPlace(null, List.of("the declaring lines of " + x.file() + " are not in the excerpt"));
        }
        String block = String.join("\n", lines.subList(from, to + 1));
        String file = x.file();
        Syntax syntax = file.endsWith(".tf") ? Syntax.HCL : file.endsWith(".json") ? Syntax.JSON : Syntax.YAML;
        Map<String, Slot> slots = switch (syntax) {
            case HCL -> ValueSlots.hcl(block);
            case JSON -> ValueSlots.json(block);
            case YAML -> ValueSlots.yaml(block);
        };
        Map<Integer, String> edits = new TreeMap<>();
        for (C c : changes) {
            String where = declaredPath(iac, c.path());
            Slot slot = slots.get(where);
            if (slot == null) {
                notes.add(c.path() + " is not written as one value (" + where + ") in " + file);
            } else if (slot.value() == null) {
                notes.add(c.path() + " is an expression in " + file + " (line " + (x.blockFrom() + slot.line())
                        + "): change the value where it is set");
            } else if (!c.known()) {
                notes.add(c.path() + ": the log does not show the new value");
            } else if (!same(slot.value(), c.desired())) {
                notes.add(c.path() + ": " + file + " line " + (x.blockFrom() + slot.line()) + " holds " + slot.value()
                        + ", not the declared " + c.desired() + " (changed since it was read?)");
            } else {
                String literal = literal(c.actual(), slot.style(), syntax);
                int line = from + slot.line();
                if (literal == null) {
                    notes.add(c.path() + ": the new value " + c.actual() + " is not one literal; edit it by hand");
                } else if (edits.containsKey(line)) {
                    notes.add(c.path() + " shares line " + (x.firstLine() + line)
                            + " with another change; edit it by hand");
                } else {
                    String old = lines.get(line);
                    edits.put(line, old.substring(0, slot.start()) + literal + old.substring(slot.end()));
                }
            }
        }
        if (edits.isEmpty()) {
            return new InPlace(null, notes.isEmpty() ? List.of("no change to make in " + file) : notes);
        }
        StringBuilder b = new StringBuilder();
        b.append("# codify ").append(iac.address()).append(": run git apply on this patch in the repository's root\n");
        for (String n : notes) {
            b.append("# not in the patch: ").append(n.replace('\n', ' ')).append('\n');
        }
        int lo = Math.max(0, ((TreeMap<Integer, String>) edits).firstKey() - SourceExcerpt.CONTEXT);
        int hi = Math.min(lines.size() - 1, ((TreeMap<Integer, String>) edits).lastKey() + SourceExcerpt.CONTEXT);
        boolean openLast = x.toEnd() && !x.text().endsWith("\n");
        int count = hi - lo + 1;
        b.append("diff --git a/").append(file).append(" b/").append(file).append('\n');
        b.append("--- a/").append(file).append('\n');
        b.append("+++ b/").append(file).append('\n');
        int start = x.firstLine() + lo;
        b.append("@@ -").append(start).append(',').append(count);
        b.append(" +").append(start).append(',').append(count).append(" @@\n");
        for (int i = lo; i <= hi; i++) {
            boolean noNewline = openLast && i == lines.size() - 1;
            String edit = edits.get(i);
            if (edit == null) {
                diffLine(b, ' ', lines.get(i), noNewline);
            } else {
                diffLine(b, '-', lines.get(i), noNewline);
                diffLine(b, '+', edit, noNewline);
            }
        }
        return new InPlace(b.toString(), notes);
    }

    private static void diffLine(StringBuilder b, char sign, String line, boolean noNewline) {
        b.append(sign).append(line).append('\n');
        if (noNewline) {
            b.append("\\ No newline at end of file\n");
        }
    }

    /** The attribute's path as the declaring block spells it (see {@link ValueSlots}). */
    private static String declaredPath(IacRef iac, String path) {
        String tag = Remediations.tagKey(path);
        return switch (iac.source()) {
            case "terraform" ->
                tag != null ? path.substring(0, path.indexOf('.')) + "." + tag : TERRAFORM.getOrDefault(path, path);
            case "cloudformation" -> {
                String logical = iac.address() != null && iac.address().contains("/")
                        ? iac.address().substring(iac.address().indexOf('/') + 1)
                        : "";
                yield logical + ".Properties."
                        + (tag != null ? "Tags." + tag + ".Value" : CLOUDFORMATION.getOrDefault(path, pascal(path)));
            }
            default -> path;
        };
    }

    /** Whether the file's literal is the declared value (a quoted "3" declares 3). */
    private static boolean same(JsonNode literal, JsonNode declared) {
        if (declared == null || declared.isNull()) {
            return false;
        }
        if (literal.equals(declared)) {
            return true;
        }
        if (literal.isValueNode() && declared.isValueNode()) {
            if (literal.asText().equals(declared.asText())) {
                return true;
            }
            if (literal.isNumber() && declared.isNumber()) {
                return literal.decimalValue().compareTo(declared.decimalValue()) == 0;
            }
        }
        return false;
    }

    /** The value written in the literal's style, or null when it is not one literal. */
    private static String literal(JsonNode v, Style style, Syntax syntax) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String text = v.asText();
        String quoted = TextNode.valueOf(text).toString();
        if (syntax == Syntax.HCL) {
            quoted = quoted.replace("${", "$${").replace("%{", "%%{");
        }
        return switch (style) {
            case DOUBLE -> quoted;
            case SINGLE -> "'" + text.replace("'", "''") + "'";
            case PLAIN -> v.isTextual() && !plainSafe(text) ? quoted : text;
            case BARE -> v.isTextual() ? quoted : v.toString();
            case EXPRESSION -> null;
        };
    }

    /** Whether a YAML plain scalar reads back as this same string. */
    private static boolean plainSafe(String s) {
        return s.matches("[A-Za-z_/.][A-Za-z0-9_./:@+-]*")
                && !s.matches("(?i)true|false|yes|no|on|off|y|n|null|~|[-+]?(\\.inf|\\.nan)")
                && !s.matches("[-+]?[0-9._]+([eE][-+]?[0-9]+)?")
                && !s.contains(": ")
                && !s.endsWith(":");
    }

    /** The shape of the change in the IaC's own terms, for a reviewer to make by hand. */
    private static String guide(Finding f, IacRef iac, List<C> changes) {
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
        return TextNode.valueOf(s).toString();
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
