package io.driftguard.judge.remediation;

import static io.driftguard.judge.remediation.ShellQuoting.q;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.context.Wording;
import io.driftguard.judge.remediation.Remediations.C;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** AWS CLI revert commands, by the catalog's resource kinds (told apart by their paths and ids). */
final class AwsRevertCommands {

    private static final List<String> PAB =
            List.of("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets");
    private static final Map<String, String> PAB_CLI = Map.of(
            "block_public_acls",
            "BlockPublicAcls",
            "ignore_public_acls",
            "IgnorePublicAcls",
            "block_public_policy",
            "BlockPublicPolicy",
            "restrict_public_buckets",
            "RestrictPublicBuckets");

    private static final java.util.regex.Pattern EC2_ID = java.util.regex.Pattern.compile(
            "(sg|i|vpc|subnet|vol|rtb|igw|nat|eni|eipalloc|acl|lt|ami|vpce|tgw)-[0-9a-f]+");

    private AwsRevertCommands() {}

    static void revert(Finding f, List<C> changes, List<String> out) {
        String id = f.resourceId();
        String type = f.resourceType() == null ? "" : f.resourceType();
        List<String> rds = new ArrayList<>();
        List<String> lambda = new ArrayList<>();
        List<String> asg = new ArrayList<>();
        Map<String, Boolean> pab = new TreeMap<>();
        for (C c : changes) {
            String p = c.path();
            switch (p) {
                case "ingress", "egress" -> sgSet(f, c, p.equals("ingress"), out);
                case "instance_type" ->
                    out.add("aws ec2 stop-instances --instance-ids " + q(id)
                            + " && aws ec2 wait instance-stopped --instance-ids "
                            + q(id) + " && aws ec2 modify-instance-attribute --instance-id " + q(id)
                            + " --instance-type " + q("Value=" + c.d())
                            + " && aws ec2 start-instances --instance-ids " + q(id));
                case "disable_api_termination", "source_dest_check" ->
                    out.add("aws ec2 modify-instance-attribute --instance-id " + q(id) + " --"
                            + (c.desired().asBoolean() ? "" : "no-") + p.replace('_', '-'));
                case "security_groups" -> {
                    List<String> g = new ArrayList<>();
                    Remediations.strings(c.desired()).forEach(s -> g.add(q(s)));
                    out.add("aws ec2 modify-instance-attribute --instance-id " + q(id) + " --groups "
                            + String.join(" ", g));
                }
                case "acl" ->
                    out.add(
                            c.desired().isTextual()
                                    ? "aws s3api put-bucket-acl --bucket " + q(id) + " --acl " + q(c.d())
                                    : Remediations.reapply(f, "the declared ACL is a list of explicit grants"));
                case "policy" ->
                    out.add(
                            c.declared()
                                    ? "aws s3api put-bucket-policy --bucket " + q(id) + " --policy "
                                            + ShellQuoting.json(c.desired())
                                    : "aws s3api delete-bucket-policy --bucket " + q(id));
                case "versioning.enabled" ->
                    out.add("aws s3api put-bucket-versioning --bucket " + q(id) + " --versioning-configuration "
                            + q("Status=" + (c.desired().asBoolean() ? "Enabled" : "Suspended")));
                case "encryption.sse_algorithm" ->
                    out.add(
                            c.declared()
                                    ? "aws s3api put-bucket-encryption --bucket " + q(id)
                                            + " --server-side-encryption-configuration "
                                            + q("{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":"
                                                    + Json.quote(c.d()) + "}}]}")
                                            + (c.d().contains("kms")
                                                    ? "  # uses the AWS managed key: add KMSMasterKeyID if the IaC names one"
                                                    : "")
                                    : "aws s3api delete-bucket-encryption --bucket " + q(id));
                case "logging.target_bucket" ->
                    out.add(
                            c.declared()
                                    ? "aws s3api put-bucket-logging --bucket " + q(id) + " --bucket-logging-status "
                                            + q("{\"LoggingEnabled\":{\"TargetBucket\":" + Json.quote(c.d())
                                                    + ",\"TargetPrefix\":" + Json.quote(prefix(changes)) + "}}")
                                    : "aws s3api put-bucket-logging --bucket " + q(id)
                                            + " --bucket-logging-status '{}'");
                case "logging.target_prefix" -> {}
                case "instance_class" -> rds.add("--db-instance-class " + q(c.d()));
                case "allocated_storage" -> rds.add("--allocated-storage " + q(c.d()));
                case "backup_retention_period" -> rds.add("--backup-retention-period " + q(c.d()));
                case "deletion_protection", "publicly_accessible", "multi_az" ->
                    rds.add("--" + (c.desired().asBoolean() ? "" : "no-") + p.replace('_', '-'));
                case "memory_size", "timeout", "runtime" -> lambda.add("--" + p.replace('_', '-') + " " + q(c.d()));
                case "environment" -> lambda.add("--environment " + q("{\"Variables\":" + c.desired() + "}"));
                case "min_size", "max_size", "desired_capacity" -> asg.add("--" + p.replace('_', '-') + " " + q(c.d()));
                case "managed_policy_arns" -> {
                    for (JsonNode a : Remediations.minus(c.actual(), c.desired())) {
                        out.add("aws iam detach-role-policy --role-name " + q(id) + " --policy-arn " + q(a.asText()));
                    }
                    for (JsonNode a : Remediations.minus(c.desired(), c.actual())) {
                        out.add("aws iam attach-role-policy --role-name " + q(id) + " --policy-arn " + q(a.asText()));
                    }
                }
                case "assume_role_policy" ->
                    out.add("aws iam update-assume-role-policy --role-name " + q(id) + " --policy-document "
                            + ShellQuoting.json(c.desired()));
                case "inline_policy_names" -> {}
                case "logging_enabled" ->
                    out.add("aws cloudtrail " + (c.desired().asBoolean() ? "start-logging" : "stop-logging")
                            + " --name " + q(id));
                case "multi_region" ->
                    out.add("aws cloudtrail update-trail --name " + q(id) + " --"
                            + (c.desired().asBoolean() ? "" : "no-") + "is-multi-region-trail");
                case "log_file_validation" ->
                    out.add("aws cloudtrail update-trail --name " + q(id) + " --"
                            + (c.desired().asBoolean() ? "" : "no-") + "enable-log-file-validation");
                default -> other(f, c, pab, out);
            }
        }
        if (!pab.isEmpty()) {
            if (pab.size() == PAB.size()) {
                List<String> kv = new ArrayList<>();
                PAB.forEach(k -> kv.add(PAB_CLI.get(k) + "=" + pab.get(k)));
                out.add("aws s3api put-public-access-block --bucket " + q(id) + " --public-access-block-configuration "
                        + q(String.join(",", kv)));
            } else {
                out.add(
                        "# no exact revert command: put-public-access-block sets all four flags and the finding holds only "
                                + pab.keySet()
                                + " (the others are as declared); read them with: aws s3api get-public-access-block --bucket "
                                + q(id)
                                + ", then put all four");
            }
        }
        if (!rds.isEmpty()) {
            out.add("aws rds modify-db-instance --db-instance-identifier " + q(id) + " " + String.join(" ", rds)
                    + " --apply-immediately");
        }
        if (!lambda.isEmpty()) {
            out.add("aws lambda update-function-configuration --function-name " + q(id) + " "
                    + String.join(" ", lambda));
        }
        if (!asg.isEmpty()) {
            out.add("aws autoscaling update-auto-scaling-group --auto-scaling-group-name " + q(id) + " "
                    + String.join(" ", asg));
        }
        if (out.isEmpty()) {
            out.add(Remediations.reapply(
                    f, "the change of " + Wording.paths(f) + " has no single CLI call for " + type));
        }
    }

    private static void other(Finding f, C c, Map<String, Boolean> pab, List<String> out) {
        String id = f.resourceId();
        String p = c.path();
        if (p.startsWith("public_access_block.")) {
            pab.put(p.substring("public_access_block.".length()), c.desired().asBoolean());
        } else if (p.startsWith("ingress_rule.") || p.startsWith("egress_rule.")) {
            boolean ingress = p.startsWith("ingress_rule.");
            JsonNode e = Remediations.parse(p.substring(p.indexOf('.') + 1));
            if (!e.isObject()) {
                return;
            }
            out.add(sgCommand(c.declared() ? "authorize" : "revoke", ingress, id, e));
        } else if (p.startsWith("managed_policy_arn.")) {
            String arn = p.substring("managed_policy_arn.".length());
            out.add("aws iam " + (c.declared() ? "attach" : "detach") + "-role-policy --role-name " + q(id)
                    + " --policy-arn " + q(arn));
        } else if (p.startsWith("inline_policy.")) {
            String name = p.substring("inline_policy.".length());
            out.add(
                    c.declared()
                            ? "aws iam put-role-policy --role-name " + q(id) + " --policy-name " + q(name)
                                    + " --policy-document " + ShellQuoting.json(c.desired())
                            : "aws iam delete-role-policy --role-name " + q(id) + " --policy-name " + q(name));
        } else if (p.startsWith("tags.") && ec2(id)) {
            String key = p.substring("tags.".length());
            out.add(
                    c.declared()
                            ? "aws ec2 create-tags --resources " + q(id) + " --tags "
                                    + q("[{\"Key\":" + Json.quote(key) + ",\"Value\":" + Json.quote(c.d()) + "}]")
                            : "aws ec2 delete-tags --resources " + q(id) + " --tags "
                                    + q("[{\"Key\":" + Json.quote(key) + "}]"));
        } else if (p.startsWith("tags.")) {
            String note = Remediations.reapply(
                    f, "tags of " + f.resourceType() + " are set through its ARN or as a whole set");
            if (!out.contains(note)) {
                out.add(note);
            }
        } else {
            out.add(Remediations.reapply(f, "no CLI call is known for " + p));
        }
    }

    private static boolean ec2(String id) {
        return id != null && EC2_ID.matcher(id).matches();
    }

    private static String prefix(List<C> changes) {
        for (C c : changes) {
            if (c.path().equals("logging.target_prefix") && c.declared()) {
                return c.d();
            }
        }
        return "";
    }

    private static void sgSet(Finding f, C c, boolean ingress, List<String> out) {
        String id = f.resourceId();
        if (!c.known()) {
            for (JsonNode e : Remediations.minus(c.desired(), NODES_EMPTY)) {
                out.add(sgCommand("authorize", ingress, id, e)
                        + "  # the log names revoked rules by id only; re-authorising every declared rule "
                        + "(existing ones fail harmlessly as duplicates)");
            }
            return;
        }
        for (JsonNode e : Remediations.minus(c.actual(), c.desired())) {
            out.add(sgCommand("revoke", ingress, id, e));
        }
        for (JsonNode e : Remediations.minus(c.desired(), c.actual())) {
            out.add(sgCommand("authorize", ingress, id, e));
        }
    }

    private static final JsonNode NODES_EMPTY =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();

    /** {@code aws ec2 revoke-security-group-ingress --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'}. */
    static String sgCommand(String verb, boolean ingress, String groupId, JsonNode e) {
        String proto = e.path("protocol").asText("-1");
        String peer = e.path("peer").asText("");
        StringBuilder perm = new StringBuilder("IpProtocol=").append(proto);
        if (e.has("from_port")) {
            perm.append(",FromPort=").append(e.path("from_port").asLong());
        }
        if (e.has("to_port")) {
            perm.append(",ToPort=").append(e.path("to_port").asLong());
        }
        if (peer.startsWith("sg-")) {
            perm.append(",UserIdGroupPairs=[{GroupId=").append(peer).append("}]");
        } else if (peer.startsWith("pl-")) {
            perm.append(",PrefixListIds=[{PrefixListId=").append(peer).append("}]");
        } else if (peer.contains(":")) {
            perm.append(",Ipv6Ranges=[{CidrIpv6=").append(peer).append("}]");
        } else {
            perm.append(",IpRanges=[{CidrIp=").append(peer).append("}]");
        }
        return "aws ec2 " + verb + "-security-group-" + (ingress ? "ingress" : "egress") + " --group-id " + q(groupId)
                + " --ip-permissions " + q(perm.toString());
    }

    /** JSON string literals for embedding values inside a JSON argument. */
    static final class Json {
        private Json() {}

        static String quote(String s) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
        }
    }
}
