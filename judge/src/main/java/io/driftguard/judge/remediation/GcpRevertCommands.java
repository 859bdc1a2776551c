package io.driftguard.judge.remediation;

import static io.driftguard.judge.remediation.ShellQuoting.opt;
import static io.driftguard.judge.remediation.ShellQuoting.q;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.remediation.Remediations.C;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** gcloud revert commands for the GCP catalog's kinds, read from full resource names. */
final class GcpRevertCommands {

    private GcpRevertCommands() {}

    static void revert(Finding f, List<C> changes, List<String> out) {
        String id = f.resourceId() == null ? "" : f.resourceId();
        Map<String, String> seg = Remediations.segments(id);
        String name = Remediations.last(id);
        String project = seg.get("projects");
        String proj = project == null || project.equals("_") ? "" : " " + opt("--project", project);
        List<String> fw = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        List<String> bucket = new ArrayList<>();
        List<String> labelsSet = new ArrayList<>();
        List<String> labelsRemove = new ArrayList<>();
        boolean isBucket = id.contains("/buckets/") || "google_storage_bucket".equals(f.resourceType());
        boolean isSql = id.contains("/instances/") && !id.contains("/zones/")
                || "google_sql_database_instance".equals(f.resourceType());
        for (C c : changes) {
            String p = c.path();
            switch (p) {
                case "source_ranges", "destination_ranges", "source_tags", "target_tags" ->
                    fw.add(list("--" + p.replace('_', '-'), c.desired()));
                case "allow" -> fw.add(list("--allow", c.desired()));
                case "deny" -> fw.add(list("--rules", c.desired()));
                case "disabled" -> fw.add(c.desired().asBoolean() ? "--disabled" : "--no-disabled");
                case "priority" -> fw.add(opt("--priority", c.d()));
                case "machine_type" -> {
                    String zone = " " + opt("--zone", seg.getOrDefault("zones", "ZONE"));
                    out.add("gcloud compute instances stop " + q(name) + zone + proj
                            + " && gcloud compute instances set-machine-type " + q(name) + zone + proj + " "
                            + opt("--machine-type", c.d()) + " && gcloud compute instances start " + q(name) + zone
                            + proj);
                }
                case "target_size" ->
                    out.add("gcloud compute instance-groups managed resize " + q(name) + " " + opt("--size", c.d())
                            + (seg.containsKey("zones")
                                    ? " " + opt("--zone", seg.get("zones"))
                                    : seg.containsKey("regions") ? " " + opt("--region", seg.get("regions")) : "")
                            + proj);
                case "versioning.enabled" -> bucket.add(c.desired().asBoolean() ? "--versioning" : "--no-versioning");
                case "uniform_bucket_level_access" ->
                    bucket.add(
                            c.desired().asBoolean()
                                    ? "--uniform-bucket-level-access"
                                    : "--no-uniform-bucket-level-access");
                case "tier" -> sql.add(opt("--tier", c.d()));
                case "backup_enabled" -> sql.add(c.desired().asBoolean() ? "--backup" : "--no-backup");
                case "deletion_protection" ->
                    sql.add(c.desired().asBoolean() ? "--deletion-protection" : "--no-deletion-protection");
                case "authorized_networks" ->
                    sql.add(
                            Remediations.strings(c.desired()).isEmpty()
                                    ? "--clear-authorized-networks"
                                    : list("--authorized-networks", c.desired()));
                default -> {
                    if (p.startsWith("labels.")) {
                        String key = p.substring("labels.".length());
                        if (c.declared()) {
                            labelsSet.add(key + "=" + c.d());
                        } else {
                            labelsRemove.add(key);
                        }
                    } else if (p.startsWith("iam.")) {
                        iam(f, c, isBucket, name, project, out);
                    } else {
                        out.add(Remediations.reapply(f, "no gcloud call is known for " + p));
                    }
                }
            }
        }
        if (!fw.isEmpty()) {
            out.add("gcloud compute firewall-rules update " + q(name) + proj + " " + String.join(" ", fw));
        }
        if (!sql.isEmpty()) {
            out.add("gcloud sql instances patch " + q(name) + proj + " " + String.join(" ", sql));
        }
        if (!labelsSet.isEmpty() || !labelsRemove.isEmpty()) {
            String flags = (labelsSet.isEmpty() ? "" : " " + opt("--update-labels", String.join(",", labelsSet)))
                    + (labelsRemove.isEmpty() ? "" : " " + opt("--remove-labels", String.join(",", labelsRemove)));
            if (isBucket) {
                bucket.add(flags.trim());
            } else {
                out.add("gcloud compute instances update " + q(name) + " "
                        + opt("--zone", seg.getOrDefault("zones", "ZONE")) + proj + flags);
            }
        }
        if (!bucket.isEmpty()) {
            out.add("gcloud storage buckets update " + q("gs://" + name) + " " + String.join(" ", bucket));
        }
        if (out.isEmpty()) {
            out.add(Remediations.reapply(f, "nothing in the change maps to a gcloud call"));
        }
    }

    private static void iam(Finding f, C c, boolean bucket, String name, String project, List<String> out) {
        String p = c.path();
        List<String[]> add = new ArrayList<>();
        List<String[]> remove = new ArrayList<>();
        if (p.startsWith("iam.binding.")) {
            String role = p.substring("iam.binding.".length());
            Remediations.minus(c.actual(), c.desired()).forEach(m -> remove.add(new String[] {role, m.asText()}));
            Remediations.minus(c.desired(), c.actual()).forEach(m -> add.add(new String[] {role, m.asText()}));
        } else if (p.startsWith("iam.member.") || p.startsWith("iam.public_member.")) {
            String[] pair = pair(p.substring(p.indexOf('.', 4) + 1));
            if (pair != null) {
                (c.declared() ? add : remove).add(pair);
            }
        } else if (p.equals("iam.members") || p.equals("iam.public_members")) {
            for (JsonNode m : Remediations.minus(c.actual(), c.desired())) {
                String[] pair = pair(m.asText());
                if (pair != null) {
                    remove.add(pair);
                }
            }
            for (JsonNode m : Remediations.minus(c.desired(), c.actual())) {
                String[] pair = pair(m.asText());
                if (pair != null) {
                    add.add(pair);
                }
            }
        }
        String head = bucket ? "gcloud storage buckets " : "gcloud projects ";
        String target = " " + (bucket ? q("gs://" + name) : q(project == null ? name : project));
        for (String[] r : remove) {
            String cmd = head + "remove-iam-policy-binding" + target + " " + opt("--member", r[1]) + " "
                    + opt("--role", r[0]);
            if (!out.contains(cmd)) {
                out.add(cmd);
            }
        }
        for (String[] r : add) {
            String cmd =
                    head + "add-iam-policy-binding" + target + " " + opt("--member", r[1]) + " " + opt("--role", r[0]);
            if (!out.contains(cmd)) {
                out.add(cmd);
            }
        }
    }

    private static String[] pair(String pair) {
        int space = pair.indexOf(' ');
        return space < 0 ? null : new String[] {pair.substring(0, space), pair.substring(space + 1)};
    }

    private static String list(String flag, JsonNode values) {
        return opt(flag, String.join(",", Remediations.strings(values)));
    }
}
