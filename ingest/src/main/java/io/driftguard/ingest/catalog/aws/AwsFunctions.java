package io.driftguard.ingest.catalog.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.CommonFunctions;
import io.driftguard.ingest.catalog.FunctionRegistry;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import io.driftguard.ingest.catalog.normalise.PolicyDocumentNormalisation;

/** AWS functions the tables name: EC2 rule explosion, S3 ACLs and encryption, ARNs, IAM policies. */
public final class AwsFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AwsFunctions() {}

    public static void register(FunctionRegistry.Builder b) {
        b.add(
                "ec2_value",
                Shape.VALUE,
                "EC2's {value: x} attribute wrapper unwrapped",
                (in, ctx) -> in.isObject() && in.has("value") ? in.get("value") : in);
        b.add(
                "ec2_ip_permissions",
                Shape.SET,
                "CloudTrail ipPermissions (or the legacy top-level rule) as rule elements",
                (in, ctx) -> Ec2Rules.fromCloudTrail(in));
        b.add(
                "tf_sg_rules",
                Shape.SET,
                "Terraform inline security group rule blocks as rule elements",
                (in, ctx) -> Ec2Rules.fromTerraformInline(in, ctx.resourceId()));
        b.add(
                "tf_sg_rule",
                Shape.SET,
                "a Terraform aws_security_group_rule as rule elements",
                (in, ctx) -> Ec2Rules.fromTerraformRule(in));
        b.add(
                "tf_vpc_sg_rule",
                Shape.SET,
                "a Terraform aws_vpc_security_group_*_rule as a rule element",
                (in, ctx) -> Ec2Rules.fromTerraformVpcRule(in));
        b.add(
                "cfn_sg_ingress",
                Shape.SET,
                "CloudFormation ingress rules (inline list or rule resource) as rule elements",
                (in, ctx) -> Ec2Rules.fromCloudFormation(in, false));
        b.add(
                "cfn_sg_egress",
                Shape.SET,
                "CloudFormation egress rules (inline list or rule resource) as rule elements",
                (in, ctx) -> Ec2Rules.fromCloudFormation(in, true));
        b.add(
                "s3_request_acl",
                Shape.VALUE,
                "a PutBucketAcl request's canned ACL or grants (see S3Acl)",
                (in, ctx) -> S3Acl.fromRequest(in));
        b.add(
                "s3_canned_acl",
                Shape.VALUE,
                "a canned ACL name in header spelling (PublicRead → public-read)",
                (in, ctx) -> S3Acl.canned(in));
        b.add(
                "tf_s3_acl",
                Shape.VALUE,
                "a Terraform bucket or bucket ACL resource's ACL (see S3Acl)",
                (in, ctx) -> S3Acl.fromTerraform(in));
        b.add(
                "s3_sse_algorithm",
                Shape.VALUE,
                "the default SSE algorithm anywhere in an encryption configuration",
                (in, ctx) -> findText(in, "SSEAlgorithm", "sse_algorithm"));
        b.add(
                "lambda_function_name",
                Shape.VALUE,
                "a Lambda function name from a name, partial ARN or ARN",
                (in, ctx) -> arnPart(in, ":function:", ':'));
        b.add(
                "trail_name",
                Shape.VALUE,
                "a CloudTrail trail name from a name or ARN",
                (in, ctx) -> arnPart(in, ":trail/", '/'));
        b.addWithArgument(
                "named_policies",
                Shape.ENTRIES,
                "name → normalised policy from one object or a list (argument: name field,policy field)",
                arg -> {
                    String[] f = arg.split(",", 2);
                    if (f.length != 2) {
                        throw new IllegalArgumentException("named_policies needs nameField,policyField");
                    }
                    return (in, ctx) -> namedPolicies(in, f[0], f[1]);
                });
    }

    static JsonNode namedPolicies(JsonNode in, String nameField, String policyField) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode p : CommonFunctions.items(in)) {
            JsonNode name = p.get(nameField);
            if (name == null || !name.isValueNode() || name.asText().isEmpty()) {
                continue;
            }
            JsonNode doc = p.has(policyField) ? PolicyDocumentNormalisation.normalise(p.get(policyField)) : null;
            out.set(name.asText(), doc == null ? NullNode.getInstance() : doc);
        }
        return out;
    }

    /** The part of an ARN after {@code marker} up to {@code end}; the text itself when it is no ARN. */
    static JsonNode arnPart(JsonNode in, String marker, char end) {
        if (!in.isValueNode() || in.asText().isBlank()) {
            return null;
        }
        String t = in.asText().trim();
        int at = t.indexOf(marker);
        if (at < 0) {
            return TextNode.valueOf(t);
        }
        String rest = t.substring(at + marker.length());
        int stop = end == '/' ? -1 : rest.indexOf(end);
        return TextNode.valueOf(stop < 0 ? rest : rest.substring(0, stop));
    }

    static JsonNode findText(JsonNode in, String... names) {
        if (in == null) {
            return null;
        }
        if (in.isObject()) {
            for (String n : names) {
                JsonNode v = in.get(n);
                if (v != null && v.isTextual() && !v.textValue().isBlank()) {
                    return v;
                }
            }
        }
        if (in.isContainerNode()) {
            for (JsonNode child : in) {
                JsonNode found = findText(child, names);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
