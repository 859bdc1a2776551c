package io.driftguard.ingest.iac.cloudformation;

import static io.driftguard.ingest.iac.cloudformation.CloudFormationSamples.INSTANCE_WITH_SECURITY_GROUP_JSON;
import static io.driftguard.ingest.iac.cloudformation.CloudFormationSamples.INSTANCE_WITH_SECURITY_GROUP_YAML;
import static io.driftguard.ingest.iac.cloudformation.CloudFormationSamples.byId;
import static io.driftguard.ingest.iac.cloudformation.CloudFormationSamples.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CloudFormation stacks into declarations: the AWS sample template in both syntaxes, and intrinsics. */
class CloudFormationReaderTest {

    final CloudFormationReader reader = CloudFormationReader.builtIn();

    @Test
    void sampleTemplateYamlWithShortTags(@TempDir Path tmp) throws Exception {
        Path dir = stack(tmp, INSTANCE_WITH_SECURITY_GROUP_YAML, "template.yaml");
        CloudFormationReader.Result r = reader.readStack(dir, "web", "iac/cloudformation/web");
        assertThat(r.problems()).isEmpty();
        Map<String, DesiredResource> byId = byId(r);
        DesiredResource instance = byId.get("i-0cfn");
        assertThat(instance.iac().address()).isEqualTo("web/EC2Instance");
        assertThat(instance.iac().path()).isEqualTo("cloudformation/web/");
        assertThat(instance.account()).isEqualTo("123456789012");
        assertThat(instance.attributes())
                .containsEntry("instance_type", "\"t3.large\"")
                .containsEntry("security_groups", "[\"sg-0cfn\"]");
        DesiredResource sg = byId.get("sg-0cfn");
        // Default SSHLocation 192.168.1.0/0 is the whole IPv4 space.
        assertThat(sg.attributes())
                .containsEntry(
                        "ingress", "[{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}]")
                .doesNotContainKey("egress");
    }

    @Test
    void jsonAndYamlTemplatesDeclareTheSame(@TempDir Path tmp) throws Exception {
        Path y = stack(tmp.resolve("y"), INSTANCE_WITH_SECURITY_GROUP_YAML, "template.yaml");
        Path j = stack(tmp.resolve("j"), INSTANCE_WITH_SECURITY_GROUP_JSON, "template.json");
        Map<String, DesiredResource> fromYaml = byId(reader.readStack(y, "web", "y"));
        Map<String, DesiredResource> fromJson = byId(reader.readStack(j, "web", "j"));
        assertThat(fromJson.keySet()).isEqualTo(fromYaml.keySet());
        fromYaml.forEach((id, d) -> assertThat(fromJson.get(id).attributes()).isEqualTo(d.attributes()));
    }

    static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Env: {Type: String, Default: prod}
              Ports: {Type: CommaDelimitedList, Default: "80,443"}
            Mappings:
              Sizes:
                prod: {Memory: 1024}
                dev: {Memory: 128}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsDev: !Not [!Condition IsProd]
            Resources:
              Web:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: web
                  SecurityGroupEgress:
                    - {IpProtocol: "-1", CidrIp: 0.0.0.0/0}
                  Tags:
                    - {Key: Name, Value: !Sub "${AWS::StackName}-${Env}-web"}
                    - {Key: Region, Value: !Ref "AWS::Region"}
                    - {Key: Imported, Value: !ImportValue shared-owner}
              WebHttps:
                Type: AWS::EC2::SecurityGroupIngress
                Properties:
                  GroupId: !Ref Web
                  IpProtocol: tcp
                  FromPort: !Select [1, !Ref Ports]
                  ToPort: "443"
                  CidrIp: 10.0.0.1
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  MemorySize: !FindInMap [Sizes, !Ref Env, Memory]
                  Timeout: !If [IsProd, 30, 3]
                  Runtime: !If [IsDev, nodejs18.x, !Ref "AWS::NoValue"]
                  Environment:
                    Variables:
                      STAGE: !Join ["-", [!Ref Env, !Select [0, !Split [",", "a,b"]]]]
                      TOPIC: !GetAtt Topic.TopicName
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: 2012-10-17
                    Statement:
                      Effect: Allow
                      Principal: {Service: lambda.amazonaws.com}
                      Action: sts:AssumeRole
                  ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"]
              DevOnly:
                Type: AWS::S3::Bucket
                Condition: IsDev
                Properties: {VersioningConfiguration: {Status: Enabled}}
              Topic:
                Type: AWS::SNS::Topic
            """;

    @Test
    void intrinsicsResolveAndUnresolvableValuesStayUndeclared() throws Exception {
        String resources = """
                {"StackResources": [
                  {"LogicalResourceId": "Web", "PhysicalResourceId": "sg-0web", "StackId": "arn:aws:cloudformation:us-east-2:111122223333:stack/app/x"},
                  {"LogicalResourceId": "WebHttps", "PhysicalResourceId": "sgr-0https"},
                  {"LogicalResourceId": "Fn", "PhysicalResourceId": "app-fn"},
                  {"LogicalResourceId": "Role", "PhysicalResourceId": "app-role"},
                  {"LogicalResourceId": "Topic", "PhysicalResourceId": "arn:aws:sns:us-east-2:111122223333:t"}]}
                """;
        CloudFormationReader.Result r =
                reader.read("app", CfnYaml.parse(TEMPLATE), Json.MAPPER.readTree(resources), null, "template.yaml");
        Map<String, DesiredResource> byId = r.resources().stream()
                .map(DeclaredResource::resource)
                .collect(Collectors.toMap(DesiredResource::resourceId, d -> d, (a, b) -> a));
        DesiredResource web = byId.get("sg-0web");
        assertThat(web.attributes())
                .containsEntry("tags.Name", "\"app-prod-web\"")
                .containsEntry("tags.Region", "\"us-east-2\"")
                .containsEntry("egress", "[{\"peer\":\"0.0.0.0/0\",\"protocol\":\"-1\"}]")
                .doesNotContainKey("tags.Imported")
                .doesNotContainKey("ingress");
        assertThat(r.resources()).filteredOn(d -> !d.primary()).singleElement().satisfies(d -> {
            assertThat(d.resource().resourceId()).isEqualTo("sg-0web");
            assertThat(d.resource().attributes())
                    .containsOnlyKeys(
                            "ingress_rule.{\"from_port\":443,\"peer\":\"10.0.0.1/32\",\"protocol\":\"tcp\",\"to_port\":443}");
        });
        DesiredResource fn = byId.get("app-fn");
        assertThat(fn.attributes())
                .containsEntry("memory_size", "1024")
                .containsEntry("timeout", "30")
                .doesNotContainKeys("runtime", "environment");
        assertThat(byId.get("app-role").attributes())
                .containsEntry("managed_policy_arns", "[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]")
                .containsEntry(
                        "assume_role_policy",
                        "{\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\","
                                + "\"Principal\":{\"Service\":[\"lambda.amazonaws.com\"]}}],\"Version\":\"2012-10-17\"}");
        assertThat(byId).doesNotContainKey("DevOnly");
        assertThat(r.problems())
                .extracting(IacProblem::reason)
                .anySatisfy(
                        p -> assertThat(p).contains("app/Web").contains("tags").contains("Fn::ImportValue"))
                .anySatisfy(p -> assertThat(p)
                        .contains("app/Fn")
                        .contains("environment")
                        .contains("Fn::GetAtt Topic.TopicName"));
    }

    @Test
    void missingOrBrokenFilesAreProblems(@TempDir Path tmp) throws Exception {
        Path noResources = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(noResources.resolve("template.yaml"), TEMPLATE);
        CloudFormationReader.Result a = reader.readStack(noResources, "a", "iac/cloudformation/a");
        assertThat(a.resources()).isEmpty();
        assertThat(a.problems()).extracting(IacProblem::file).contains("iac/cloudformation/a/resources.json");

        Path broken = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(broken.resolve("template.yaml"), "Resources: [unclosed");
        assertThat(reader.readStack(broken, "b", "iac/cloudformation/b").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("not a readable template"));

        Path empty = Files.createDirectories(tmp.resolve("c"));
        assertThat(reader.readStack(empty, "c", "iac/cloudformation/c").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("no template.json or template.yaml"));
    }
}
