package io.driftguard.pipeline.replay;

import static io.driftguard.pipeline.replay.ReplayFixtures.ACCOUNT;
import static io.driftguard.pipeline.replay.ReplayFixtures.INSTANCE;
import static io.driftguard.pipeline.replay.ReplayFixtures.SG;
import static io.driftguard.pipeline.replay.ReplayFixtures.cloudTrailFile;
import static io.driftguard.pipeline.replay.ReplayFixtures.ingress;
import static io.driftguard.pipeline.replay.ReplayFixtures.instanceType;
import static io.driftguard.pipeline.replay.ReplayFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The replay command end to end: a folder in the providers' formats in, docs/design/replay-contract.md's findings and
 * rejected files out, through the real job in a MiniCluster, checked against the output contract.
 */
class ReplayCommandIT {

    static final String CONSOLE = "console.ec2.amazonaws.com";
    static final String TERRAFORM =
            "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.62.0";

    @TempDir
    static Path dir;

    static Path input;
    static Path output;
    static int exit;
    static String stderr;

    @BeforeAll
    static void replay() throws Exception {
        input = dir.resolve("in");
        output = dir.resolve("out/FINDINGS.jsonl");
        Files.createDirectories(output.getParent());
        ReplayFixtures.terraformState(input);
        cloudTrailFile(
                input,
                ACCOUNT + "_CloudTrail_eu-west-1_20260301T1000Z_a1.json.gz",
                record(
                        "read-1",
                        "2026-03-01T09:58:00Z",
                        "DescribeSecurityGroups",
                        CONSOLE,
                        "{\"groupIds\": [\"" + SG + "\"]}",
                        null),
                record("open-22", "2026-03-01T10:00:00Z", "AuthorizeSecurityGroupIngress", CONSOLE, ingress(22), null),
                record(
                        "noop-443",
                        "2026-03-01T10:01:00Z",
                        "AuthorizeSecurityGroupIngress",
                        CONSOLE,
                        ingress(443),
                        null),
                record(
                        "denied",
                        "2026-03-01T10:02:00Z",
                        "ModifyInstanceAttribute",
                        CONSOLE,
                        instanceType("t3.2xlarge"),
                        "Client.UnauthorizedOperation"));
        // the revert sits in a later file, before the opening change's file in name order: the stream
        // is out of order, by less than the 15-minute bound (more would make the result depend on
        // when a periodic watermark falls between the two files)
        cloudTrailFile(
                input,
                ACCOUNT + "_CloudTrail_eu-west-1_20260301T0950Z_b2.json.gz",
                record("revert-22", "2026-03-01T10:10:00Z", "RevokeSecurityGroupIngress", CONSOLE, ingress(22), null),
                record(
                        "resize",
                        "2026-03-01T10:11:00Z",
                        "ModifyInstanceAttribute",
                        "aws-cli/2.15.30",
                        instanceType("t3.xlarge"),
                        null),
                record(
                        "tf-8080",
                        "2026-03-01T10:12:00Z",
                        "AuthorizeSecurityGroupIngress",
                        TERRAFORM,
                        ingress(8080),
                        null));
        ReplayFixtures.write(input.resolve("events/aws-cloudtrail/broken.json"), "{\"Records\": [{\"eventID\": \"x\",");
        Path trail = input.resolve("events/aws-cloudtrail/" + ACCOUNT + "/eu-west-1/2026/03/01/cut.json.gz");
        Files.write(
                trail,
                ReplayFixtures.truncated(ReplayFixtures.gzip(("{\"Records\": ["
                                + record(
                                        "cut-1",
                                        "2026-03-01T11:00:00Z",
                                        "AuthorizeSecurityGroupIngress",
                                        CONSOLE,
                                        ingress(5432),
                                        null)
                                + "]}")
                        .getBytes(StandardCharsets.UTF_8))));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        exit = new CommandLine(new ReplayCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--input", input.toString(), "--output", output.toString());
        stderr = err.toString(StandardCharsets.UTF_8);
    }

    static List<JsonNode> findings() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void finishesWithStatusZeroAndASummary() throws Exception {
        assertThat(exit).as(stderr).isZero();
        long rejected = Files.readAllLines(Path.of(output + ".rejected")).size();
        Matcher done = Pattern.compile("done in .* s: (\\d+) records .*, (\\d+) findings, (\\d+) rejected")
                .matcher(stderr);
        assertThat(done.find()).as(stderr).isTrue();
        assertThat(Long.parseLong(done.group(1)))
                .as("records read: the seven calls at least (an unreadable file is a record too)")
                .isGreaterThanOrEqualTo(7);
        assertThat(Long.parseLong(done.group(2)))
                .as("findings written")
                .isEqualTo(findings().size());
        assertThat(Long.parseLong(done.group(3))).as("rejected lines written").isEqualTo(rejected);
        assertThat(stderr).contains(", 0 behind the watermark");
    }

    @Test
    void anOpenedAndRevertedIngressRuleIsOneResolvedEpisode() throws Exception {
        assertThat(findings())
                .filteredOn(f -> f.path("resource_id").asText().equals(SG))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.path("kind").asText()).isEqualTo("drift");
                    assertThat(f.path("status").asText()).isEqualTo("resolved");
                    assertThat(f.path("resolution").asText()).isEqualTo("reverted");
                    assertThat(f.path("source_events").toString()).isEqualTo("[\"open-22\",\"revert-22\"]");
                    assertThat(f.path("resource_type").asText()).isEqualTo("aws_security_group");
                    assertThat(f.path("iac").path("address").asText()).isEqualTo("aws_security_group.web");
                    assertThat(f.path("actor").path("type").asText()).isEqualTo("human");
                    assertThat(f.path("first_event_time").asText()).isEqualTo("2026-03-01T10:00:00Z");
                    assertThat(f.path("severity").asText())
                            .as("port 22 open to the world")
                            .isEqualTo("high");
                    assertThat(f.path("correlations").toString())
                            .as("the console read a minute before")
                            .contains("read_activity");
                    assertThat(f.path("cause_scores").size()).isEqualTo(5);
                    assertThat(f.path("remediation").path("revert_command").asText())
                            .contains("revoke-security-group-ingress");
                    assertThat(f.path("narrative").path("summary").asText()).contains(SG);
                });
    }

    @Test
    void aResizedInstanceIsAnOpenEpisodeAndTheDeniedCallIsNot() throws Exception {
        assertThat(findings())
                .filteredOn(f -> f.path("resource_id").asText().equals(INSTANCE))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.path("status").asText()).isEqualTo("open");
                    assertThat(f.path("source_events").toString()).isEqualTo("[\"resize\"]");
                    assertThat(f.path("changes").toString())
                            .contains("t3.medium")
                            .contains("t3.xlarge");
                });
    }

    @Test
    void readsNoOpsAndDeploymentsAreNotDrift() throws Exception {
        for (JsonNode f : findings()) {
            assertThat(f.path("source_events").toString()).doesNotContain("read-1", "noop-443", "tf-8080", "denied");
        }
        assertThat(findings()).hasSize(2);
    }

    @Test
    void badFilesAreRejectedWithReasonsAndTheRunGoesOn() throws Exception {
        List<String> rejected = Files.readAllLines(Path.of(output + ".rejected"));
        assertThat(rejected)
                .anySatisfy(l -> assertThat(l).contains("broken.json").contains("malformed JSON"));
        assertThat(rejected)
                .anySatisfy(l -> assertThat(l).contains("cut.json.gz").contains("gzip"));
        for (String line : rejected) {
            JsonNode n = Json.MAPPER.readTree(line);
            assertThat(n.path("file").asText()).isNotEmpty();
            assertThat(n.path("reason").asText()).isNotEmpty();
        }
    }

    @Test
    void theOutputKeepsTheReplayContract() throws Exception {
        FindingsContract.Report report = FindingsContract.check(output, FindingsContract.Stage.FULL);
        assertThat(report.passes()).as(report.toString()).isTrue();
        assertThat(report.drift()).isEqualTo(2);
    }

    @Test
    void theSameInputGivesTheSameFindingIds() throws Exception {
        Path again = dir.resolve("again/FINDINGS.jsonl");
        int code = new CommandLine(
                        new ReplayCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .execute("--input", input.toString(), "--output", again.toString());
        assertThat(code).isZero();
        assertThat(ids(again)).isEqualTo(ids(output)).hasSize(2);
    }

    static Map<String, String> ids(Path findings) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(findings)) {
            JsonNode f = Json.MAPPER.readTree(line);
            out.put(f.path("finding_id").asText(), f.path("source_events").toString());
        }
        return out;
    }

    @Test
    void unusableArgumentsExitWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ReplayCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--input", dir.resolve("missing").toString(), "--output", output.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a folder");
    }
}
