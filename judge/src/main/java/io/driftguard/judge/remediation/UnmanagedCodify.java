package io.driftguard.judge.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.remediation.Remediations.C;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The new-file patch that brings an unmanaged resource under IaC: for a cloud resource, a Terraform
 * {@code import} block and a {@code resource} block declaring the values the finding saw set; for a
 * Kubernetes object, a manifest of them. The file is new, so {@code git apply} adds it; the
 * declaration holds only what the log showed, and a comment says how to complete it.
 */
final class UnmanagedCodify {

    /** Terraform types of the AWS kinds the catalog names by their CloudFormation type. */
    private static final Map<String, String> AWS_TERRAFORM = Map.ofEntries(
            Map.entry("AWS::EC2::SecurityGroup", "aws_security_group"),
            Map.entry("AWS::EC2::Instance", "aws_instance"),
            Map.entry("AWS::EC2::VPC", "aws_vpc"),
            Map.entry("AWS::EC2::Subnet", "aws_subnet"),
            Map.entry("AWS::EC2::Volume", "aws_ebs_volume"),
            Map.entry("AWS::S3::Bucket", "aws_s3_bucket"),
            Map.entry("AWS::RDS::DBInstance", "aws_db_instance"),
            Map.entry("AWS::Lambda::Function", "aws_lambda_function"),
            Map.entry("AWS::IAM::Role", "aws_iam_role"),
            Map.entry("AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group"),
            Map.entry("AWS::CloudTrail::Trail", "aws_cloudtrail"));

    /** apiVersion of the kinds the catalog covers. */
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Deployment", "apps/v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("DaemonSet", "apps/v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("Role", "rbac.authorization.k8s.io/v1"),
            Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRole", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"));

    private UnmanagedCodify() {}

    /** The patch, or null when no declaration can be written for this resource type. */
    static String of(Finding f, List<C> changes) {
        return f.cloud() == Cloud.KUBERNETES ? manifest(f, changes) : terraform(f, changes);
    }

    private static String terraform(Finding f, List<C> changes) {
        String type = AWS_TERRAFORM.getOrDefault(f.resourceType(), f.resourceType());
        if (type == null || !type.matches("[a-z][a-z0-9]*_[a-z0-9_]+") || f.resourceId() == null) {
            return null;
        }
        String name = identifier(Remediations.last(f.resourceId()));
        List<String[]> attributes = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        String tagMap = "tags";
        List<String> left = new ArrayList<>();
        for (C c : changes) {
            String tag = Remediations.tagKey(c.path());
            String literal = c.known() ? hcl(c.actual()) : null;
            if (literal == null || c.path().endsWith("+") || c.path().endsWith("-")) {
                left.add(c.path().replaceAll("[+-]$", ""));
            } else if (tag != null) {
                tagMap = c.path().substring(0, c.path().indexOf('.'));
                tags.put(tag, literal);
            } else {
                String arg = CodifyPatch.TERRAFORM.getOrDefault(c.path(), c.path());
                if (arg.contains(".")) {
                    left.add(c.path());
                } else {
                    attributes.add(new String[] {arg, literal});
                }
            }
        }
        if (!tags.isEmpty()) {
            StringBuilder map = new StringBuilder("{\n");
            int width = tags.keySet().stream()
                    .mapToInt(k -> hclKey(k).length())
                    .max()
                    .orElse(0);
            tags.forEach((k, v) -> map.append("    ")
                    .append(pad(hclKey(k), width))
                    .append(" = ")
                    .append(v)
                    .append('\n'));
            attributes.add(new String[] {tagMap, map.append("  }").toString()});
        }
        String file = "terraform/imports/" + name + ".tf";
        List<String> body = new ArrayList<>();
        body.add("# " + f.resourceId() + " was changed by hand and no IaC declares it: import it.");
        body.add("# Move this file into the root module that should own the resource. The resource block");
        body.add("# holds what the log showed; complete it from `terraform plan`, or delete it and run");
        body.add("# `terraform plan -generate-config-out=generated.tf` to have Terraform write it.");
        body.add("import {");
        body.add("  to = " + type + "." + name);
        body.add("  id = " + TextNode.valueOf(f.resourceId()));
        body.add("}");
        body.add("");
        body.add("resource \"" + type + "\" \"" + name + "\" {");
        // As terraform fmt writes them: the = of one-line attributes aligned, a multi-line one apart.
        int width = attributes.stream()
                .filter(a -> !a[1].contains("\n"))
                .mapToInt(a -> a[0].length())
                .max()
                .orElse(0);
        for (String[] a : attributes) {
            body.add("  " + (a[1].contains("\n") ? a[0] : pad(a[0], width)) + " = " + a[1]);
        }
        for (String l : left) {
            body.add("  # " + l + ": set it from the live resource (the log does not give it as one value)");
        }
        body.add("}");
        return newFile(f, file, body);
    }

    private static String manifest(Finding f, List<C> changes) {
        String[] id = f.resourceId() == null ? new String[0] : f.resourceId().split("/");
        if (id.length != 3 && id.length != 4) {
            return null;
        }
        String cluster = id[0];
        String kind = id[id.length - 2];
        String name = id[id.length - 1];
        String namespace = id.length == 4 ? id[1] : null;
        String apiVersion = API_VERSIONS.get(kind);
        if (apiVersion == null) {
            return null;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", apiVersion);
        doc.put("kind", kind);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        doc.put("metadata", metadata);
        List<String> left = new ArrayList<>();
        for (C c : changes) {
            if (!c.known()
                    || c.path().endsWith("+")
                    || c.path().endsWith("-")
                    || c.actual().isNull()) {
                left.add(c.path().replaceAll("[+-]$", ""));
            } else {
                put(doc, c.path().split("\\."), 0, plain(c.actual()));
            }
        }
        String file = "kubernetes/" + cluster + "/" + (namespace == null ? "" : namespace + "/")
                + kind.toLowerCase(Locale.ROOT) + "-" + name + ".yaml";
        List<String> body = new ArrayList<>();
        body.add("# " + f.resourceId() + " was changed by hand and no manifest declares it. This holds what the");
        body.add("# log showed; complete it from `kubectl get " + kind.toLowerCase(Locale.ROOT) + " " + name
                + (namespace == null ? "" : " -n " + namespace) + " -o yaml`.");
        for (String l : left) {
            body.add("# " + l + ": set it from the live object (the log does not give it as one value)");
        }
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        body.addAll(List.of(new Yaml(o).dump(doc).split("\n")));
        return newFile(f, file, body);
    }

    /** Nests a dotted path; a segment after {@code containers} names a list element. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> m, String[] path, int i, Object value) {
        String key = path[i];
        if (i == path.length - 1) {
            m.put(key, value);
            return;
        }
        if ((key.equals("containers") || key.equals("initContainers")) && i + 2 < path.length) {
            List<Map<String, Object>> list = (List<Map<String, Object>>) m.computeIfAbsent(key, k -> new ArrayList<>());
            Map<String, Object> item = list.stream()
                    .filter(e -> path[i + 1].equals(e.get("name")))
                    .findFirst()
                    .orElseGet(() -> {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("name", path[i + 1]);
                        list.add(e);
                        return e;
                    });
            put(item, path, i + 2, value);
            return;
        }
        Object next = m.get(key);
        if (!(next instanceof Map)) {
            next = new LinkedHashMap<String, Object>();
            m.put(key, next);
        }
        put((Map<String, Object>) next, path, i + 1, value);
    }

    private static Object plain(JsonNode v) {
        return io.driftguard.core.json.Json.MAPPER.convertValue(v, Object.class);
    }

    private static String newFile(Finding f, String file, List<String> body) {
        StringBuilder b = new StringBuilder();
        b.append("# codify ")
                .append(f.resourceId())
                .append(": a new file; run git apply on this patch in the repository's root\n");
        b.append("diff --git a/").append(file).append(" b/").append(file).append('\n');
        b.append("new file mode 100644\n");
        b.append("--- /dev/null\n");
        b.append("+++ b/").append(file).append('\n');
        List<String> lines = new ArrayList<>();
        for (String l : body) {
            lines.addAll(List.of(l.split("\n", -1)));
        }
        b.append("@@ -0,0 +1,").append(lines.size()).append(" @@\n");
        for (String l : lines) {
            b.append('+').append(l).append('\n');
        }
        return b.toString();
    }

    private static String hcl(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.isTextual()
                ? TextNode.valueOf(v.asText()).toString().replace("${", "$${").replace("%{", "%%{")
                : v.toString();
    }

    private static String hclKey(String k) {
        return k.matches("[A-Za-z_][A-Za-z0-9_-]*") ? k : TextNode.valueOf(k).toString();
    }

    /** A Terraform name from a resource id: letters, digits, underscores, starting with a letter. */
    static String identifier(String id) {
        String s = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() || !Character.isLetter(s.charAt(0)) ? "r_" + s : s;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
