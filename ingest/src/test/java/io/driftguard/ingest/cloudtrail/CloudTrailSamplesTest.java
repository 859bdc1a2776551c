package io.driftguard.ingest.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParsedSamples;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every CloudTrail sample (log files, bare arrays, single records, EventBridge events) split and parsed. */
class CloudTrailSamplesTest {

    private static final String FOLDER = "aws-cloudtrail";

    /** Samples with records that are rightly not audit events, and why. */
    private static final Map<String, String> NOT_AUDIT =
            Map.of("stratus-aws.initial-access.console-login-without-mfa.json", "skipped: console sign-in");

    static List<ParsedRecord> parse(String file) {
        return parse(Samples.path(FOLDER, file));
    }

    static List<ParsedRecord> parse(Path file) {
        return ParsedSamples.parse(
                file, node -> node.has("detail-type") ? Sources.AWS_EVENTBRIDGE : Sources.AWS_CLOUDTRAIL);
    }

    static AuditEvent only(String file) {
        List<AuditEvent> events = ParsedSamples.audits(parse(file));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @TestFactory
    Stream<DynamicTest> everySampleParsesOrIsSetAsideForAStatedReason() {
        return Samples.list(FOLDER, ".json").stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    List<ParsedRecord> results = parse(file);
                    assertThat(results).isNotEmpty();
                    List<String> reasons = ParsedSamples.reasons(results);
                    String expected = NOT_AUDIT.get(file.getFileName().toString());
                    if (expected == null) {
                        assertThat(reasons).isEmpty();
                    } else {
                        assertThat(reasons).isNotEmpty().allMatch(r -> r.startsWith(expected));
                    }
                    for (AuditEvent e : ParsedSamples.audits(results)) {
                        assertThat(e.cloud()).isEqualTo(Cloud.AWS);
                        assertThat(e.eventId()).isNotBlank();
                        assertThat(e.eventTime()).isAfter(Instant.parse("2010-01-01T00:00:00Z"));
                        assertThat(e.account()).matches("\\d+");
                        assertThat(e.service()).endsWith(".amazonaws.com");
                        assertThat(e.actor().type()).isNotEqualTo(ActorType.UNKNOWN);
                        // the read stream stays small: bodies only for changes
                        if (e.readOnly()) {
                            assertThat(e.request()).isNull();
                            assertThat(e.response()).isNull();
                        }
                    }
                }));
    }

    @Test
    void pantherConsoleSecurityGroupIngressWithLowercasedIdentityKeys() {
        AuditEvent e = only("panther-normalized-AuthorizeSecurityGroupIngress-console-assumedrole.json");
        assertThat(e.eventId()).isEqualTo("504b492f-7832-406b-a4fd-45a13e48adc4");
        assertThat(e.resourceId()).isEqualTo("sg-04f0b44316f7d2471");
        assertThat(e.resourceType()).isEqualTo("AWS::EC2::SecurityGroup");
        assertThat(e.operation()).isEqualTo("AuthorizeSecurityGroupIngress");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2021-01-24T04:55:45Z"));
        assertThat(e.actor().id()).isEqualTo("arn:aws:iam::112233445566:role/TestAdmin/alan");
        assertThat(e.actor().type()).isEqualTo(ActorType.HUMAN);
        assertThat(e.actor().display()).isEqualTo("alan");
        assertThat(e.actor().identities())
                .startsWith(
                        "arn:aws:sts::112233445566:assumed-role/TestAdmin/alan",
                        "arn:aws:iam::112233445566:role/TestAdmin");
        assertThat(e.viaConsole()).isTrue();
        assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(e.isSuccessfulWrite()).isTrue();
        assertThat(e.request()).contains("\"cidrIp\":\"0.0.0.0/16\"");
    }

    @Test
    void failedModifyDbInstanceIsAFailure() {
        AuditEvent e = only("panther-test-ModifyDBInstance-failed-iamuser.json");
        assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(e.errorCode()).isEqualTo("AccessDenied");
        assertThat(e.resourceId()).isEqualTo("production-db");
        assertThat(e.resourceType()).isEqualTo("AWS::RDS::DBInstance");
        assertThat(e.actor().id()).isEqualTo("arn:aws:iam::123456789012:user/developer");
        assertThat(e.actor().display()).isEqualTo("developer");
        assertThat(e.isSuccessfulWrite()).isFalse();
    }

    @Test
    void updateTrailErrorInALogFile() {
        AuditEvent e = only("driftguard-records-cloudtrail-UpdateTrail-error.json");
        assertThat(e.eventId()).isEqualTo("71f0c6a2-93d4-4b8e-a1c5-6e2f7d9b0a34");
        assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(e.errorCode()).isEqualTo("TrailNotFoundException");
        assertThat(e.resourceId()).isEqualTo("org-audit-trial");
        assertThat(e.readOnly()).isFalse();
        assertThat(e.isSuccessfulWrite()).isFalse();
        assertThat(e.actor().id())
                .isEqualTo("arn:aws:iam::731829462015:role/aws-reserved/sso.amazonaws.com/eu-west-1/"
                        + "AWSReservedSSO_PlatformEngineer_4f1c2d3e5a6b7c8d/marco.bianchi@example.com");
    }

    @Test
    void stratusBareArrayIsSplitIntoEveryRecord() {
        List<AuditEvent> events = ParsedSamples.audits(parse("stratus-aws.execution.ec2-user-data.json"));
        assertThat(events).hasSize(35);
        assertThat(events)
                .filteredOn(e -> e.operation().equals("DescribeInstances"))
                .hasSize(32)
                .allMatch(AuditEvent::readOnly);
        AuditEvent modify = events.stream()
                .filter(e -> e.operation().equals("ModifyInstanceAttribute"))
                .findFirst()
                .orElseThrow();
        assertThat(modify.resourceId()).isEqualTo("i-DDd6c7B0e18F0E35f");
        assertThat(modify.request()).contains("userData");
        assertThat(events)
                .filteredOn(e -> e.operation().equals("StopInstances"))
                .singleElement()
                .extracting(AuditEvent::resourceId)
                .isEqualTo("i-DDd6c7B0e18F0E35f");
    }

    @Test
    void lambdaApiVersionSuffixIsStrippedAndFunctionArnBecomesName() {
        AuditEvent sso = only("panther-test-UpdateFunctionConfiguration-sso-assumedrole.json");
        assertThat(sso.operation()).isEqualTo("UpdateFunctionConfiguration");
        assertThat(sso.resourceId()).isEqualTo("production-api");
        assertThat(sso.actor().id())
                .isEqualTo("arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/"
                        + "AWSReservedSSO_DevAdmin_abc123/bob.ross");
        assertThat(sso.actor().type()).isEqualTo(ActorType.HUMAN);

        AuditEvent code = only("stratus-aws.persistence.lambda-overwrite-code.json");
        assertThat(code.operation()).isEqualTo("UpdateFunctionCode");
        assertThat(code.resourceId()).isEqualTo("stratus-red-team-olc-func-vayhjqkdav");
    }

    @Test
    void eventBridgeKeepsTheCloudTrailEventId() {
        AuditEvent tags = only("c7n-eventbridge-cloud-trail-appelb-add-tags.json");
        assertThat(tags.source()).isEqualTo(Sources.AWS_EVENTBRIDGE);
        assertThat(tags.eventId()).isEqualTo("e9f72371-5fc5-48fc-999d-462e13fdc6bd");
        assertThat(tags.resourceId())
                .isEqualTo(
                        "arn:aws:elasticloadbalancing:us-east-1:123456789123:loadbalancer/app/test/433ae0ba96204181");
        assertThat(tags.viaConsole()).isTrue();
        assertThat(tags.actor().id()).isEqualTo("arn:aws:iam::123456789123:role/c7nbot/HarishAchappa");

        AuditEvent bucket = only("c7n-eventbridge-cloud-trail-create-bucket.json");
        assertThat(bucket.eventId()).isEqualTo("c4fa3db1-2303-40e4-bde0-3b7246bdbf0b");
        assertThat(bucket.resourceId()).isEqualTo("custodian-create-bucket-v4");
        assertThat(bucket.actor().id()).isEqualTo("arn:aws:iam::619193117841:root");
        assertThat(bucket.actor().type()).isEqualTo(ActorType.HUMAN);
    }

    @Test
    void runInstancesTakesTheNewInstanceFromTheResponse() {
        AuditEvent e = only("c7n-record-RunInstances-assumedrole.json");
        assertThat(e.resourceId()).isEqualTo("i-0f7c711dc84bedda0");
        assertThat(e.viaConsole()).isTrue();
        // the session ARN's account differs from the issuer's in this sample; the issuer wins
        assertThat(e.actor().id()).isEqualTo("arn:aws:iam::03412312600:role/GR_Dev_Developer/Radiant");
    }

    @Test
    void recordsWithoutEventIdGetAStableId() {
        AuditEvent first = only("driftguard-records-ec2-StartInstances.json");
        AuditEvent again = only("driftguard-records-ec2-StartInstances.json");
        assertThat(first.eventId()).startsWith("ct-").isEqualTo(again.eventId());
        assertThat(first.resourceId()).isEqualTo("i-4c1f3a9d");
        // no recipientAccountId in a 2014 record: the caller's account
        assertThat(first.account()).isEqualTo("731829462015");
        assertThat(ParsedSamples.audits(parse("driftguard-records-ec2-StopInstances.json")))
                .extracting(AuditEvent::resourceId)
                .containsExactly("i-4c1f3a9d", "i-7e20b5c1");
        assertThat(only("panther-test-ModifyInstanceAttribute-userdata-assumedrole.json")
                        .eventTime())
                .isEqualTo(Instant.parse("2022-09-30T15:11:25Z"));
    }

    @Test
    void consoleCallsAreMarkedWhetherByFlagOrByUserAgent() {
        AuditEvent key = only("driftguard-records-ec2-CreateKeyPair-console.json");
        assertThat(key.viaConsole()).as("sessionCredentialFromConsole").isTrue();
        assertThat(key.actor().type()).isEqualTo(ActorType.HUMAN);
        assertThat(key.response()).contains("<sensitiveDataRemoved>");
        AuditEvent group = only("driftguard-records-iam-AddUserToGroup-console.json");
        assertThat(group.viaConsole()).as("AWSConsole user agent").isTrue();
        assertThat(group.isSuccessfulWrite()).isTrue();
        assertThat(only("driftguard-records-iam-CreateUser.json").viaConsole()).isFalse();
    }

    @Test
    void s3LogFileMixesReadsAndWrites() {
        List<AuditEvent> events =
                ParsedSamples.audits(parse("driftguard-records-s3-ListBuckets-PutBucketAcl-GetBucketVersioning.json"));
        assertThat(events)
                .extracting(AuditEvent::operation)
                .containsExactly("ListBuckets", "PutBucketAcl", "GetBucketVersioning");
        assertThat(events).extracting(AuditEvent::readOnly).containsExactly(true, false, true);
        assertThat(events.get(1).request()).contains("AccessControlPolicy");
    }
}
