package io.driftguard.ingest.cloudtrail;

import static io.driftguard.ingest.cloudtrail.ResourceRule.request;
import static io.driftguard.ingest.cloudtrail.ResourceRule.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.ingest.cloudtrail.ResourceRule.IdForm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which resource a CloudTrail call touched. CloudTrail has no common resource field, so this is a
 * table of where each service's APIs name it, tried in order per {@code eventSource}; the first rule
 * that yields a value wins. A rule may yield several ids (CreateTags on three instances, StopInstances
 * of two): the parser emits one event per id.
 */
public final class CloudTrailResources {

    private static final String EC2 = "ec2.amazonaws.com";
    private static final String IAM = "iam.amazonaws.com";
    private static final String RDS = "rds.amazonaws.com";
    private static final String ELB = "elasticloadbalancing.amazonaws.com";

    /** The table. Order matters within a service: the most specific key first. */
    static final List<ResourceRule> RULES = List.of(
            request(EC2, "groupId", "AWS::EC2::SecurityGroup"),
            request(EC2, "instanceId", "AWS::EC2::Instance"),
            request(EC2, "instancesSet.items[].instanceId", "AWS::EC2::Instance"),
            request(EC2, "resourcesSet.items[].resourceId", null),
            request(EC2, "imageId", "AWS::EC2::Image"),
            request(EC2, "volumeId", "AWS::EC2::Volume"),
            request(EC2, "snapshotId", "AWS::EC2::Snapshot"),
            request(EC2, "networkInterfaceId", "AWS::EC2::NetworkInterface"),
            request(EC2, "routeTableId", "AWS::EC2::RouteTable"),
            request(EC2, "networkAclId", "AWS::EC2::NetworkAcl"),
            request(EC2, "launchTemplateId", "AWS::EC2::LaunchTemplate"),
            // creates: the service assigns the id, so it is in the response; these come before the
            // parent keys below (CreateSubnet names its VPC, RunInstances its key pair and subnet)
            response(EC2, "groupId", "AWS::EC2::SecurityGroup"),
            response(EC2, "instancesSet.items[].instanceId", "AWS::EC2::Instance"),
            response(EC2, "vpc.vpcId", "AWS::EC2::VPC"),
            response(EC2, "subnet.subnetId", "AWS::EC2::Subnet"),
            response(EC2, "volumeId", "AWS::EC2::Volume"),
            request(EC2, "subnetId", "AWS::EC2::Subnet"),
            request(EC2, "vpcId", "AWS::EC2::VPC"),
            request(EC2, "keyName", "AWS::EC2::KeyPair"),
            request(EC2, "groupName", "AWS::EC2::SecurityGroup"),
            request("s3.amazonaws.com", "bucketName", "AWS::S3::Bucket"),
            request("lambda.amazonaws.com", "functionName", "AWS::Lambda::Function", IdForm.LAMBDA_FUNCTION),
            request("lambda.amazonaws.com", "layerName", "AWS::Lambda::LayerVersion"),
            request(RDS, "dBInstanceIdentifier", "AWS::RDS::DBInstance"),
            request(RDS, "dBClusterIdentifier", "AWS::RDS::DBCluster"),
            request(RDS, "dBSnapshotIdentifier", "AWS::RDS::DBSnapshot"),
            request(RDS, "dBClusterSnapshotIdentifier", "AWS::RDS::DBClusterSnapshot"),
            request(RDS, "dBParameterGroupName", "AWS::RDS::DBParameterGroup"),
            request(RDS, "dBSubnetGroupName", "AWS::RDS::DBSubnetGroup"),
            request(IAM, "roleName", "AWS::IAM::Role"),
            request(IAM, "groupName", "AWS::IAM::Group"),
            request(IAM, "userName", "AWS::IAM::User"),
            request(IAM, "policyArn", "AWS::IAM::ManagedPolicy"),
            request(IAM, "instanceProfileName", "AWS::IAM::InstanceProfile"),
            response(IAM, "policy.arn", "AWS::IAM::ManagedPolicy"),
            request("autoscaling.amazonaws.com", "autoScalingGroupName", "AWS::AutoScaling::AutoScalingGroup"),
            request("cloudtrail.amazonaws.com", "name", "AWS::CloudTrail::Trail", IdForm.ARN_LAST_SEGMENT),
            request("cloudtrail.amazonaws.com", "trailName", "AWS::CloudTrail::Trail", IdForm.ARN_LAST_SEGMENT),
            request(ELB, "resourceArns[]", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
            request(ELB, "loadBalancerArn", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
            request(ELB, "targetGroupArn", "AWS::ElasticLoadBalancingV2::TargetGroup"),
            request(ELB, "listenerArn", "AWS::ElasticLoadBalancingV2::Listener"),
            request(ELB, "loadBalancerName", "AWS::ElasticLoadBalancing::LoadBalancer"),
            request("cloudfront.amazonaws.com", "id", "AWS::CloudFront::Distribution"),
            request("kms.amazonaws.com", "keyId", "AWS::KMS::Key"),
            request("sns.amazonaws.com", "topicArn", "AWS::SNS::Topic"),
            request("sqs.amazonaws.com", "queueUrl", "AWS::SQS::Queue"),
            request("dynamodb.amazonaws.com", "tableName", "AWS::DynamoDB::Table"),
            request("eks.amazonaws.com", "name", "AWS::EKS::Cluster"),
            request("eks.amazonaws.com", "clusterName", "AWS::EKS::Cluster"),
            request("ecs.amazonaws.com", "service", "AWS::ECS::Service"),
            request("ecs.amazonaws.com", "cluster", "AWS::ECS::Cluster"),
            request("logs.amazonaws.com", "logGroupName", "AWS::Logs::LogGroup"),
            request("secretsmanager.amazonaws.com", "secretId", "AWS::SecretsManager::Secret"),
            request("ssm.amazonaws.com", "name", "AWS::SSM::Parameter"),
            request("elasticache.amazonaws.com", "cacheClusterId", "AWS::ElastiCache::CacheCluster"),
            request("route53.amazonaws.com", "hostedZoneId", "AWS::Route53::HostedZone"));

    /** EC2 id prefixes → type, for tag calls that name resources of any kind. */
    private static final String[][] EC2_PREFIXES = {
        {"sg-", "AWS::EC2::SecurityGroup"}, {"i-", "AWS::EC2::Instance"}, {"vpc-", "AWS::EC2::VPC"},
        {"subnet-", "AWS::EC2::Subnet"}, {"ami-", "AWS::EC2::Image"}, {"vol-", "AWS::EC2::Volume"},
        {"snap-", "AWS::EC2::Snapshot"}, {"eni-", "AWS::EC2::NetworkInterface"}, {"rtb-", "AWS::EC2::RouteTable"},
        {"igw-", "AWS::EC2::InternetGateway"}, {"nat-", "AWS::EC2::NatGateway"}, {"acl-", "AWS::EC2::NetworkAcl"},
        {"lt-", "AWS::EC2::LaunchTemplate"}, {"eipalloc-", "AWS::EC2::EIP"}, {"tgw-", "AWS::EC2::TransitGateway"},
    };

    private static final Map<String, ResourceRule[]> BY_SOURCE = new HashMap<>();

    static {
        Map<String, List<ResourceRule>> grouped = new HashMap<>();
        for (ResourceRule r : RULES) {
            grouped.computeIfAbsent(r.eventSource(), k -> new ArrayList<>()).add(r);
        }
        grouped.forEach((k, v) -> BY_SOURCE.put(k, v.toArray(ResourceRule[]::new)));
    }

    /** Resolved resource ids and their type. */
    public record Resolved(String resourceType, List<String> ids) {
        static final Resolved NONE = new Resolved(null, List.of());

        public String typeOf(String id) {
            return resourceType != null ? resourceType : typeByPrefix(id);
        }
    }

    private CloudTrailResources() {}

    /**
     * @param resources the record's {@code resources[]} array, a last resort when the table has no
     *     rule (its ARNs are used as ids)
     */
    public static Resolved resolve(
            String eventSource, JsonNode requestParameters, JsonNode responseElements, JsonNode resources) {
        ResourceRule[] rules = eventSource == null ? null : BY_SOURCE.get(eventSource);
        if (rules != null) {
            List<String> ids = new ArrayList<>(2);
            for (ResourceRule r : rules) {
                r.collect(r.fromResponse() ? responseElements : requestParameters, ids);
                if (!ids.isEmpty()) {
                    return new Resolved(r.resourceType(), ids.size() > 1 ? distinct(ids) : ids);
                }
            }
        }
        if (resources != null && resources.isArray() && !resources.isEmpty()) {
            JsonNode first = resources.get(0);
            JsonNode arn = first.get("ARN");
            if (arn == null) {
                arn = first.get("arn");
            }
            if (arn != null && arn.isTextual()) {
                JsonNode type = first.get("type");
                return new Resolved(type == null ? null : type.asText(), List.of(arn.asText()));
            }
        }
        return Resolved.NONE;
    }

    static String typeByPrefix(String id) {
        for (String[] p : EC2_PREFIXES) {
            if (id.startsWith(p[0])) {
                return p[1];
            }
        }
        return null;
    }

    private static List<String> distinct(List<String> ids) {
        List<String> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
