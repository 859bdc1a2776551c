package io.driftguard.models.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.models.scenario.cases.Family;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.label.Expect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

class ScenarioGeneratorTest {

    static final GeneratorOptions OPTIONS =
            GeneratorOptions.defaults().withScenarios(90).withSeed(7);

    @TempDir
    static Path tmp;

    static Path folder;
    static List<ReplayFolderShapes.Rec> records;
    static List<JsonNode> labels;

    @BeforeAll
    static void generate() throws IOException {
        folder = tmp.resolve("run");
        ReplayFolderWriter.write(folder, OPTIONS);
        records = ReplayFolderShapes.records(folder);
        labels = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("labels.jsonl"))) {
            labels.add(Json.MAPPER.readTree(line));
        }
    }

    @Test
    void sameSeedGivesByteIdenticalFolderAndAnotherSeedDoesNot() throws Exception {
        Path again = tmp.resolve("again");
        ReplayFolderWriter.write(again, OPTIONS);
        assertThat(hash(again)).isEqualTo(hash(folder));
        Path other = tmp.resolve("other");
        ReplayFolderWriter.write(other, OPTIONS.withSeed(8));
        assertThat(hash(other)).isNotEqualTo(hash(folder));
    }

    @Test
    void everyAuditRecordHasItsProvidersShape() {
        assertThat(records)
                .extracting(ReplayFolderShapes.Rec::source)
                .contains(
                        "aws-cloudtrail",
                        "aws-eventbridge",
                        "gcp-audit",
                        "azure-activity",
                        "k8s-audit",
                        "github",
                        "gitlab",
                        "pagerduty",
                        "jira",
                        "alertmanager");
        for (ReplayFolderShapes.Rec r : records) {
            JsonNode n = r.node();
            switch (r.source()) {
                case "aws-cloudtrail" -> assertCloudTrail(n);
                case "aws-eventbridge" -> {
                    assertThat(n.path("version").asText()).isEqualTo("0");
                    assertThat(n.path("detail-type").asText()).isIn("AWS API Call via CloudTrail", "GuardDuty Finding");
                    if (n.path("detail-type").asText().equals("GuardDuty Finding")) {
                        assertThat(n.path("source").asText()).isEqualTo("aws.guardduty");
                        assertThat(n.path("detail")
                                        .path("resource")
                                        .path("resourceType")
                                        .asText())
                                .isIn("Instance", "S3Bucket", "AccessKey");
                    } else {
                        assertCloudTrail(n.path("detail"));
                        assertThat(n.path("detail").path("readOnly").asBoolean())
                                .isFalse();
                    }
                }
                case "gcp-audit" -> {
                    assertThat(n.path("protoPayload").path("@type").asText())
                            .isEqualTo("type.googleapis.com/google.cloud.audit.AuditLog");
                    assertThat(n.path("insertId").asText()).isNotEmpty();
                    assertThat(n.path("logName").asText())
                            .matches("projects/[a-z0-9-]+/logs/cloudaudit\\.googleapis\\.com%2F(activity|data_access)");
                    assertThat(Instant.parse(n.path("timestamp").asText())).isNotNull();
                    assertThat(n.path("protoPayload").path("methodName").asText())
                            .isNotEmpty();
                    assertThat(n.path("resource")
                                    .path("labels")
                                    .path("project_id")
                                    .asText())
                            .isNotEmpty();
                }
                case "azure-activity" -> {
                    assertThat(n.path("resourceId").asText()).startsWithIgnoringCase("/subscriptions/");
                    assertThat(n.path("resultType").asText()).isIn("Start", "Success", "Failure");
                    assertThat(n.path("correlationId").asText()).hasSize(36);
                    assertThat(n.path("operationName").isTextual()).isTrue();
                    if (n.path("properties").has("requestbody")) {
                        assertThat(n.path("properties").path("requestbody").isTextual())
                                .isTrue();
                    }
                }
                case "k8s-audit" -> {
                    assertThat(n.path("kind").asText()).isEqualTo("Event");
                    assertThat(n.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
                    assertThat(n.path("stage").asText()).isIn("RequestReceived", "ResponseComplete");
                    assertThat(n.path("objectRef").path("resource").asText()).isNotEmpty();
                }
                case "github", "gitlab" -> {
                    assertThat(n.path("event").asText()).isIn("push", "Push Hook");
                    assertThat(n.path("payload").path("commits").isArray()).isTrue();
                }
                case "pagerduty" -> {
                    assertThat(n.path("event").path("event_type").asText()).startsWith("incident.");
                    assertThat(n.path("event").path("data").path("urgency").asText())
                            .isIn("high", "low");
                    assertThat(n.path("event")
                                    .path("data")
                                    .path("service")
                                    .path("id")
                                    .asText())
                            .startsWith("P");
                }
                case "jira" -> {
                    assertThat(n.path("webhookEvent").asText()).startsWith("jira:issue_");
                    assertThat(n.path("timestamp").isIntegralNumber()).isTrue();
                    assertThat(n.path("issue")
                                    .path("fields")
                                    .path("priority")
                                    .path("name")
                                    .asText())
                            .isNotEmpty();
                }
                case "alertmanager" -> {
                    assertThat(n.path("version").asText()).isEqualTo("4");
                    assertThat(n.path("alerts")
                                    .get(0)
                                    .path("labels")
                                    .path("service")
                                    .asText())
                            .isNotEmpty();
                }
                default -> throw new AssertionError("unexpected source " + r.source());
            }
        }
    }

    private static void assertCloudTrail(JsonNode n) {
        assertThat(n.path("eventVersion").asText()).isEqualTo("1.09");
        assertThat(n.path("eventID").asText()).hasSize(36);
        assertThat(n.path("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(n.path("userIdentity").path("type").asText()).isIn("AssumedRole", "IAMUser");
        assertThat(n.path("eventSource").asText()).endsWith(".amazonaws.com");
        assertThat(n.path("readOnly").isBoolean()).isTrue();
    }

    @Test
    void multiPartOperationsShareTheirKeys() {
        Map<String, List<String>> azure = new HashMap<>();
        Map<String, List<Boolean>> gcpOps = new HashMap<>();
        Map<String, List<String>> k8s = new HashMap<>();
        for (ReplayFolderShapes.Rec r : records) {
            switch (r.source()) {
                case "azure-activity" ->
                    azure.computeIfAbsent(r.node().path("correlationId").asText(), k -> new ArrayList<>())
                            .add(r.node().path("resultType").asText());
                case "gcp-audit" -> {
                    if (r.node().has("operation")) {
                        gcpOps.computeIfAbsent(
                                        r.node().path("operation").path("id").asText(), k -> new ArrayList<>())
                                .add(r.node().path("operation").path("first").asBoolean());
                    }
                }
                case "k8s-audit" -> {
                    if (!List.of("get", "list", "watch")
                            .contains(r.node().path("verb").asText())) {
                        k8s.computeIfAbsent(r.node().path("auditID").asText(), k -> new ArrayList<>())
                                .add(r.node().path("stage").asText());
                    }
                }
                default -> {}
            }
        }
        assertThat(azure.values())
                .filteredOn(v -> v.contains("Start"))
                .allSatisfy(v -> assertThat(v).hasSize(2).containsAnyOf("Success", "Failure"));
        assertThat(gcpOps.values()).isNotEmpty().allSatisfy(v -> assertThat(v).containsExactlyInAnyOrder(true, false));
        assertThat(k8s.values())
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).containsExactlyInAnyOrder("RequestReceived", "ResponseComplete"));
    }

    @Test
    void iacFilesParseAsTheirFormats() throws IOException {
        List<Path> files;
        try (var s = Files.walk(folder.resolve("iac"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Set<String> kinds = new TreeSet<>();
        Set<String> tfTypes = new TreeSet<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("terraform.tfstate")) {
                JsonNode s = Json.MAPPER.readTree(f.toFile());
                assertThat(s.path("version").asInt()).isEqualTo(4);
                assertThat(s.path("lineage").asText()).hasSize(36);
                for (JsonNode r : s.path("resources")) {
                    assertThat(r.path("mode").asText()).isEqualTo("managed");
                    assertThat(r.path("provider").asText()).startsWith("provider[\"registry.terraform.io/hashicorp/");
                    assertThat(r.path("instances")
                                    .get(0)
                                    .path("attributes")
                                    .path("id")
                                    .asText())
                            .isNotEmpty();
                    tfTypes.add(r.path("type").asText());
                }
            } else if (name.equals("template.yaml")) {
                Map<String, Object> t = cfnYaml().load(Files.readString(f));
                assertThat(t).containsKeys("AWSTemplateFormatVersion", "Resources");
                assertThat(Files.readString(f)).contains("!Ref", "!Sub");
            } else if (name.equals("resources.json")) {
                JsonNode r = Json.MAPPER.readTree(f.toFile());
                assertThat(r.path("StackResources")
                                .get(0)
                                .path("PhysicalResourceId")
                                .asText())
                        .isNotEmpty();
            } else if (name.equals("parameters.json")) {
                assertThat(Json.MAPPER
                                .readTree(f.toFile())
                                .path("Stacks")
                                .get(0)
                                .path("Parameters")
                                .isArray())
                        .isTrue();
            } else if (name.endsWith(".yaml")) {
                for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(f))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) doc;
                    assertThat(m).containsKeys("apiVersion", "kind", "metadata");
                    kinds.add((String) m.get("kind"));
                }
            } else {
                throw new AssertionError("unexpected IaC file " + f);
            }
        }
        assertThat(kinds).contains("Deployment", "ConfigMap", "NetworkPolicy", "Service");
        assertThat(tfTypes)
                .contains(
                        "aws_security_group",
                        "aws_instance",
                        "aws_s3_bucket",
                        "aws_s3_bucket_public_access_block",
                        "aws_s3_bucket_versioning",
                        "aws_db_instance",
                        "aws_lambda_function",
                        "aws_iam_role",
                        "aws_iam_role_policy_attachment",
                        "aws_autoscaling_group",
                        "aws_cloudtrail",
                        "google_compute_firewall",
                        "google_compute_instance",
                        "google_storage_bucket",
                        "google_storage_bucket_iam_member",
                        "google_sql_database_instance",
                        "azurerm_network_security_group",
                        "azurerm_linux_virtual_machine",
                        "azurerm_linux_virtual_machine_scale_set",
                        "azurerm_storage_account",
                        "azurerm_mssql_firewall_rule",
                        "azurerm_key_vault");
        Map<String, Object> config = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(folder.resolve("config.yaml")));
        assertThat(config)
                .containsOnlyKeys(
                        "deploy_identities",
                        "security_principals",
                        "automation_principals",
                        "ignore_rules",
                        "services");
    }

    private static Yaml cfnYaml() {
        SafeConstructor c = new SafeConstructor(new LoaderOptions()) {
            {
                for (String tag : List.of("!Ref", "!Sub", "!GetAtt")) {
                    this.yamlConstructors.put(new Tag(tag), new AbstractConstruct() {
                        @Override
                        public Object construct(Node node) {
                            return Map.of(tag, ((ScalarNode) node).getValue());
                        }
                    });
                }
            }
        };
        return new Yaml(c);
    }

    @Test
    void everyLabelledEventExistsAndDriftEventsAreSuccessfulWrites() {
        Map<String, ReplayFolderShapes.Rec> byId = new HashMap<>();
        for (ReplayFolderShapes.Rec r : records) {
            String id = ReplayFolderShapes.auditId(r);
            if (id != null) {
                byId.merge(id, r, (a, b) -> a.node().path("stage").asText().equals("ResponseComplete") ? a : b);
            }
        }
        for (JsonNode l : labels) {
            assertThat(l.path("event_ids")).as(l.path("case_id").asText()).isNotEmpty();
            boolean anySuccess = false;
            boolean anyFailure = false;
            for (JsonNode id : l.path("event_ids")) {
                ReplayFolderShapes.Rec r = byId.get(id.asText());
                assertThat(r)
                        .as("event %s of %s", id.asText(), l.path("case_id").asText())
                        .isNotNull();
                boolean failed = failed(r);
                anyFailure |= failed;
                anySuccess |= !failed;
            }
            if (l.path("expect").asText().equals(Expect.DRIFT.id())) {
                assertThat(anySuccess).as(l.path("case_id").asText()).isTrue();
                assertThat(l.path("cause").asText()).isIn(Term.ids(Cause.class));
            }
            if (l.path("family").asText().equals("failed_call")) {
                assertThat(anyFailure).as(l.path("case_id").asText()).isTrue();
            }
        }
    }

    private static boolean failed(ReplayFolderShapes.Rec r) {
        JsonNode n = r.source().equals("aws-eventbridge") ? r.node().path("detail") : r.node();
        return switch (r.source()) {
            case "aws-cloudtrail", "aws-eventbridge" -> n.has("errorCode");
            case "gcp-audit" ->
                n.path("protoPayload").path("status").path("code").asInt(0) != 0;
            case "azure-activity" -> n.path("resultType").asText().equals("Failure");
            case "k8s-audit" -> n.path("responseStatus").path("code").asInt(200) >= 400;
            default -> false;
        };
    }

    @Test
    void labelsCoverEveryCatalogRowCauseAndNotDriftFamily() {
        Set<String> driftRows = new HashSet<>();
        Set<String> cfnRows = new HashSet<>();
        Set<String> causes = new HashSet<>();
        Set<String> families = new HashSet<>();
        Set<String> variants = new HashSet<>();
        Set<String> clouds = new HashSet<>();
        for (JsonNode l : labels) {
            families.add(l.path("family").asText());
            if (l.path("expect").asText().equals(Expect.DRIFT.id())) {
                driftRows.add(l.path("catalog_row").asText());
                causes.add(l.path("cause").asText());
                variants.add(l.path("variant").asText());
                clouds.add(l.path("cloud").asText());
                if (l.path("iac_source").asText().equals("cloudformation")) {
                    cfnRows.add(l.path("catalog_row").asText());
                }
                if (FindingStatus.of(l.path("status").asText()) == FindingStatus.RESOLVED) {
                    assertThat(Resolution.of(l.path("resolution").asText())).isNotNull();
                } else {
                    assertThat(l.has("resolution"))
                            .as("an open episode has no resolution")
                            .isFalse();
                }
            }
        }
        for (CatalogRow row : CatalogRow.values()) {
            assertThat(driftRows).as("drift case for %s", row).contains(row.id());
            if (row.cloudFormation()) {
                assertThat(cfnRows).as("CloudFormation drift case for %s", row).contains(row.id());
            }
        }
        assertThat(causes).containsExactlyInAnyOrderElementsOf(Term.ids(Cause.class));
        for (Family f : Family.NOT_DRIFT) {
            assertThat(families).contains(f.id());
        }
        assertThat(variants).contains("single", "multi_change", "reverted", "codified");
        assertThat(clouds).containsExactlyInAnyOrder("aws", "gcp", "azure", "kubernetes");
    }

    @Test
    void labelsFollowTheDefaultPolicy() {
        for (JsonNode l : labels) {
            if (!l.path("expect").asText().equals(Expect.DRIFT.id())) {
                continue;
            }
            Cause cause = Cause.of(l.path("cause").asText());
            Severity severity = Severity.of(l.path("severity").asText());
            Recommendation rec = Recommendation.of(l.path("recommendation").asText());
            Severity highest = Severity.LOW;
            for (JsonNode e : l.path("severity_breakdown")) {
                highest = Severity.max(highest, Severity.of(e.path("level").asText()));
            }
            assertThat(severity).isEqualTo(highest);
            switch (cause) {
                case CONFIGURATION_ERROR ->
                    assertThat(rec)
                            .isEqualTo(
                                    severity == Severity.HIGH
                                            ? Recommendation.AUTO_REVERT
                                            : Recommendation.ESCALATE_FOR_REVIEW);
                case SECURITY_RESPONSE -> assertThat(rec).isEqualTo(Recommendation.CODIFY_INTO_IAC);
                case AUTOMATED_RESPONSE -> assertThat(rec).isEqualTo(Recommendation.ACCEPT_AS_EXCEPTION);
                default ->
                    assertThat(rec)
                            .isIn(
                                    Recommendation.AUTO_REVERT,
                                    Recommendation.ESCALATE_FOR_REVIEW,
                                    Recommendation.CODIFY_INTO_IAC);
            }
        }
    }

    @Test
    void eachJiraKeyNamesOneIssueInTheDataSet() {
        Map<String, Set<String>> issuesByKey = new TreeMap<>();
        for (ReplayFolderShapes.Rec r : records) {
            if (r.source().equals("jira")) {
                JsonNode issue = r.node().path("issue");
                issuesByKey
                        .computeIfAbsent(issue.path("key").asText(), k -> new TreeSet<>())
                        .add(issue.path("id").asText() + " "
                                + issue.path("fields").path("summary").asText());
            }
        }
        assertThat(issuesByKey).isNotEmpty();
        assertThat(issuesByKey)
                .allSatisfy((key, issues) -> assertThat(issues).as(key).hasSize(1));
    }

    @Test
    void backgroundIsMostOfTheTraffic() {
        long audit = records.stream()
                .filter(r -> ReplayFolderShapes.auditId(r) != null)
                .count();
        Set<String> labelled = new HashSet<>();
        labels.forEach(l -> l.path("event_ids").forEach(e -> labelled.add(e.asText())));
        long reads = records.stream()
                .filter(r -> r.source().equals("aws-cloudtrail")
                        && r.node().path("readOnly").asBoolean())
                .count();
        assertThat(reads)
                .isGreaterThan(records.stream()
                                .filter(r -> r.source().equals("aws-cloudtrail"))
                                .count()
                        / 2);
        assertThat(labelled.size()).isLessThan((int) (audit * 0.4));
    }

    @Test
    void throughputModeWritesTheRequestedNumberOfRecords() throws IOException {
        Path big = tmp.resolve("big");
        ReplayFolderWriter.Summary s = ReplayFolderWriter.write(
                big,
                GeneratorOptions.defaults()
                        .withScenarios(70)
                        .withTotalEvents(20_000)
                        .withSpan(Duration.ofHours(24)));
        long total = s.recordsPerSource().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(total).isBetween(20_000L, 20_010L);
        assertThat(ReplayFolderShapes.records(big)).hasSize((int) total);
    }

    @Test
    void streamIsInEventTimeOrderFromNow() {
        Instant now = Instant.parse("2026-01-15T10:00:00Z");
        ScenarioStream stream = ScenarioStream.open(GeneratorOptions.defaults().withScenarios(70), now);
        assertThat(stream.iacFiles()).containsKey("config.yaml");
        Instant previous = now;
        int n = 0;
        while (stream.hasNext()) {
            ScenarioStream.StreamRecord r = stream.next();
            assertThat(r.eventTime()).isAfterOrEqualTo(previous);
            previous = r.eventTime();
            n++;
        }
        assertThat(n).isGreaterThan(1000);
        assertThat(previous).isBefore(now.plus(Duration.ofHours(49)));
    }

    private static String hash(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (var s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            md.update(root.relativize(f).toString().getBytes());
            md.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
