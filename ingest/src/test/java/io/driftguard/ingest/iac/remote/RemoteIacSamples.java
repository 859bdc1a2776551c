package io.driftguard.ingest.iac.remote;

import io.driftguard.ingest.iac.remote.CloudFormationFake.Resource;
import java.util.List;

/**
 * Small IaC the remote-source tests publish and change: a CloudFormation stack {@code web} (a security
 * group whose ingress comes from a parameter, a type the catalog does not map, a bucket far enough below
 * the group that the excerpt of its block, with its lines of context, does not show the group's ports)
 * and a bucket stack, and Kubernetes manifests.
 */
public final class RemoteIacSamples {

    private RemoteIacSamples() {}

    public static List<Resource> webResources() {
        return List.of(
                Resource.created("WebSecurityGroup", "sg-0web1", "AWS::EC2::SecurityGroup"),
                Resource.created("Logs", "web-logs", "AWS::S3::Bucket"),
                Resource.created(
                        "Handle",
                        "https://cloudformation-waitcondition/handle",
                        "AWS::CloudFormation::WaitConditionHandle"));
    }

    public static String webTemplate(String port) {
        return """
                AWSTemplateFormatVersion: "2010-09-09"
                Parameters:
                  AdminCidr:
                    Type: String
                Resources:
                  WebSecurityGroup:
                    Type: AWS::EC2::SecurityGroup
                    Properties:
                      GroupDescription: web
                      SecurityGroupIngress:
                        - IpProtocol: tcp
                          FromPort: %1$s
                          ToPort: %1$s
                          CidrIp: !Ref AdminCidr
                  Handle:
                    Type: AWS::CloudFormation::WaitConditionHandle
                  Logs:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketName: !Sub "${AWS::StackName}-logs"
                """.formatted(port);
    }

    public static String bucketTemplate(String versioning) {
        return """
                {"AWSTemplateFormatVersion": "2010-09-09",
                 "Resources": {"Archive": {"Type": "AWS::S3::Bucket",
                   "Properties": {"VersioningConfiguration": {"Status": "%s"}}}}}
                """.formatted(versioning);
    }

    public static String deployment(String name, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                        - name: %1$s
                          image: registry.example.com/%1$s:1.0
                """.formatted(name, replicas);
    }

    public static String configMap(String name, String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  level: "%s"
                """.formatted(name, value);
    }
}
