package io.driftguard.models.scenario.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.random.StableIds;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.ActorKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * CloudTrail records as CloudTrail writes them (eventVersion 1.09), and their EventBridge
 * envelope. Identity blocks follow what each kind of principal looks like in real trails: IAM
 * Identity Center sessions, IAM users, Terraform's CI role, CloudFormation and service-linked roles.
 */
final class CloudTrailRecords {

    static final String TERRAFORM_UA = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) "
            + "terraform-provider-aws/5.72.1 (+https://registry.terraform.io/providers/hashicorp/aws) "
            + "aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64";
    private static final double EVENTBRIDGE_SHARE = 0.15;

    private CloudTrailRecords() {}

    /** A management API call; mutating calls go to EventBridge instead of the trail file now and then. */
    static List<Emitted> call(
            Gen g,
            Actor a,
            Instant t,
            String account,
            String region,
            String service,
            String eventName,
            ObjectNode request,
            JsonNode response,
            boolean readOnly,
            String errorCode,
            String errorMessage) {
        Rng rng = g.rng();
        boolean console = a.human() && rng.chance(0.45);
        ObjectNode r = IacModel.obj();
        r.put("eventVersion", "1.09");
        r.set("userIdentity", identity(a, account, t, rng));
        r.put("eventTime", t.truncatedTo(ChronoUnit.SECONDS).toString());
        r.put("eventSource", service + ".amazonaws.com");
        r.put("eventName", eventName);
        r.put("awsRegion", region);
        r.put("sourceIPAddress", sourceIp(a, console, service));
        r.put("userAgent", userAgent(a, console, service, rng));
        if (errorCode != null) {
            r.put("errorCode", errorCode);
            r.put("errorMessage", errorMessage);
        }
        r.set("requestParameters", request);
        if (errorCode != null || response == null) {
            r.putNull("responseElements");
        } else {
            r.set("responseElements", response);
        }
        String requestId = service.equals("s3") ? rng.upperAlnum(16) : rng.uuid();
        r.put("requestID", requestId);
        String eventId = rng.uuid();
        r.put("eventID", eventId);
        r.put("readOnly", readOnly);
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", true);
        r.put("recipientAccountId", account);
        r.put("eventCategory", "Management");
        if (!a.kind().equals(ActorKind.CLOUDFORMATION) && !a.kind().equals(ActorKind.AWS_AUTOSCALING)) {
            ObjectNode tls = r.putObject("tlsDetails");
            tls.put("tlsVersion", "TLSv1.3")
                    .put("cipherSuite", "TLS_AES_128_GCM_SHA256")
                    .put("clientProvidedHostHeader", host(service, region));
        }
        if (console) {
            r.put("sessionCredentialFromConsole", "true");
        }
        if (!readOnly && rng.chance(EVENTBRIDGE_SHARE)) {
            ObjectNode eb = IacModel.obj();
            eb.put("version", "0")
                    .put("id", rng.uuid())
                    .put("detail-type", "AWS API Call via CloudTrail")
                    .put("source", "aws." + service)
                    .put("account", account)
                    .put("time", t.truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("region", region);
            eb.putArray("resources");
            eb.set("detail", r);
            return List.of(new Emitted(Sources.AWS_EVENTBRIDGE, t, eventId, null, eb));
        }
        return List.of(new Emitted(Sources.AWS_CLOUDTRAIL, t, eventId, account + "/" + region, r));
    }

    static List<Emitted> write(
            Gen g,
            Actor a,
            Instant t,
            String account,
            String region,
            String service,
            String eventName,
            ObjectNode request,
            JsonNode response,
            boolean fail) {
        if (fail) {
            String code = service.equals("ec2") ? "Client.UnauthorizedOperation" : "AccessDenied";
            String msg = "User: " + arn(a, account) + " is not authorized to perform: " + service + ":"
                    + eventName.replaceAll("\\d{8}(v\\d+)?$", "") + " because no identity-based policy allows the "
                    + service + ":" + eventName.replaceAll("\\d{8}(v\\d+)?$", "") + " action";
            return call(g, a, t, account, region, service, eventName, request, null, false, code, msg);
        }
        return call(g, a, t, account, region, service, eventName, request, response, false, null, null);
    }

    static List<Emitted> read(
            Gen g,
            Actor a,
            Instant t,
            String account,
            String region,
            String service,
            String eventName,
            ObjectNode request) {
        return call(g, a, t, account, region, service, eventName, request, null, true, null, null);
    }

    static String host(String service, String region) {
        return switch (service) {
            case "iam" -> "iam.amazonaws.com";
            case "s3" -> "s3." + region + ".amazonaws.com";
            default -> service + "." + region + ".amazonaws.com";
        };
    }

    private static String sourceIp(Actor a, boolean console, String service) {
        return switch (a.kind()) {
            case CLOUDFORMATION -> "cloudformation.amazonaws.com";
            case AWS_AUTOSCALING -> "autoscaling.amazonaws.com";
            case READER_BOT -> a.ip();
            default -> console && service.equals("s3") ? a.ip() : a.ip();
        };
    }

    private static String userAgent(Actor a, boolean console, String service, Rng rng) {
        return switch (a.kind()) {
            case HUMAN ->
                console
                        ? consoleAgent(service)
                        : "aws-cli/2.17." + rng.between(10, 50)
                                + " md/awscrt#0.21.2 ua/2.0 os/macos#23.6.0 md/arch#arm64 "
                                + "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off "
                                + "md/command#" + service;
            case SCRIPT ->
                "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 "
                        + "lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36";
            case TERRAFORM -> TERRAFORM_UA + " api/" + service;
            case CLOUDFORMATION -> "cloudformation.amazonaws.com";
            case AWS_AUTOSCALING -> "autoscaling.amazonaws.com";
            case TAG_ENFORCER ->
                "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.224-233.868.amzn2.x86_64 "
                        + "md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
                        + "cfg/retry-mode#legacy Botocore/1.34.145";
            case READER_BOT ->
                a.name().equals("config-recorder")
                        ? "config.amazonaws.com"
                        : "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) datadog-agent";
            default -> "aws-internal/3";
        };
    }

    private static String consoleAgent(String service) {
        return switch (service) {
            case "ec2" -> "console.ec2.amazonaws.com";
            case "s3" ->
                "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.225 OpenJDK_64-Bit_Server_VM/25.412-b08 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]";
            default -> "AWS Internal";
        };
    }

    static String ssoRoleName(Actor a) {
        return "AWSReservedSSO_" + a.permissionSet() + "_" + StableIds.hex(a.permissionSet(), 16);
    }

    static String arn(Actor a, String account) {
        return switch (a.kind()) {
            case HUMAN -> "arn:aws:sts::" + account + ":assumed-role/" + ssoRoleName(a) + "/" + a.email();
            case SCRIPT -> "arn:aws:iam::" + account + ":user/" + a.name();
            case TERRAFORM -> "arn:aws:sts::" + account + ":assumed-role/terraform-ci-deployer/terraform-ci";
            case TAG_ENFORCER -> "arn:aws:sts::" + account + ":assumed-role/tag-enforcer-lambda-role/tag-enforcer";
            case AWS_AUTOSCALING ->
                "arn:aws:sts::" + account + ":assumed-role/AWSServiceRoleForAutoScaling/AutoScaling";
            case CLOUDFORMATION -> "arn:aws:sts::" + account + ":assumed-role/cfn-deployment-role/AWSCloudFormation";
            default -> "arn:aws:sts::" + account + ":assumed-role/" + a.name() + "-role/" + a.name();
        };
    }

    private static ObjectNode identity(Actor a, String account, Instant t, Rng rng) {
        ObjectNode id = IacModel.obj();
        if (a.kind() == ActorKind.SCRIPT) {
            id.put("type", "IAMUser")
                    .put("principalId", "AIDA" + StableIds.base32(a.name(), 17))
                    .put("arn", arn(a, account))
                    .put("accountId", account)
                    .put("accessKeyId", "AKIA" + StableIds.base32(a.name() + "key", 16))
                    .put("userName", a.name());
            return id;
        }
        String roleName;
        String rolePath;
        String session;
        switch (a.kind()) {
            case HUMAN -> {
                roleName = ssoRoleName(a);
                rolePath = "aws-reserved/sso.amazonaws.com/";
                session = a.email();
            }
            case TERRAFORM -> {
                roleName = "terraform-ci-deployer";
                rolePath = "";
                session = "terraform-ci";
            }
            case TAG_ENFORCER -> {
                roleName = "tag-enforcer-lambda-role";
                rolePath = "";
                session = "tag-enforcer";
            }
            case AWS_AUTOSCALING -> {
                roleName = "AWSServiceRoleForAutoScaling";
                rolePath = "aws-service-role/autoscaling.amazonaws.com/";
                session = "AutoScaling";
            }
            case CLOUDFORMATION -> {
                roleName = "cfn-deployment-role";
                rolePath = "";
                session = "AWSCloudFormation";
            }
            default -> {
                roleName = a.name() + "-role";
                rolePath = "";
                session = a.name();
            }
        }
        String roleId = "AROA" + StableIds.base32(account + roleName, 17);
        id.put("type", "AssumedRole")
                .put("principalId", roleId + ":" + session)
                .put("arn", arn(a, account))
                .put("accountId", account)
                .put("accessKeyId", "ASIA" + rng.upperAlnum(16));
        ObjectNode ctx = id.putObject("sessionContext");
        ctx.putObject("sessionIssuer")
                .put("type", "Role")
                .put("principalId", roleId)
                .put("arn", "arn:aws:iam::" + account + ":role/" + rolePath + roleName)
                .put("accountId", account)
                .put("userName", roleName);
        ctx.putObject("webIdFederationData");
        ctx.putObject("attributes")
                .put(
                        "creationDate",
                        t.minusSeconds(60L * rng.between(3, 300))
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString())
                .put("mfaAuthenticated", "false");
        if (a.kind() == ActorKind.AWS_AUTOSCALING) {
            id.put("invokedBy", "autoscaling.amazonaws.com");
        } else if (a.kind() == ActorKind.CLOUDFORMATION) {
            id.put("invokedBy", "cloudformation.amazonaws.com");
        }
        return id;
    }
}
