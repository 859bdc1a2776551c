package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.event.Cloud;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The built-in tables load and cover docs/design/catalog-format.md; a bad table fails at load with a clear message. */
class CatalogTableTest {

    static final String KIND = """
            cloud: aws
            kinds:
              aws.x.thing: {resource_type: "AWS::X::Thing", attributes: [size, "tags.*"]}
            """;

    @Test
    void everyAwsCallOfTheSpecIsCovered() {
        Set<String> listed = Catalog.load().entries().stream()
                .filter(e -> e.cloud() == Cloud.AWS)
                .map(e -> e.service().replace(".amazonaws.com", "") + " " + e.operation())
                .collect(Collectors.toSet());
        assertThat(listed)
                .contains(
                        "ec2 AuthorizeSecurityGroupIngress",
                        "ec2 RevokeSecurityGroupIngress",
                        "ec2 AuthorizeSecurityGroupEgress",
                        "ec2 RevokeSecurityGroupEgress",
                        "ec2 ModifyInstanceAttribute",
                        "ec2 CreateTags",
                        "ec2 DeleteTags",
                        "s3 PutBucketAcl",
                        "s3 PutBucketPolicy",
                        "s3 DeleteBucketPolicy",
                        "s3 PutPublicAccessBlock",
                        "s3 DeletePublicAccessBlock",
                        "s3 PutBucketVersioning",
                        "s3 PutBucketEncryption",
                        "s3 DeleteBucketEncryption",
                        "s3 PutBucketLogging",
                        "s3 PutBucketTagging",
                        "rds ModifyDBInstance",
                        "lambda UpdateFunctionConfiguration",
                        "iam AttachRolePolicy",
                        "iam DetachRolePolicy",
                        "iam PutRolePolicy",
                        "iam DeleteRolePolicy",
                        "iam UpdateAssumeRolePolicy",
                        "autoscaling UpdateAutoScalingGroup",
                        "autoscaling SetDesiredCapacity",
                        "cloudtrail StopLogging",
                        "cloudtrail UpdateTrail");
    }

    @Test
    void everyTerraformAndCloudFormationTypeOfTheSpecHasARow() {
        Set<String> types =
                CatalogTables.builtIn().iacRows().stream().map(IacRow::type).collect(Collectors.toSet());
        assertThat(types)
                .contains(
                        "aws_security_group",
                        "aws_vpc_security_group_ingress_rule",
                        "aws_security_group_rule",
                        "aws_instance",
                        "aws_s3_bucket",
                        "aws_s3_bucket_acl",
                        "aws_s3_bucket_policy",
                        "aws_s3_bucket_public_access_block",
                        "aws_s3_bucket_versioning",
                        "aws_s3_bucket_server_side_encryption_configuration",
                        "aws_s3_bucket_logging",
                        "aws_db_instance",
                        "aws_lambda_function",
                        "aws_iam_role",
                        "aws_iam_role_policy",
                        "aws_iam_role_policy_attachment",
                        "aws_autoscaling_group",
                        "aws_cloudtrail",
                        "AWS::EC2::SecurityGroup",
                        "AWS::EC2::SecurityGroupIngress",
                        "AWS::EC2::Instance",
                        "AWS::S3::Bucket",
                        "AWS::S3::BucketPolicy",
                        "AWS::RDS::DBInstance",
                        "AWS::Lambda::Function",
                        "AWS::IAM::Role",
                        "AWS::AutoScaling::AutoScalingGroup",
                        "AWS::CloudTrail::Trail");
    }

    @Test
    void coversIgnoresOutcomeButInterpretDoesNot() {
        Catalog c = Catalog.load();
        assertThat(c.covers(TestEvents.aws("ec2.amazonaws.com", "CreateTags", null, "{}")))
                .isTrue();
        assertThat(c.covers(TestEvents.aws("ec2.amazonaws.com", "DescribeInstances", null, "{}")))
                .isFalse();
        assertThat(c.covers(
                        TestEvents.aws("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", null, "{}")))
                .isTrue();
    }

    @Test
    void aWellFormedExtraTableLoads() {
        CatalogTables t = CatalogTables.fromYaml(Map.of("x.yaml", KIND + """
                calls:
                  - service: x.amazonaws.com
                    operations: [Resize]
                    kind: aws.x.thing
                    id: {from: /name}
                    attributes:
                      - {path: size, from: /size, fn: int}
                """));
        assertThat(Catalog.of(t)
                        .interpret(
                                TestEvents.aws("x.amazonaws.com", "Resize", null, "{\"name\":\"a\",\"size\":\"3\"}")))
                .singleElement()
                .satisfies(rc -> assertThat(rc.changes())
                        .extracting(ch -> ch.path() + "=" + ch.value())
                        .containsExactly("size=3"));
    }

    @Test
    void badTablesFailWithFileRowAndReason() {
        assertBad("""
                calls:
                  - {service: x.amazonaws.com, operations: [Resize], kind: aws.x.thing, attributes: [{path: size, fn: int_}]}
                """, "x.yaml, calls[0] (x.amazonaws.com [Resize]) attributes[0]: unknown function 'int_'");
        assertBad("""
                calls:
                  - {service: x.amazonaws.com, operations: [Resize], kind: aws.x.thing, attributes: [{path: colour, fn: string}]}
                """, "path 'colour' is not an attribute of kind aws.x.thing");
        assertBad("""
                calls:
                  - {service: x.amazonaws.com, operations: [Resize], kind: aws.x.thin, attributes: []}
                """, "unknown kind 'aws.x.thin'");
        assertBad("""
                calls:
                  - {service: x.amazonaws.com, operation: [Resize], kind: aws.x.thing}
                """, "unknown key 'operation'");
        assertBad("""
                calls:
                  - {service: x.amazonaws.com, operations: [Resize], kind: aws.x.thing, attributes: [{path: tags, op: set_entries, fn: string}]}
                """, "op SET_ENTRIES needs an entries function");
        assertBad("""
                calls:
                  - {service: x.amazonaws.com, operations: [Resize], kind: aws.x.thing, attributes: [{path: size, from: size}]}
                """, "bad JSON pointer 'size'");
        assertBad("""
                iac:
                  - {source: terraform, types: [x_thing], kind: aws.x.thing, attributes: [{path: size, op: add, fn: string_set}]}
                """, "needs an id");
        assertThatThrownBy(() -> CatalogTables.fromYaml(Map.of("y.yaml", "calls: [")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("y.yaml: not valid YAML");
    }

    private static void assertBad(String rows, String message) {
        assertThatThrownBy(() -> CatalogTables.fromYaml(Map.of("x.yaml", KIND + rows)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void functionsAreDescribedForTheManual() {
        Map<String, String> fns = CatalogTables.builtIn().functions().describe();
        assertThat(fns).containsKeys("ec2_ip_permissions", "policy_document", "tag_list", "cidr");
        assertThat(fns.values()).allSatisfy(d -> assertThat(d).isNotBlank());
        List<Catalog.Entry> entries = Catalog.load().entries();
        assertThat(entries).allSatisfy(e -> assertThat(e.attributes()).isNotEmpty());
    }
}
