package io.driftguard.judge.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Finding.Remediation;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.FindingKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The finding's {@code remediation}: the command that would put the declared value back, the IaC
 * patch that would declare the new value instead, and the ignore rule that would accept it.
 *
 * <p>These strings are data, shown to people and never executed by DriftGuard. Every value taken
 * from a log or state file is quoted by {@link Shell}. Where no exact command follows from the
 * finding (a whole tag set, an ACL of explicit grants, a rule the log did not describe) the string
 * says so and falls back to re-applying the IaC, rather than guessing.
 */
public final class Remediations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Remediations() {}

    public static Remediation of(Finding f) {
        List<C> changes = new ArrayList<>();
        for (Change c : f.changes()) {
            boolean known = c.actualKnown() == null || c.actualKnown();
            changes.add(new C(c.path(), parse(c.desired()), known ? parse(c.actual()) : NullNode.instance, known));
        }
        List<String> cmds = new ArrayList<>();
        if (f.kind() == FindingKind.UNMANAGED) {
            UnmanagedRevert.revert(f, changes, cmds);
        } else {
            switch (f.cloud() == null ? Cloud.AWS : f.cloud()) {
                case AWS -> AwsRevertCommands.revert(f, changes, cmds);
                case GCP -> GcpRevertCommands.revert(f, changes, cmds);
                case AZURE -> AzureRevertCommands.revert(f, changes, cmds);
                case KUBERNETES -> KubernetesRevertCommands.revert(f, changes, cmds);
            }
        }
        return new Remediation(String.join("\n", cmds), CodifyPatch.of(f, changes), ignoreRule(f));
    }

    /** One change with parsed values. */
    record C(String path, JsonNode desired, JsonNode actual, boolean known) {
        boolean declared() {
            return desired != null && !desired.isNull();
        }

        String d() {
            return desired.isValueNode() ? desired.asText() : desired.toString();
        }
    }

    /** The fallback when no exact command follows: re-apply the declaration. */
    static String reapply(Finding f, String why) {
        IacRef iac = f.iac();
        String how;
        if (iac == null) {
            how = "re-apply the IaC that declares it";
        } else {
            how = switch (iac.source()) {
                case "terraform" -> "terraform apply -target=" + ShellQuoting.q(iac.address());
                case "cloudformation" ->
                    "re-deploy stack " + ShellQuoting.q(stack(iac.address()))
                            + " (CloudFormation does not repair drift by itself: update the stack, or detect-stack-drift then fix by hand)";
                case "kubernetes" -> "kubectl apply -f " + ShellQuoting.q(manifestFile(iac));
                default -> "re-apply the IaC that declares it";
            };
        }
        return "# no exact revert command: " + why + "; instead: " + how;
    }

    static String stack(String address) {
        int slash = address == null ? -1 : address.indexOf('/');
        return slash < 0 ? String.valueOf(address) : address.substring(0, slash);
    }

    static String manifestFile(IacRef iac) {
        if (iac.path() != null && !iac.path().isBlank()) {
            return iac.path();
        }
        String a = iac.address() == null ? "" : iac.address();
        int hash = a.indexOf('#');
        return hash < 0 ? a : a.substring(0, hash);
    }

    /** The ignore rule, in config.yaml syntax, that would accept these changes on this resource. */
    static String ignoreRule(Finding f) {
        StringBuilder b = new StringBuilder("ignore_rules:\n");
        List<String> seen = new ArrayList<>();
        for (Change c : f.changes()) {
            String tagKey = tagKey(c.path());
            String key = tagKey != null ? "tag_key:" + tagKey : "attribute:" + c.path();
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            b.append("  - {");
            if (f.cloud() != null) {
                b.append("cloud: ").append(f.cloud().wireName()).append(", ");
            }
            b.append("resource_type: ")
                    .append(yaml(f.resourceType()))
                    .append(", resource: ")
                    .append(yaml(f.resourceId()));
            if (tagKey != null) {
                b.append(", tag_key: ").append(yaml(tagKey));
            } else {
                b.append(", attribute: ").append(yaml(c.path()));
            }
            b.append(", comment: ")
                    .append(yaml("accepted drift " + (f.findingId() == null ? "" : f.findingId()) + " by "
                                    + (f.actor() == null ? "unknown" : f.actor().display()))
                            .trim())
                    .append("}\n");
        }
        return b.toString().stripTrailing();
    }

    static String tagKey(String path) {
        for (String p : new String[] {"tags.", "labels.", "metadata.labels."}) {
            if (path.startsWith(p) && path.length() > p.length()) {
                return path.substring(p.length());
            }
        }
        return null;
    }

    /** A double-quoted YAML string. */
    static String yaml(String s) {
        if (s == null) {
            return "\"\"";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static JsonNode parse(String json) {
        if (json == null) {
            return NullNode.instance;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return n == null ? NullNode.instance : n;
        } catch (JsonProcessingException e) {
            return NullNode.instance;
        }
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else if (n != null && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }

    static List<JsonNode> minus(JsonNode a, JsonNode b) {
        List<JsonNode> out = new ArrayList<>();
        List<JsonNode> bs = new ArrayList<>();
        if (b != null && b.isArray()) {
            b.forEach(bs::add);
        }
        if (a != null && a.isArray()) {
            a.forEach(e -> {
                if (!bs.contains(e)) {
                    out.add(e);
                }
            });
        }
        return out;
    }

    static ObjectNode obj() {
        return NODES.objectNode();
    }

    /** Named path segments of a resource id ({@code projects/p/zones/z/instances/n}). */
    static Map<String, String> segments(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] p = id == null ? new String[0] : id.split("/");
        for (int i = 0; i + 1 < p.length; i++) {
            if (!p[i].isEmpty()) {
                out.putIfAbsent(p[i].toLowerCase(Locale.ROOT), p[i + 1]);
            }
        }
        return out;
    }

    static String last(String id) {
        return id == null ? "" : id.substring(id.lastIndexOf('/') + 1);
    }
}
