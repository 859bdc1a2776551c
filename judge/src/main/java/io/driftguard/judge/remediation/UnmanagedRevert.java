package io.driftguard.judge.remediation;

import static io.driftguard.judge.remediation.ShellQuoting.opt;
import static io.driftguard.judge.remediation.ShellQuoting.q;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.remediation.Remediations.C;
import java.util.List;
import java.util.Map;

/**
 * The "revert" of a change to a resource no IaC declares. There is no declared value to put back,
 * so the per-attribute commands of a drift finding would set every attribute to nothing; what an
 * operator can do instead is remove the resource if it should not exist. The command names the
 * resource exactly, behind a comment that says why it is a removal; where the provider has no
 * removal call that follows from the id alone, the comment says so instead of guessing.
 */
final class UnmanagedRevert {

    /** gcloud compute groups by the collection segment of a compute resource name. */
    private static final Map<String, String> COMPUTE = Map.of(
            "instances", "instances",
            "firewalls", "firewall-rules",
            "disks", "disks",
            "subnetworks", "networks subnets",
            "instanceGroupManagers", "instance-groups managed",
            "addresses", "addresses",
            "forwardingRules", "forwarding-rules");

    private UnmanagedRevert() {}

    static void revert(Finding f, List<C> changes, List<String> out) {
        boolean exists = changes.stream()
                .anyMatch(c -> c.known() && c.actual() != null && !c.actual().isNull());
        if (!exists) {
            out.add("# not declared in any IaC source, and the change left nothing behind: no declared state to"
                    + " restore and nothing to remove");
            return;
        }
        out.add("# not declared in any IaC source: there is no declared value to put back. If it should not exist,"
                + " remove it (check first that nothing depends on it); otherwise codify it with the patch below");
        String id = f.resourceId() == null ? "" : f.resourceId();
        String type = f.resourceType() == null ? "" : f.resourceType();
        String delete = switch (f.cloud() == null ? Cloud.AWS : f.cloud()) {
            case AZURE -> id.startsWith("/subscriptions/") ? "az resource delete --ids " + q(id) : null;
            case KUBERNETES ->
                KubernetesRevertCommands.complete(f)
                        ? KubernetesRevertCommands.base(f) + " delete " + KubernetesRevertCommands.object(f)
                        : null;
            case GCP -> gcp(id);
            case AWS -> aws(id, type);
        };
        out.add(
                delete != null
                        ? delete
                        : "# no removal command follows from the id " + q(id) + " alone: remove the " + type
                                + " in the provider's console or CLI");
    }

    private static String gcp(String id) {
        Map<String, String> seg = Remediations.segments(id);
        String project = seg.get("projects");
        String name = Remediations.last(id);
        String[] p = id.split("/");
        String collection = p.length >= 2 ? p[p.length - 2] : "";
        String group = id.contains("/compute/")
                        || seg.containsKey("zones")
                        || seg.containsKey("global")
                        || seg.containsKey("regions")
                ? COMPUTE.get(collection)
                : null;
        String proj = project == null || project.equals("_") ? "" : " " + opt("--project", project);
        if (group != null) {
            String where = seg.containsKey("zones")
                    ? " " + opt("--zone", seg.get("zones"))
                    : seg.containsKey("regions") ? " " + opt("--region", seg.get("regions")) : "";
            if (group.equals("addresses") && !seg.containsKey("regions")) {
                where = " --global";
            }
            return "gcloud compute " + group + " delete " + q(name) + where + proj + " --quiet";
        }
        if (id.contains("/buckets/")) {
            return "gcloud storage buckets delete " + q("gs://" + name);
        }
        return null;
    }

    private static String aws(String id, String type) {
        if (type.startsWith("AWS::") && !id.isEmpty()) {
            return "aws cloudcontrol delete-resource --type-name " + q(type) + " --identifier " + q(id);
        }
        return switch (type) {
            case "aws_security_group" -> "aws ec2 delete-security-group " + opt("--group-id", id);
            case "aws_s3_bucket" -> "aws s3api delete-bucket " + opt("--bucket", Remediations.last(id));
            case "aws_instance" -> "aws ec2 terminate-instances " + opt("--instance-ids", id);
            case "aws_iam_role" -> "aws iam delete-role " + opt("--role-name", Remediations.last(id));
            case "aws_iam_user" -> "aws iam delete-user " + opt("--user-name", Remediations.last(id));
            default -> null;
        };
    }
}
