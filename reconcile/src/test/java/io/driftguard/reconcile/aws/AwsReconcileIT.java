package io.driftguard.reconcile.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.reconcile.KafkaObservations;
import io.driftguard.reconcile.ReconcileFixture;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconcile scans of AWS end to end: the real EC2 and S3 SDK clients against a local fake of their
 * wire protocols, observations through Kafka into the job in a MiniCluster, findings in a real
 * PostgreSQL. Drift made before DriftGuard started is found by the first scan; drift made through a
 * call the audit stream never delivered is found by the next; drift an episode already reports is
 * not reported again.
 */
class AwsReconcileIT {

    private static final String ACCOUNT = "111122223333";
    private static final String BEFORE_START = "sg-0aaaaaaaaaaaaaaa1";
    private static final String LATER = "sg-0bbbbbbbbbbbbbbb2";
    private static final String AUDITED = "sg-0ccccccccccccccc3";
    private static final String BUCKET = "payments-audit-logs";
    private static final FakeAws.Rule HTTPS = new FakeAws.Rule("tcp", 443, 443, "0.0.0.0/0");

    private static ReconcileFixture live;
    private static FakeAws aws;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        // the SDK's default credentials chain reads these system properties first
        System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        aws = new FakeAws();
        live = ReconcileFixture.start("reconcile-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (live != null) {
            live.close();
        }
        aws.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void scansFindWhatTheAuditStreamMissedAndNeverRepeatWhatAnEpisodeReports() throws Exception {
        Path iac = dir.resolve("iac");
        Files.createDirectories(iac.resolve("terraform/aws-prod/web"));
        Files.writeString(iac.resolve("terraform/aws-prod/web/terraform.tfstate"), state());
        live.syncIac(iac, 4);
        // Live: port 22 was opened on one group and versioning suspended on the bucket before
        // DriftGuard started; Jane opens 5432 on another group through a catalogued call it sees.
        aws.groups.put(BEFORE_START, group(BEFORE_START, HTTPS, new FakeAws.Rule("tcp", 22, 22, "0.0.0.0/0")));
        aws.groups.put(LATER, group(LATER, HTTPS));
        aws.groups.put(AUDITED, group(AUDITED, HTTPS, new FakeAws.Rule("tcp", 5432, 5432, "0.0.0.0/0")));
        aws.buckets.put(BUCKET, new FakeAws.Bucket(BUCKET, "Suspended", Map.of("Owner", "payments")));
        live.kafka()
                .send(
                        KafkaTopics.raw(Sources.AWS_CLOUDTRAIL),
                        AUDITED,
                        authorize("ct-5432", Instant.now().minus(Duration.ofMinutes(3)), AUDITED, 5432)
                                .getBytes(StandardCharsets.UTF_8));
        live.assertAuditedFinding(AUDITED);

        try (KafkaObservations sink = live.observations();
                Reconciler reconciler = new Reconciler(
                        AwsReaders.create(List.of("eu-west-1"), aws.endpoint(), 50), sink, Clock.systemUTC())) {
            ScanReport first = reconciler.scan(iac);
            ReconcileFixture.assertCleanScan(first, 4);
            assertThat(aws.describeCalls.get())
                    .as("three groups, one a page: every page followed")
                    .isEqualTo(3);

            live.assertFirstScanFound(List.of(BUCKET, BEFORE_START), LATER);
            live.assertChangedPaths(BUCKET, "versioning.enabled");

            // someone opens 3389 through a call the audit stream never delivers
            aws.groups.put(LATER, group(LATER, HTTPS, new FakeAws.Rule("tcp", 3389, 3389, "0.0.0.0/0")));
            ScanReport second = reconciler.scan(iac);
            live.assertSecondScanFound(second, LATER);
        }

        // the read-only policy users apply allows every call the scans made, and nothing else is needed
        Set<String> allowed = new TreeSet<>();
        for (JsonNode statement : Json.MAPPER
                .readTree(Path.of("../deploy/permissions/aws-reconcile-policy.json")
                        .toFile())
                .path("Statement")) {
            statement.path("Action").forEach(a -> allowed.add(a.asText()));
        }
        assertThat(allowed).containsAll(aws.actions);
        assertThat(allowed).allSatisfy(a -> assertThat(a).matches("(ec2:Describe|s3:Get).*"));

        // nothing twice: one finding per drifting resource, the audited episode kept its story
        live.assertNothingTwice(
                List.of(BUCKET, BEFORE_START, LATER, AUDITED), AUDITED, BEFORE_START, "the first group");
    }

    private static FakeAws.Group group(String id, FakeAws.Rule... ingress) {
        return new FakeAws.Group(id, List.of(ingress), Map.of("Owner", "payments"));
    }

    private static String state() {
        StringBuilder resources = new StringBuilder();
        for (String[] g : new String[][] {{"before", BEFORE_START}, {"later", LATER}, {"audited", AUDITED}}) {
            resources.append("""
                {"mode": "managed", "type": "aws_security_group", "name": "%1$s",
                 "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
                 "instances": [{"schema_version": 1, "attributes": {
                    "arn": "arn:aws:ec2:eu-west-1:%3$s:security-group/%2$s", "id": "%2$s", "name": "%1$s",
                    "owner_id": "%3$s", "vpc_id": "vpc-0f1e2d3c",
                    "ingress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "https", "from_port": 443,
                                 "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
                                 "security_groups": [], "self": false, "to_port": 443}],
                    "egress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0, "ipv6_cidr_blocks": [],
                                "prefix_list_ids": [], "protocol": "-1", "security_groups": [], "self": false, "to_port": 0}],
                    "tags": {"Owner": "payments"}, "tags_all": {"Owner": "payments"}},
                   "sensitive_attributes": []}]},
                """.formatted(g[0], g[1], ACCOUNT));
        }
        resources.append("""
            {"mode": "managed", "type": "aws_s3_bucket", "name": "audit",
             "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
             "instances": [{"schema_version": 0, "attributes": {
                "id": "%1$s", "bucket": "%1$s", "arn": "arn:aws:s3:::%1$s",
                "versioning": [{"enabled": true, "mfa_delete": false}],
                "tags": {"Owner": "payments"}, "tags_all": {"Owner": "payments"}},
               "sensitive_attributes": []}]}
            """.formatted(BUCKET));
        return """
            {"version": 4, "terraform_version": "1.9.5", "serial": 3, "lineage": "0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3",
             "outputs": {}, "resources": [%s]}
            """.formatted(resources);
    }

    private static String authorize(String eventId, Instant at, String group, int port) {
        return """
            {"eventVersion": "1.09",
             "userIdentity": {"type": "AssumedRole", "principalId": "AROA3EXAMPLEID:jane@example.com",
               "arn": "arn:aws:sts::%1$s:assumed-role/AWSReservedSSO_PlatformAdmin_0f1e2d3c4b5a6978/jane@example.com",
               "accountId": "%1$s", "accessKeyId": "ASIA3EXAMPLEKEY",
               "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROA3EXAMPLEID",
                   "arn": "arn:aws:iam::%1$s:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0f1e2d3c4b5a6978",
                   "accountId": "%1$s", "userName": "AWSReservedSSO_PlatformAdmin_0f1e2d3c4b5a6978"},
                 "attributes": {"creationDate": "2026-03-01T08:55:00Z", "mfaAuthenticated": "false"}}},
             "eventTime": "%2$s", "eventSource": "ec2.amazonaws.com", "eventName": "AuthorizeSecurityGroupIngress",
             "awsRegion": "eu-west-1", "sourceIPAddress": "203.0.113.7", "userAgent": "console.ec2.amazonaws.com",
             "requestParameters": {"groupId": "%3$s", "ipPermissions": {"items": [{"ipProtocol": "tcp",
                "fromPort": %4$d, "toPort": %4$d, "groups": {}, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
                "ipv6Ranges": {}, "prefixListIds": {}}]}},
             "responseElements": null, "requestID": "%5$s", "eventID": "%5$s", "readOnly": false,
             "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "%1$s",
             "eventCategory": "Management"}
            """.formatted(ACCOUNT, at.truncatedTo(ChronoUnit.SECONDS), group, port, eventId);
    }
}
