package io.driftguard.pipeline.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;

/**
 * Writes small replay folders in the providers' own formats: a Terraform v4 state and CloudTrail
 * log files as CloudTrail delivers them to S3 (gzip, {@code {"Records": [...]}}).
 */
public final class ReplayFixtures {

    public static final String ACCOUNT = "111122223333";
    public static final String SG = "sg-0123456789abcdef0";
    public static final String INSTANCE = "i-0abc1234def567890";

    private ReplayFixtures() {}

    public static void terraformState(Path root) throws IOException {
        write(root.resolve("iac/terraform/aws-prod/web/terraform.tfstate"), """
            {"version": 4, "terraform_version": "1.9.5", "serial": 12, "lineage": "5e0c7d0e-1c1a-4f43-9d54-0c7a8b0e1f11",
             "outputs": {},
             "resources": [
              {"mode": "managed", "type": "aws_security_group", "name": "web",
               "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
               "instances": [{"schema_version": 1, "attributes": {
                  "arn": "arn:aws:ec2:eu-west-1:%1$s:security-group/%2$s", "id": "%2$s", "name": "web", "description": "web tier",
                  "vpc_id": "vpc-0f1e2d3c", "owner_id": "%1$s", "revoke_rules_on_delete": false,
                  "ingress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "https", "from_port": 443, "ipv6_cidr_blocks": [],
                               "prefix_list_ids": [], "protocol": "tcp", "security_groups": [], "self": false, "to_port": 443}],
                  "egress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0, "ipv6_cidr_blocks": [],
                              "prefix_list_ids": [], "protocol": "-1", "security_groups": [], "self": false, "to_port": 0}],
                  "tags": {"Owner": "payments"}, "tags_all": {"Owner": "payments"}},
                 "sensitive_attributes": [], "private": "eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ=="}]},
              {"mode": "managed", "type": "aws_instance", "name": "api",
               "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
               "instances": [{"schema_version": 1, "attributes": {
                  "id": "%3$s", "arn": "arn:aws:ec2:eu-west-1:%1$s:instance/%3$s", "ami": "ami-0c55b159cbfafe1f0",
                  "instance_type": "t3.medium", "disable_api_termination": false, "source_dest_check": true,
                  "vpc_security_group_ids": ["%2$s"], "tags": {"Name": "api"}, "tags_all": {"Name": "api"}},
                 "sensitive_attributes": []}]}
             ]}
            """.formatted(ACCOUNT, SG, INSTANCE));
    }

    public static String record(
            String eventId,
            String time,
            String eventName,
            String userAgent,
            String requestParameters,
            String errorCode) {
        return """
            {"eventVersion": "1.09",
             "userIdentity": {"type": "AssumedRole", "principalId": "AROA3EXAMPLEID:jane@example.com",
               "arn": "arn:aws:sts::%1$s:assumed-role/AWSReservedSSO_PlatformAdmin_0f1e2d3c4b5a6978/jane@example.com",
               "accountId": "%1$s", "accessKeyId": "ASIA3EXAMPLEKEY",
               "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROA3EXAMPLEID",
                   "arn": "arn:aws:iam::%1$s:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0f1e2d3c4b5a6978",
                   "accountId": "%1$s", "userName": "AWSReservedSSO_PlatformAdmin_0f1e2d3c4b5a6978"},
                 "attributes": {"creationDate": "2026-03-01T08:55:00Z", "mfaAuthenticated": "false"}}},
             "eventTime": "%2$s", "eventSource": "ec2.amazonaws.com", "eventName": "%3$s", "awsRegion": "eu-west-1",
             "sourceIPAddress": "203.0.113.7", "userAgent": "%4$s",
             %6$s
             "requestParameters": %5$s, "responseElements": null,
             "requestID": "%7$s", "eventID": "%7$s", "readOnly": %8$s, "eventType": "AwsApiCall",
             "managementEvent": true, "recipientAccountId": "%1$s", "eventCategory": "Management"}
            """.formatted(
                        ACCOUNT,
                        time,
                        eventName,
                        userAgent,
                        requestParameters,
                        errorCode == null ? "" : "\"errorCode\": \"" + errorCode + "\", \"errorMessage\": \"denied\",",
                        eventId,
                        eventName.startsWith("Describe"));
    }

    public static String ingress(int port) {
        return """
            {"groupId": "%s", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": %d, "toPort": %d, "groups": {},
              "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}, "ipv6Ranges": {}, "prefixListIds": {}}]}}
            """.formatted(SG, port, port);
    }

    public static String instanceType(String type) {
        return "{\"instanceId\": \"" + INSTANCE + "\", \"instanceType\": {\"value\": \"" + type + "\"}}";
    }

    public static void cloudTrailFile(Path root, String name, String... records) throws IOException {
        String json = "{\"Records\": [" + String.join(",", records) + "]}";
        Path file = root.resolve("events/aws-cloudtrail/" + ACCOUNT + "/eu-west-1/2026/03/01/" + name);
        Files.createDirectories(file.getParent());
        Files.write(file, gzip(json.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    public static byte[] truncated(byte[] gz) {
        return Arrays.copyOf(gz, gz.length * 2 / 3);
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Runs {@code driftguard replay} on {@code input}; returns its standard error, failing if it exits non-zero. */
    public static String replay(Path input, Path output) throws IOException {
        Files.createDirectories(output.getParent());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ReplayCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--input", input.toString(), "--output", output.toString());
        String stderr = err.toString(StandardCharsets.UTF_8);
        if (code != 0) {
            throw new AssertionError("replay exited " + code + ": " + stderr);
        }
        return stderr;
    }
}
