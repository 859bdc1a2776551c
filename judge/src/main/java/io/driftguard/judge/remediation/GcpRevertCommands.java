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
                        iam(f, c, iamTarget(f, id, seg, name, proj), out);
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

    /**
     * The gcloud command group that holds a resource's IAM policy and the arguments naming the
     * resource: {@code {"gcloud pubsub topics", "orders --project=p"}}. Null when the resource kind
     * has no IAM policy gcloud knows.
     */
    static String[] iamTarget(Finding f, String id, Map<String, String> seg, String name, String proj) {
        String type = f.resourceType() == null ? "" : f.resourceType();
        if (id.contains("/buckets/") || type.startsWith("google_storage_bucket")) {
            return new String[] {"gcloud storage buckets", q("gs://" + name)};
        }
        if (id.contains("/topics/") && !id.contains("/subscriptions/") || type.startsWith("google_pubsub_topic")) {
            return new String[] {"gcloud pubsub topics", q(name) + proj};
        }
        if (id.contains("/subscriptions/") || type.startsWith("google_pubsub_subscription")) {
            return new String[] {"gcloud pubsub subscriptions", q(name) + proj};
        }
        if (seg.containsKey("cryptokeys") && seg.containsKey("keyrings")) {
            return new String[] {
                "gcloud kms keys",
                q(name) + " " + opt("--keyring", seg.get("keyrings")) + " "
                        + opt("--location", seg.getOrDefault("locations", "global")) + proj
            };
        }
        if (seg.containsKey("serviceaccounts") || type.startsWith("google_service_account")) {
            return new String[] {"gcloud iam service-accounts", q(name) + proj};
        }
        String project = seg.get("projects");
        if (project != null && id.equals("projects/" + project) || type.startsWith("google_project")) {
            return new String[] {"gcloud projects", q(project == null ? name : project)};
        }
        return null;
    }

    /**
     * IAM paths as ingest writes them ({@code GcpIam}): {@code iam.members} (the whole policy as
     * {@code "<role> <member>"} pairs), {@code iam.binding.<role>} (one role's members),
     * {@code iam.member.<role> <member>} (one grant, true while it exists) and
     * {@code iam.public.<allUsers|allAuthenticatedUsers>} (whether the public member holds any role).
     */
    private static void iam(Finding f, C c, String[] target, List<String> out) {
        if (target == null) {
            out.add(Remediations.reapply(f, "no gcloud IAM command is known for " + f.resourceType()));
            return;
        }
        String p = c.path();
        List<String[]> add = new ArrayList<>();
        List<String[]> remove = new ArrayList<>();
        if (p.startsWith("iam.binding.")) {
            String role = p.substring("iam.binding.".length());
            Remediations.minus(c.actual(), c.desired()).forEach(m -> remove.add(new String[] {role, m.asText()}));
            Remediations.minus(c.desired(), c.actual()).forEach(m -> add.add(new String[] {role, m.asText()}));
        } else if (p.startsWith("iam.member.")) {
            String[] pair = pair(p.substring("iam.member.".length()));
            if (pair != null) {
                (c.desired().asBoolean(false) ? add : remove).add(pair);
            }
        } else if (p.equals("iam.members")) {
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
        } else if (p.startsWith("iam.public.")) {
            String member = p.substring("iam.public.".length());
            boolean removed = out.stream()
                    .anyMatch(cmd ->
                            cmd.contains(" remove-iam-policy-binding ") && cmd.contains(opt("--member", member)));
            if (removed) {
                return; // a grant of the same change already takes the member out
            }
            if (!c.desired().asBoolean(false)
                    && (member.equals("allUsers") || member.equals("allAuthenticatedUsers"))) {
                // which role it holds is not in the path: take the member out of every binding
                out.add(target[0] + " get-iam-policy " + target[1] + " --format=json | jq "
                        + q(".bindings |= map(.members -= [\"" + member + "\"] | select(.members | length > 0))")
                        + " > policy.json && " + target[0] + " set-iam-policy " + target[1] + " policy.json");
            } else {
                out.add(Remediations.reapply(f, "the role " + member + " should hold is declared, not logged"));
            }
            return;
        }
        for (String[] r : remove) {
            String cmd = target[0] + " remove-iam-policy-binding " + target[1] + " " + opt("--member", r[1]) + " "
                    + opt("--role", r[0]);
            if (!out.contains(cmd)) {
                out.add(cmd);
            }
        }
        for (String[] r : add) {
            String cmd = target[0] + " add-iam-policy-binding " + target[1] + " " + opt("--member", r[1]) + " "
                    + opt("--role", r[0]);
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
