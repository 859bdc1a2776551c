package io.driftguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.event.SecurityFinding;
import io.driftguard.ingest.cloudtrail.CloudTrailParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated inputs for the shapes and failures the samples do not cover. */
class ParserEdgeCasesTest {

    private final ParserRegistry registry = ParserRegistry.defaults();

    private List<ParsedRecord> parse(String source, String json) {
        return registry.parse(new RawRecord(source, "test#0", json.getBytes(StandardCharsets.UTF_8), null));
    }

    private static String reason(List<ParsedRecord> results) {
        assertThat(results).hasSize(1);
        ParsedRecord r = results.get(0);
        if (r instanceof ParsedRecord.Rejected rej) {
            return "rejected: " + rej.reason();
        }
        if (r instanceof ParsedRecord.Skipped s) {
            return "skipped: " + s.reason();
        }
        throw new AssertionError("expected a rejection or skip, got " + r);
    }

    private static List<AuditEvent> audits(List<ParsedRecord> results) {
        assertThat(results).allMatch(r -> r instanceof ParsedRecord.Audit, "all audit events");
        return results.stream().map(r -> ((ParsedRecord.Audit) r).event()).toList();
    }

    @Test
    void everyParserRegisteredUnderItsSourceName() {
        assertThat(registry.sources()).containsExactlyInAnyOrderElementsOf(Sources.ALL);
    }

    @Test
    void malformedEmptyAndUnknownInputsAreRejectedWithAReason() {
        assertThat(reason(parse(Sources.AWS_CLOUDTRAIL, "{\"eventID\": "))).startsWith("rejected: malformed JSON");
        assertThat(reason(parse(Sources.AWS_CLOUDTRAIL, "{}{}"))).startsWith("rejected: malformed JSON");
        assertThat(reason(parse(Sources.AWS_CLOUDTRAIL, ""))).isEqualTo("rejected: empty payload");
        assertThat(reason(parse("nosuch", "{}"))).isEqualTo("rejected: unknown source 'nosuch'");
        assertThat(reason(parse(Sources.AWS_CLOUDTRAIL, "[1,2]"))).contains("not a JSON object");
        for (String source : Sources.ALL) {
            assertThat(reason(parse(source, "{\"hello\":\"world\"}")))
                    .as(source)
                    .startsWith("rejected: ");
            assertThat(reason(parse(source, "\"text\""))).as(source).startsWith("rejected: ");
        }
    }

    @Test
    void missingEventTimeIsRejected() {
        assertThat(reason(parse(
                        Sources.AWS_CLOUDTRAIL,
                        "{\"eventID\":\"x\",\"eventName\":\"CreateTags\",\"eventSource\":\"ec2.amazonaws.com\"}")))
                .isEqualTo("rejected: CloudTrail eventTime missing or unreadable: null");
    }

    @Test
    void createTagsFansOutOneEventPerResourceWithTheSameEventId() {
        String json = """
                {"eventVersion":"1.08","eventID":"tag-1","eventTime":"2024-05-01T10:00:00Z",
                 "eventSource":"ec2.amazonaws.com","eventName":"CreateTags","awsRegion":"eu-west-1",
                 "recipientAccountId":"111122223333","readOnly":false,
                 "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/jane@example.com",
                   "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::111122223333:role/ops","userName":"ops"}}},
                 "requestParameters":{"resourcesSet":{"items":[{"resourceId":"i-0abc"},{"resourceId":"sg-0def"},
                   {"resourceId":"vol-0123"}]},"tagSet":{"items":[{"key":"env","value":"prod"}]}}}
                """;
        List<AuditEvent> events = audits(parse(Sources.AWS_CLOUDTRAIL, json));
        assertThat(events).extracting(AuditEvent::resourceId).containsExactly("i-0abc", "sg-0def", "vol-0123");
        assertThat(events)
                .extracting(AuditEvent::resourceType)
                .containsExactly("AWS::EC2::Instance", "AWS::EC2::SecurityGroup", "AWS::EC2::Volume");
        assertThat(events).extracting(AuditEvent::eventId).containsOnly("tag-1");
        assertThat(events.get(0).actor().id()).isEqualTo("arn:aws:iam::111122223333:role/ops/jane@example.com");
        assertThat(events.get(0).request()).contains("\"key\":\"env\"");
    }

    @Test
    void lambdaSuffixStripping() {
        assertThat(CloudTrailParser.stripApiVersion("UpdateFunctionConfiguration20150331v2"))
                .isEqualTo("UpdateFunctionConfiguration");
        assertThat(CloudTrailParser.stripApiVersion("AddPermission20150331")).isEqualTo("AddPermission");
        assertThat(CloudTrailParser.stripApiVersion("UpdateFunctionCode20150331v12"))
                .isEqualTo("UpdateFunctionCode");
        assertThat(CloudTrailParser.stripApiVersion("Invoke")).isEqualTo("Invoke");
        assertThat(CloudTrailParser.stripApiVersion("Thing123456789")).isEqualTo("Thing123456789");
    }

    @Test
    void serviceAndDeployCallersAreRecognised() {
        String autoscaling = """
                {"eventID":"as-1","eventTime":"2024-05-01T10:00:00.123Z","eventSource":"ec2.amazonaws.com",
                 "eventName":"RunInstances","recipientAccountId":"1","sourceIPAddress":"autoscaling.amazonaws.com",
                 "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling",
                   "invokedBy":"autoscaling.amazonaws.com",
                   "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling","userName":"AWSServiceRoleForAutoScaling"}}}}
                """;
        assertThat(audits(parse(Sources.AWS_CLOUDTRAIL, autoscaling))
                        .get(0)
                        .actor()
                        .type())
                .isEqualTo(ActorType.AUTOMATION);
        String terraform = """
                {"eventID":"tf-1","eventTime":"2024-05-01T10:00:00+02:00","eventSource":"ec2.amazonaws.com",
                 "eventName":"AuthorizeSecurityGroupIngress","recipientAccountId":"1",
                 "userAgent":"APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.40.0",
                 "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/terraform-ci-deployer/gha-123"},
                 "requestParameters":{"groupId":"sg-1"}}
                """;
        AuditEvent tf = audits(parse(Sources.AWS_CLOUDTRAIL, terraform)).get(0);
        assertThat(tf.actor().type()).isEqualTo(ActorType.DEPLOY);
        assertThat(tf.actor().id()).isEqualTo("arn:aws:iam::1:role/terraform-ci-deployer/gha-123");
        assertThat(tf.eventTime()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(tf.readOnly()).isFalse(); // no readOnly key: decided by the name
    }

    @Test
    void eventBridgeGuardDutyFindingBecomesASecurityFinding() {
        String json = """
                {"version":"0","id":"eb-1","detail-type":"GuardDuty Finding","source":"aws.guardduty",
                 "account":"111122223333","time":"2024-05-01T10:00:00Z","region":"us-east-1","resources":[],
                 "detail":{"schemaVersion":"2.0","accountId":"111122223333","region":"us-east-1","id":"gd-42",
                   "type":"Recon:EC2/PortProbeUnprotectedPort","severity":5.0,"title":"Unprotected port probed",
                   "createdAt":"2024-05-01T09:58:00.000Z","updatedAt":"2024-05-01T09:59:30.512Z",
                   "resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0abc",
                     "networkInterfaces":[{"securityGroups":[{"groupId":"sg-0123","groupName":"web"}]}]}}}}
                """;
        List<ParsedRecord> results = parse(Sources.AWS_EVENTBRIDGE, json);
        assertThat(results).singleElement().isInstanceOf(ParsedRecord.Context.class);
        SecurityFinding f = (SecurityFinding) ((ParsedRecord.Context) results.get(0)).event();
        assertThat(f.id()).isEqualTo("gd-42");
        assertThat(f.source()).isEqualTo(Sources.GUARDDUTY);
        assertThat(f.resourceIds()).containsExactly("i-0abc", "sg-0123");
        assertThat(f.severity()).isEqualTo("5.0");
        assertThat(f.time()).isEqualTo(Instant.parse("2024-05-01T09:59:30.512Z"));
        // the bare finding through the guardduty parser gives the same
        String bare = json.substring(json.indexOf("\"detail\":") + 9, json.lastIndexOf('}'));
        assertThat(((ParsedRecord.Context) parse(Sources.GUARDDUTY, bare).get(0)).event())
                .isEqualTo(f);
        assertThat(reason(parse(
                        Sources.AWS_EVENTBRIDGE,
                        "{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}")))
                .startsWith("skipped: EventBridge detail-type");
    }

    @Test
    void pubSubPushAndPullEnvelopesCarryingALogEntry() {
        String entry = """
                {"insertId":"ins-1","logName":"projects/p1/logs/cloudaudit.googleapis.com%2Factivity",
                 "timestamp":"2024-05-01T10:00:00.123456789Z","severity":"NOTICE",
                 "resource":{"type":"gce_instance","labels":{"project_id":"p1","zone":"europe-west1-b"}},
                 "protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",
                   "serviceName":"compute.googleapis.com","methodName":"v1.compute.instances.setMachineType",
                   "resourceName":"https://www.googleapis.com/compute/v1/projects/p1/zones/europe-west1-b/instances/vm-1",
                   "authenticationInfo":{"principalEmail":"service-123456@compute-system.iam.gserviceaccount.com"},
                   "status":{}}}
                """;
        String data = Base64.getEncoder().encodeToString(entry.getBytes(StandardCharsets.UTF_8));
        String push = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"m1\",\"attributes\":{}},"
                + "\"subscription\":\"projects/p1/subscriptions/s\"}";
        AuditEvent e = audits(parse(Sources.GCP_AUDIT, push)).get(0);
        assertThat(e.eventId()).isEqualTo("ins-1");
        assertThat(e.resourceId()).isEqualTo("projects/p1/zones/europe-west1-b/instances/vm-1");
        assertThat(e.actor().type()).isEqualTo(ActorType.AUTOMATION);
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456789Z"));
        String pull = "{\"receivedMessages\":[{\"ackId\":\"a\",\"message\":{\"data\":\"" + data + "\"}},"
                + "{\"ackId\":\"b\",\"message\":{\"data\":\"" + data + "\"}}]}";
        assertThat(audits(parse(Sources.GCP_AUDIT, pull))).hasSize(2);
        assertThat(reason(parse(Sources.GCP_AUDIT, "{\"message\":{\"data\":\"%%%\",\"messageId\":\"m\"}}")))
                .startsWith("rejected: Pub/Sub message data is not base64");
    }

    @Test
    void gcpFailuresAndReads() {
        String failed = """
                {"insertId":"f-1","logName":"projects/p1/logs/cloudaudit.googleapis.com%2Factivity",
                 "timestamp":"2024-05-01T10:00:00Z","severity":"ERROR",
                 "protoPayload":{"serviceName":"compute.googleapis.com","methodName":"v1.compute.firewalls.patch",
                   "resourceName":"projects/p1/global/firewalls/fw","status":{"code":7,"message":"denied"},
                   "authenticationInfo":{"principalEmail":"ci@p1.iam.gserviceaccount.com"}}}
                """;
        AuditEvent f = audits(parse(Sources.GCP_AUDIT, failed)).get(0);
        assertThat(f.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(f.errorCode()).isEqualTo("7");
        assertThat(f.actor().type()).isEqualTo(ActorType.SERVICE);
        String read = failed.replace("v1.compute.firewalls.patch", "v1.compute.firewalls.get")
                .replace("\"severity\":\"ERROR\"", "\"severity\":\"INFO\"")
                .replace("{\"code\":7,\"message\":\"denied\"}", "{}");
        AuditEvent r = audits(parse(Sources.GCP_AUDIT, read)).get(0);
        assertThat(r.readOnly()).isTrue();
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void azureCompositeEventIdUsesValuesExactlyAsWritten() {
        String start = """
                {"time":"2024-05-01T10:00:00.1234567Z","resourceId":"/SUBSCRIPTIONS/S-1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG1",
                 "operationName":"MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WRITE","category":"Administrative",
                 "resultType":"Start","correlationId":"corr-9",
                 "identity":{"claims":{"appid":"app-1","idtyp":"app",
                   "xms_mirid":"/subscriptions/s-1/resourcegroups/rg/providers/Microsoft.Automation/automationAccounts/fixer"}},
                 "properties":{"requestbody":"{\\"properties\\":{\\"securityRules\\":[]}}"}}
                """;
        AuditEvent e = audits(parse(Sources.AZURE_ACTIVITY, start)).get(0);
        assertThat(e.eventId()).isEqualTo("corr-9/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WRITE/Start");
        assertThat(e.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(e.resourceId())
                .isEqualTo(
                        "/subscriptions/s-1/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/nsg1");
        assertThat(e.account()).isEqualTo("S-1");
        assertThat(e.actor().type()).isEqualTo(ActorType.AUTOMATION);
        assertThat(e.actor().id()).isEqualTo("app-1");
        assertThat(e.request()).isEqualTo("{\"properties\":{\"securityRules\":[]}}");
        String withId = start.replace(
                        "\"correlationId\"", "\"properties\":{\"eventDataId\":\"ed-1\"},\"x\":{},\"correlationId\"")
                .replace(",\n \"properties\":{\"requestbody\"", ",\n \"p2\":{\"requestbody\"");
        assertThat(audits(parse(Sources.AZURE_ACTIVITY, withId)).get(0).eventId())
                .isEqualTo("ed-1");
        String failure = start.replace("\"Start\"", "\"Failure\"");
        assertThat(audits(parse(Sources.AZURE_ACTIVITY, failure)).get(0).outcome())
                .isEqualTo(Outcome.FAILURE);
        assertThat(reason(parse(Sources.AZURE_ACTIVITY, start.replace("\"correlationId\":\"corr-9\",", ""))))
                .startsWith("rejected: Activity Log record has neither eventDataId nor correlationId");
    }

    @Test
    void kubernetesStagesEventListsAndSubresources() {
        String event = """
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"a-1","stage":"%s",
                 "requestURI":"/apis/apps/v1/namespaces/shop/deployments/web/scale","verb":"patch",
                 "user":{"username":"system:serviceaccount:kube-system:horizontal-pod-autoscaler","groups":["system:serviceaccounts"]},
                 "objectRef":{"resource":"deployments","namespace":"shop","name":"web","apiGroup":"apps","apiVersion":"v1","subresource":"scale"},
                 "responseStatus":{"code":%d},"requestObject":{"spec":{"replicas":5}},
                 "requestReceivedTimestamp":"2024-05-01T10:00:00.000001Z","stageTimestamp":"2024-05-01T10:00:00.000500Z"}
                """;
        assertThat(reason(registry.parse(
                        Sources.K8S_AUDIT,
                        io.driftguard.core.json.Json.MAPPER.valueToTree(
                                readTree(event.formatted("RequestReceived", 200))),
                        "c")))
                .isEqualTo("skipped: audit stage RequestReceived (only ResponseComplete is used)");
        AuditEvent scaled = audits(registry.parse(new RawRecord(
                        Sources.K8S_AUDIT,
                        "t",
                        event.formatted("ResponseComplete", 200).getBytes(StandardCharsets.UTF_8),
                        "prod-eu-1")))
                .get(0);
        assertThat(scaled.resourceId()).isEqualTo("prod-eu-1/shop/Deployment/web");
        assertThat(scaled.operation()).isEqualTo("patch/scale");
        assertThat(scaled.actor().type()).isEqualTo(ActorType.AUTOMATION);
        assertThat(scaled.request()).isEqualTo("{\"spec\":{\"replicas\":5}}");
        AuditEvent denied = audits(
                        registry.parse(Sources.K8S_AUDIT, readTree(event.formatted("ResponseComplete", 403)), null))
                .get(0);
        assertThat(denied.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(denied.account()).isEqualTo("default");

        String list = "{\"kind\":\"EventList\",\"items\":[" + event.formatted("RequestReceived", 200) + ","
                + event.formatted("ResponseComplete", 200).replace("a-1", "a-2") + "]}";
        List<ParsedRecord> batch = parse(Sources.K8S_AUDIT, list);
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0)).isInstanceOf(ParsedRecord.Skipped.class);
        assertThat(((ParsedRecord.Audit) batch.get(1)).event().eventId()).isEqualTo("a-2");

        String argo = event.formatted("ResponseComplete", 200)
                .replace(
                        "system:serviceaccount:kube-system:horizontal-pod-autoscaler",
                        "system:serviceaccount:argocd:argocd-application-controller");
        assertThat(audits(parse(Sources.K8S_AUDIT, argo)).get(0).actor().type()).isEqualTo(ActorType.DEPLOY);
    }

    @Test
    void alertmanagerResolvedAlertAndMissingFingerprint() {
        String json = """
                {"version":"4","status":"resolved","receiver":"r","groupKey":"g","alerts":[
                  {"status":"resolved","labels":{"severity":"critical","alertname":"CheckoutDown","service":"checkout"},
                   "annotations":{"summary":"checkout 5xx"},"startsAt":"2024-05-01T10:00:00.5+02:00",
                   "endsAt":"2024-05-01T09:30:00Z"}]}
                """;
        List<ParsedRecord> results = parse(Sources.ALERTMANAGER, json);
        io.driftguard.core.event.Alert a =
                (io.driftguard.core.event.Alert) ((ParsedRecord.Context) results.get(0)).event();
        assertThat(a.status()).isEqualTo("resolved");
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2024-05-01T09:30:00Z"));
        assertThat(a.time()).isEqualTo(a.endsAt());
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2024-05-01T08:00:00.5Z"));
        // the id does not depend on label order
        String reordered = json.replace(
                "\"severity\":\"critical\",\"alertname\":\"CheckoutDown\"",
                "\"alertname\":\"CheckoutDown\",\"severity\":\"critical\"");
        assertThat(((ParsedRecord.Context)
                                parse(Sources.ALERTMANAGER, reordered).get(0))
                        .event()
                        .id())
                .isEqualTo(a.id());
    }

    @Test
    void jiraCommentsAndPagerDutyV2AreSetAside() {
        assertThat(reason(parse(Sources.JIRA, "{\"webhookEvent\":\"comment_created\",\"timestamp\":1}")))
                .startsWith("skipped: Jira event comment_created");
        assertThat(reason(parse(Sources.PAGERDUTY, "{\"messages\":[]}"))).contains("V2");
        assertThat(reason(parse(Sources.GITHUB, "{\"event\":\"issues\",\"delivery\":\"d\",\"payload\":{}}")))
                .isEqualTo("skipped: GitHub event 'issues' is not a push");
    }

    @Test
    void aJiraIssueInADoneStatusIsOverEvenWithoutAResolution() {
        String issue = """
                {"webhookEvent":"jira:issue_updated","timestamp":1740994972000,
                 "issue":{"key":"SUPP-1","fields":{"issuetype":{"name":"Incident"},"priority":{"name":"Highest"},
                 "resolution":null,"status":%s,"summary":"shipping degraded"}}}""";
        java.util.function.Function<String, io.driftguard.core.event.Ticket> ticket =
                status -> (io.driftguard.core.event.Ticket) ((ParsedRecord.Context)
                                parse(Sources.JIRA, issue.formatted(status)).get(0))
                        .event();
        assertThat(ticket.apply("{\"name\":\"Done\"}").resolved()).isTrue();
        assertThat(ticket.apply("{\"name\":\"Closed\"}").resolved()).isTrue();
        assertThat(ticket.apply("{\"name\":\"Shipped\",\"statusCategory\":{\"key\":\"done\"}}")
                        .resolved())
                .isTrue();
        assertThat(ticket.apply("{\"name\":\"In Progress\"}").resolved()).isFalse();
        assertThat(ticket.apply("{\"name\":\"Done\",\"statusCategory\":{\"key\":\"indeterminate\"}}")
                        .resolved())
                .isFalse();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return io.driftguard.core.json.Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
