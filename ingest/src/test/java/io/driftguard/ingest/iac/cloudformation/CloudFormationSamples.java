package io.driftguard.ingest.iac.cloudformation;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A stack folder made from the test kit's CloudFormation samples: the template, and the stack's
 * resources and parameters as {@code describe-stack-resources} and {@code describe-stacks} give them.
 */
public final class CloudFormationSamples {

    /** The sample template of an instance and its security group. */
    public static final String INSTANCE_WITH_SECURITY_GROUP_YAML =
            "aws-cfn-templates-EC2-EC2InstanceWithSecurityGroupSample.yaml";

    public static final String INSTANCE_WITH_SECURITY_GROUP_JSON =
            "aws-cfn-templates-EC2-EC2InstanceWithSecurityGroupSample.json";

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

    private CloudFormationSamples() {}

    /**
     * The stack {@code web} in {@code tmp/web}: the sample {@code sampleName} as {@code templateName},
     * with the instance {@code i-0cfn} and the security group {@code sg-0cfn}.
     */
    public static Path stack(Path tmp, String sampleName, String templateName) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("web"));
        Files.copy(Samples.path("cloudformation", sampleName), dir.resolve(templateName));
        Files.writeString(dir.resolve("resources.json"), RESOURCES);
        Files.writeString(dir.resolve("parameters.json"), PARAMETERS);
        return dir;
    }

    /** The stack's declarations by resource id. */
    public static Map<String, DesiredResource> byId(CloudFormationReader.Result r) {
        return r.resources().stream()
                .map(DeclaredResource::resource)
                .collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
    }
}
