package io.driftguard.pipeline.episode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParserRegistry;
import io.driftguard.ingest.catalog.CatalogExamples;
import io.driftguard.ingest.catalog.CatalogExamples.Example;
import io.driftguard.ingest.iac.IacFolderReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worked example of the catalog ({@code catalog/examples/<cloud>.yaml}), end to end: the call
 * is written as the provider logs it (a CloudTrail record, a Cloud Audit Logs entry, an Activity Log
 * record, a Kubernetes audit event) and read by the real parser; each IaC source the example names
 * is written as that source stores it (a Terraform state, a CloudFormation template with its stack
 * resources, a manifest) and read by the real IaC reader. The call and the declaration must meet at
 * the same resource, and the episode operator's own rules ({@link CatalogDrift}) must report exactly
 * the drifted paths the example names; a request that restates the declared values is no drift.
 */
class CatalogExamplesDriftTest {

    static final String ACCOUNT = "123456789012";
    static final String PROJECT = "shop-prod";
    static final String CLUSTER = "prod-eu-1";

    static CatalogDrift bench;
    static final ParserRegistry PARSERS = ParserRegistry.defaults();

    @TempDir
    static Path tmp;

    static int folders;

    @BeforeAll
    static void bench() {
        bench = new CatalogDrift();
    }

    static Stream<Example> examples() {
        return CatalogExamples.builtIn().examples().stream();
    }

    /** One case per IaC source (and per alternative Terraform type) of an example. */
    record Declared(String source, String label, DesiredResource resource) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theCallDriftsTheDeclaredResourceInEveryIaCSource(Example ex) throws IOException {
        AuditEvent event = parse(ex, ex.request());
        List<ResourceChange> changes = bench.catalog.interpret(event);
        assertThat(changes).as("the catalog reads " + ex).isNotEmpty();
        List<Declared> declared = declarations(ex, changes);
        assertThat(declared)
                .as("an example declares its resource in at least one IaC source")
                .isNotEmpty();
        for (Declared d : declared) {
            assertThat(bench.drift(d.resource(), event))
                    .as(d.label() + ": drifted paths of " + ex)
                    .containsExactlyInAnyOrderElementsOf(ex.drift(d.source()));
            if (ex.same() != null) {
                AuditEvent same = parse(ex, ex.same());
                // a restatement may change nothing the catalog tracks at all (a policy version not made default)
                List<String> drifted =
                        bench.catalog.interpret(same).isEmpty() ? List.of() : bench.drift(d.resource(), same);
                assertThat(drifted)
                        .as(d.label() + ": the declared values restated are not drift, " + ex)
                        .isEmpty();
            }
        }
    }

    /** Each IaC source's declaration of the resource the call changed, read by the real reader. */
    static List<Declared> declarations(Example ex, List<ResourceChange> changes) throws IOException {
        List<Declared> out = new ArrayList<>();
        JsonNode tf = ex.declared().get("terraform");
        if (tf != null) {
            JsonNode first = tf.get(0);
            List<String> types = new ArrayList<>();
            if (first.has("types")) {
                first.get("types").forEach(t -> types.add(t.asText()));
            } else {
                types.add(first.get("type").asText());
            }
            for (String type : types) {
                Path iac = folder().resolve("iac");
                Path dir = iac.resolve("terraform/" + ex.cloud().name().toLowerCase(Locale.ROOT) + "/example");
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("terraform.tfstate"), tfState(ex.cloud(), tf, type));
                out.add(met(ex, changes, "terraform", "terraform " + type, iac));
            }
        }
        JsonNode cfn = ex.declared().get("cloudformation");
        if (cfn != null) {
            Path iac = folder().resolve("iac");
            Path dir = iac.resolve("cloudformation/example");
            Files.createDirectories(dir);
            ObjectNode template = Json.MAPPER.createObjectNode();
            template.put("AWSTemplateFormatVersion", "2010-09-09");
            ObjectNode resources = template.putObject("Resources");
            ArrayNode stack = Json.MAPPER.createArrayNode();
            int i = 0;
            for (JsonNode r : cfn) {
                String logical = "Resource" + i++;
                ObjectNode res = resources.putObject(logical);
                res.put("Type", r.get("type").asText());
                res.set("Properties", r.path("properties"));
                ObjectNode sr = stack.addObject();
                sr.put("StackName", "example");
                sr.put("LogicalResourceId", logical);
                sr.put("PhysicalResourceId", r.get("physical_id").asText());
                sr.put("ResourceType", r.get("type").asText());
                sr.put("ResourceStatus", "UPDATE_COMPLETE");
            }
            Files.writeString(dir.resolve("template.json"), Json.MAPPER.writeValueAsString(template));
            ObjectNode described = Json.MAPPER.createObjectNode();
            described.set("StackResources", stack);
            Files.writeString(dir.resolve("resources.json"), Json.MAPPER.writeValueAsString(described));
            out.add(met(
                    ex,
                    changes,
                    "cloudformation",
                    "cloudformation " + cfn.get(0).get("type").asText(),
                    iac));
        }
        JsonNode k8s = ex.declared().get("kubernetes");
        if (k8s != null) {
            Path iac = folder().resolve("iac");
            Path dir = iac.resolve("kubernetes/" + CLUSTER);
            Files.createDirectories(dir);
            StringBuilder yaml = new StringBuilder();
            for (JsonNode m : k8s) {
                yaml.append("---\n").append(Json.MAPPER.writeValueAsString(m)).append('\n');
            }
            Files.writeString(dir.resolve("manifest.yaml"), yaml);
            out.add(met(
                    ex,
                    changes,
                    "kubernetes",
                    "manifest " + k8s.get(0).path("kind").asText(),
                    iac));
        }
        return out;
    }

    private static Path folder() {
        return tmp.resolve("case-" + folders++);
    }

    /** The declared resource the call's changes are keyed to: both sides name the same resource. */
    private static Declared met(Example ex, List<ResourceChange> changes, String source, String label, Path iac) {
        IacFolderReader.Result r = new IacFolderReader().read(iac);
        assertThat(r.problems()).as(label + " reads without problems").isEmpty();
        List<String> declaredIds =
                r.resources().stream().map(DesiredResource::resourceId).toList();
        List<String> changedIds =
                changes.stream().map(ResourceChange::resourceId).toList();
        DesiredResource match = r.resources().stream()
                .filter(d -> changes.stream().anyMatch(c -> c.key().equals(d.key())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(label + " declares " + declaredIds + " but " + ex + " changes "
                        + changedIds + ": the two sides do not meet"));
        return new Declared(source, label, match);
    }

    static String tfState(Cloud cloud, JsonNode resources, String firstType) throws IOException {
        String provider = switch (cloud) {
            case AWS -> "aws";
            case GCP -> "google";
            case AZURE -> "azurerm";
            default -> throw new IllegalArgumentException(cloud.toString());
        };
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.put("version", 4);
        state.put("terraform_version", "1.9.5");
        state.put("serial", 7);
        state.put("lineage", "3f1c2a9e-0000-4000-8000-000000000001");
        state.putObject("outputs");
        ArrayNode list = state.putArray("resources");
        int i = 0;
        for (JsonNode r : resources) {
            ObjectNode res = list.addObject();
            res.put("mode", "managed");
            res.put("type", i == 0 ? firstType : r.get("type").asText());
            res.put("name", "r" + i++);
            res.put("provider", "provider[\"registry.terraform.io/hashicorp/" + provider + "\"]");
            ObjectNode inst = res.putArray("instances").addObject();
            inst.put("schema_version", 0);
            inst.set("attributes", r.get("attributes"));
            inst.putArray("sensitive_attributes");
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(state);
    }

    /** The example's call as the provider logs it, through the real parser. */
    static AuditEvent parse(Example ex, JsonNode request) {
        String source;
        JsonNode record;
        String cluster = null;
        switch (ex.cloud()) {
            case AWS -> {
                source = "aws-cloudtrail";
                record = cloudTrail(ex, request);
            }
            case GCP -> {
                source = "gcp-audit";
                record = gcpEntry(ex, request);
            }
            case AZURE -> {
                source = "azure-activity";
                record = azureRecord(ex, request);
            }
            case KUBERNETES -> {
                source = "k8s-audit";
                record = k8sEvent(ex, request);
                cluster = CLUSTER;
            }
            default -> throw new IllegalArgumentException(ex.cloud().toString());
        }
        List<ParsedRecord> parsed = PARSERS.parse(source, record, cluster);
        assertThat(parsed).as("the parser reads " + ex).isNotEmpty();
        assertThat(parsed.get(0)).as(ex + " parses to an audit event").isInstanceOf(ParsedRecord.Audit.class);
        return ((ParsedRecord.Audit) parsed.get(0)).event();
    }

    static ObjectNode cloudTrail(Example ex, JsonNode request) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("eventVersion", "1.09");
        ObjectNode who = r.putObject("userIdentity");
        who.put("type", "IAMUser");
        who.put("principalId", "AIDAEXAMPLEJANE");
        who.put("arn", "arn:aws:iam::" + ACCOUNT + ":user/jane");
        who.put("accountId", ACCOUNT);
        who.put("userName", "jane");
        r.put("eventTime", "2024-08-01T12:00:00Z");
        r.put("eventSource", ex.service());
        r.put("eventName", ex.operation());
        r.put("awsRegion", "eu-west-1");
        r.put("sourceIPAddress", "203.0.113.7");
        r.put("userAgent", "aws-cli/2.17.20 Python/3.11.9 Linux/6.5 exe/x86_64");
        r.set("requestParameters", request);
        r.set("responseElements", ex.response());
        r.put("requestID", "5e1d1f7c-0000-4000-8000-00000000000a");
        r.put(
                "eventID",
                "5e1d1f7c-0000-4000-8000-"
                        + String.format("%012d", Math.abs(ex.call().hashCode())));
        r.put("readOnly", false);
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", true);
        r.put("recipientAccountId", ACCOUNT);
        r.put("eventCategory", "Management");
        return r;
    }

    static ObjectNode gcpEntry(Example ex, JsonNode request) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        ObjectNode p = e.putObject("protoPayload");
        p.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
        p.putObject("status");
        p.putObject("authenticationInfo").put("principalEmail", "jane@example.com");
        ObjectNode meta = p.putObject("requestMetadata");
        meta.put("callerIp", "203.0.113.7");
        meta.put("callerSuppliedUserAgent", "google-cloud-sdk gcloud/489.0.0");
        p.put("serviceName", ex.service());
        p.put("methodName", ex.operation());
        p.put("resourceName", ex.resource());
        if (request != null) {
            p.set("request", request);
        }
        if (ex.response() != null) {
            p.set("response", ex.response());
        }
        e.put("insertId", "-x1y2z3" + Math.abs(ex.call().hashCode()));
        ObjectNode res = e.putObject("resource");
        res.put("type", "audited_resource");
        res.putObject("labels").put("project_id", PROJECT);
        e.put("timestamp", "2024-08-01T12:00:00.123456Z");
        e.put("severity", "NOTICE");
        e.put("logName", "projects/" + PROJECT + "/logs/cloudaudit.googleapis.com%2Factivity");
        e.put("receiveTimestamp", "2024-08-01T12:00:01.2Z");
        return e;
    }

    static ObjectNode azureRecord(Example ex, JsonNode request) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("time", "2024-08-01T12:00:00.1234567Z");
        r.put("resourceId", ex.resource());
        r.put("operationName", ex.operation());
        r.put("category", "Administrative");
        r.put("resultType", "Success");
        r.put("resultSignature", "Succeeded.OK");
        r.put("durationMs", "812");
        r.put("callerIpAddress", "203.0.113.7");
        r.put(
                "correlationId",
                "7b0a7e8c-0000-4000-8000-"
                        + String.format("%012d", Math.abs(ex.call().hashCode())));
        r.put("identity", "{}");
        r.put("level", "Information");
        ObjectNode props = r.putObject("properties");
        props.put("caller", "jane@example.com");
        props.put("statusCode", "OK");
        props.put("serviceRequestId", "");
        props.put("eventCategory", "Administrative");
        props.put("entity", ex.resource());
        if (request != null) {
            props.put("requestbody", request.toString());
        }
        if (ex.response() != null) {
            props.put("responseBody", ex.response().toString());
        }
        return r;
    }

    static ObjectNode k8sEvent(Example ex, JsonNode request) {
        String[] ref = ex.resource().split("/");
        String[] verb = ex.operation().split("/");
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("kind", "Event");
        e.put("apiVersion", "audit.k8s.io/v1");
        e.put("level", "RequestResponse");
        e.put(
                "auditID",
                "0f6c9a1e-0000-4000-8000-"
                        + String.format("%012d", Math.abs(ex.toString().hashCode())));
        e.put("stage", "ResponseComplete");
        e.put("requestURI", "/apis/" + ex.service() + "/v1/namespaces/" + ref[0] + "/" + ref[1] + "/" + ref[2]);
        e.put("verb", verb[0]);
        ObjectNode user = e.putObject("user");
        user.put("username", "jane@example.com");
        user.putArray("groups").add("system:authenticated");
        e.putArray("sourceIPs").add("203.0.113.7");
        e.put("userAgent", "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505");
        ObjectNode o = e.putObject("objectRef");
        o.put("resource", ref[1]);
        if (!ref[0].isEmpty() && !ref[0].equals("-")) {
            o.put("namespace", ref[0]);
        }
        o.put("name", ref[2]);
        if (!ex.service().equals("core")) {
            o.put("apiGroup", ex.service());
        }
        o.put("apiVersion", "v1");
        if (verb.length > 1) {
            o.put("subresource", verb[1]);
        }
        e.putObject("responseStatus").put("code", 200);
        if (request != null) {
            e.set("requestObject", request);
        }
        if (ex.response() != null) {
            e.set("responseObject", ex.response());
        }
        e.put("requestReceivedTimestamp", "2024-08-01T12:00:00.000000Z");
        e.put("stageTimestamp", "2024-08-01T12:00:00.041234Z");
        e.putObject("annotations").put("authorization.k8s.io/decision", "allow");
        return e;
    }
}
