package io.driftguard.ingest.iac.cloudformation;

import static io.driftguard.ingest.catalog.TestEvents.aws;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.catalog.Catalog;
import io.driftguard.ingest.catalog.DriftCheck;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CloudFormation stacks into declarations: the AWS sample template in both syntaxes, and intrinsics. */
class CloudFormationReaderTest {

    static final String RESOURCES = """
            {"StackResources": [
              {"StackName": "web", "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/web/1a2b", "LogicalResourceId": "EC2Instance",
               "PhysicalResourceId": "i-0cfn", "ResourceType": "AWS::EC2::Instance", "ResourceStatus": "CREATE_COMPLETE"},
              {"StackName": "web", "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/web/1a2b", "LogicalResourceId": "InstanceSecurityGroup",
               "PhysicalResourceId": "sg-0cfn", "ResourceType": "AWS::EC2::SecurityGroup", "ResourceStatus": "CREATE_COMPLETE"}]}
            """;
    static final String PARAMETERS = """
            {"Stacks": [{"StackName": "web", "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/web/1a2b",
              "Parameters": [{"ParameterKey": "InstanceType", "ParameterValue": "t3.large"},
                             {"ParameterKey": "Subnets", "ParameterValue": "subnet-1,subnet-2"},
                             {"ParameterKey": "LatestAmiId", "ParameterValue": "/aws/service/ami", "ResolvedValue": "ami-0123"}]}]}
            """;

    final CloudFormationReader reader = CloudFormationReader.builtIn();

    Path stackFromSample(Path tmp, String sampleName, String templateName) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("web"));
        Files.copy(Samples.path("cloudformation", sampleName), dir.resolve(templateName));
        Files.writeString(dir.resolve("resources.json"), RESOURCES);
        Files.writeString(dir.resolve("parameters.json"), PARAMETERS);
        return dir;
    }

    static Map<String, DesiredResource> byId(CloudFormationReader.Result r) {
        return r.resources().stream().map(DeclaredResource::resource).collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
    }

    @Test
    void sampleTemplateYamlWithShortTags(@TempDir Path tmp) throws Exception {
        Path dir = stackFromSample(tmp, "aws-cfn-templates-EC2-EC2InstanceWithSecurityGroupSample.yaml", "template.yaml");
        CloudFormationReader.Result r = reader.readStack(dir, "web", "iac/cloudformation/web");
        assertThat(r.problems()).isEmpty();
        Map<String, DesiredResource> byId = byId(r);
        DesiredResource instance = byId.get("i-0cfn");
        assertThat(instance.iac().address()).isEqualTo("web/EC2Instance");
        assertThat(instance.iac().path()).isEqualTo("cloudformation/web/");
        assertThat(instance.account()).isEqualTo("123456789012");
        assertThat(instance.attributes()).containsEntry("instance_type", "\"t3.large\"")
                .containsEntry("security_groups", "[\"sg-0cfn\"]");
        DesiredResource sg = byId.get("sg-0cfn");
        // Default SSHLocation 192.168.1.0/0 is the whole IPv4 space.
        assertThat(sg.attributes()).containsEntry("ingress", "[{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}]")
                .doesNotContainKey("egress");
    }

    @Test
    void jsonAndYamlTemplatesDeclareTheSame(@TempDir Path tmp) throws Exception {
        Path y = stackFromSample(tmp.resolve("y"), "aws-cfn-templates-EC2-EC2InstanceWithSecurityGroupSample.yaml", "template.yaml");
        Path j = stackFromSample(tmp.resolve("j"), "aws-cfn-templates-EC2-EC2InstanceWithSecurityGroupSample.json", "template.json");
        Map<String, DesiredResource> fromYaml = byId(reader.readStack(y, "web", "y"));
        Map<String, DesiredResource> fromJson = byId(reader.readStack(j, "web", "j"));
        assertThat(fromJson.keySet()).isEqualTo(fromYaml.keySet());
        fromYaml.forEach((id, d) -> assertThat(fromJson.get(id).attributes()).isEqualTo(d.attributes()));
    }

    @Test
    void authorizingTheDeclaredSshRuleIsNotDriftButRdpIs(@TempDir Path tmp) throws Exception {
        Path dir = stackFromSample(tmp, "aws-cfn-templates-EC2-EC2InstanceWithSecurityGroupSample.yaml", "template.yaml");
        DesiredResource sg = byId(reader.readStack(dir, "web", "web")).get("sg-0cfn");
        Catalog catalog = Catalog.load();
        assertThat(DriftCheck.driftedPaths(sg, catalog.interpret(aws("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "sg-0cfn",
                "{\"groupId\":\"sg-0cfn\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}"))))
                .isEmpty();
        assertThat(DriftCheck.driftedPaths(sg, catalog.interpret(aws("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "sg-0cfn",
                "{\"groupId\":\"sg-0cfn\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":3389,\"toPort\":3389,\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}"))))
                .containsExactly("ingress");
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
        CloudFormationReader.Result r = reader.read("app", CfnYaml.parse(TEMPLATE), Json.MAPPER.readTree(resources), null, "template.yaml");
        Map<String, DesiredResource> byId = r.resources().stream().map(DeclaredResource::resource)
                .collect(Collectors.toMap(DesiredResource::resourceId, d -> d, (a, b) -> a));
        DesiredResource web = byId.get("sg-0web");
        assertThat(web.attributes()).containsEntry("tags.Name", "\"app-prod-web\"").containsEntry("tags.Region", "\"us-east-2\"")
                .containsEntry("egress", "[{\"peer\":\"0.0.0.0/0\",\"protocol\":\"-1\"}]")
                .doesNotContainKey("tags.Imported").doesNotContainKey("ingress");
        assertThat(r.resources()).filteredOn(d -> !d.primary()).singleElement().satisfies(d -> {
            assertThat(d.resource().resourceId()).isEqualTo("sg-0web");
            assertThat(d.resource().attributes()).containsOnlyKeys(
                    "ingress_rule.{\"from_port\":443,\"peer\":\"10.0.0.1/32\",\"protocol\":\"tcp\",\"to_port\":443}");
        });
        DesiredResource fn = byId.get("app-fn");
        assertThat(fn.attributes()).containsEntry("memory_size", "1024").containsEntry("timeout", "30")
                .doesNotContainKeys("runtime", "environment");
        assertThat(byId.get("app-role").attributes())
                .containsEntry("managed_policy_arns", "[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]")
                .containsEntry("assume_role_policy", "{\"Statement\":[{\"Action\":[\"sts:AssumeRole\"],\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":[\"lambda.amazonaws.com\"]}}],\"Version\":\"2012-10-17\"}");
        assertThat(byId).doesNotContainKey("DevOnly");
        assertThat(r.problems()).extracting(IacProblem::reason)
                .anySatisfy(p -> assertThat(p).contains("app/Web").contains("tags").contains("Fn::ImportValue"))
                .anySatisfy(p -> assertThat(p).contains("app/Fn").contains("environment").contains("Fn::GetAtt Topic.TopicName"));
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
        assertThat(reader.readStack(broken, "b", "iac/cloudformation/b").problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("not a readable template"));

        Path empty = Files.createDirectories(tmp.resolve("c"));
        assertThat(reader.readStack(empty, "c", "iac/cloudformation/c").problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("no template.json or template.yaml"));
    }
}
