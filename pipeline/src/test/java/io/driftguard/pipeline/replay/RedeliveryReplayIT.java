package io.driftguard.pipeline.replay;

import static io.driftguard.pipeline.replay.ReplayFixtures.ACCOUNT;
import static io.driftguard.pipeline.replay.ReplayFixtures.cloudTrailFile;
import static io.driftguard.pipeline.replay.ReplayFixtures.ingress;
import static io.driftguard.pipeline.replay.ReplayFixtures.instanceType;
import static io.driftguard.pipeline.replay.ReplayFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ReplayFolderWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a connector crash between Kafka's acknowledgement and the upstream delete does downstream: the
 * whole upstream message (a CloudTrail log file) arrives again, every record of it a second time. The
 * job counts each event once: the findings, their versions, statuses, changes and source events are
 * those of a run where every file arrived once.
 */
class RedeliveryReplayIT {

    static final String CONSOLE = "console.ec2.amazonaws.com";

    @TempDir
    Path dir;

    @Test
    void aRedeliveredLogFileChangesNoFinding() throws Exception {
        Path once = dir.resolve("once");
        Path twice = dir.resolve("twice");
        for (Path root : new Path[] {once, twice}) {
            ReplayFixtures.terraformState(root);
            int copies = root == twice ? 2 : 1;
            for (int copy = 0; copy < copies; copy++) {
                cloudTrailFile(
                        root,
                        ACCOUNT + "_CloudTrail_eu-west-1_20260301T1000Z_a" + copy + ".json.gz",
                        record(
                                "open-22",
                                "2026-03-01T10:00:00Z",
                                "AuthorizeSecurityGroupIngress",
                                CONSOLE,
                                ingress(22),
                                null),
                        record(
                                "open-3389",
                                "2026-03-01T10:05:00Z",
                                "AuthorizeSecurityGroupIngress",
                                CONSOLE,
                                ingress(3389),
                                null),
                        record(
                                "resize",
                                "2026-03-01T10:10:00Z",
                                "ModifyInstanceAttribute",
                                CONSOLE,
                                instanceType("t3.2xlarge"),
                                null));
                cloudTrailFile(
                        root,
                        ACCOUNT + "_CloudTrail_eu-west-1_20260301T1020Z_b" + copy + ".json.gz",
                        record(
                                "revert-22",
                                "2026-03-01T10:20:00Z",
                                "RevokeSecurityGroupIngress",
                                CONSOLE,
                                ingress(22),
                                null));
            }
        }
        Map<String, String> expected = replay(once);
        Map<String, String> redelivered = replay(twice);
        assertThat(expected).as("the undisturbed run finds drift").isNotEmpty();
        assertThat(redelivered).isEqualTo(expected);
    }

    /**
     * Every connector's redelivery at once, over a generated world of all four providers and the
     * context sources: Pub/Sub and the webhooks redeliver single records (each JSON Lines record
     * arrives a second time three records later: an ack deadline passed, a sender retried after a
     * lost answer); SQS redelivers a whole CloudTrail log file and Event Hubs a whole batch (the
     * consumer restarts from its last checkpoint). The findings, with their correlations, are those
     * of one delivery.
     */
    @Test
    void everyConnectorsRedeliveryIsCountedOnce() throws Exception {
        Path once = dir.resolve("world-once");
        ReplayFolderWriter.write(
                once, GeneratorOptions.defaults().withSeed(77).withScenarios(60).withSpan(Duration.ofHours(12)));
        Path twice = dir.resolve("world-twice");
        Map<String, Integer> redelivered = new TreeMap<>();
        try (Stream<Path> files = Files.walk(once)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = twice.resolve(once.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                String name = file.getFileName().toString();
                boolean event = once.relativize(file).startsWith("events");
                if (event && name.endsWith(".jsonl")) {
                    List<String> lines = Files.readAllLines(file);
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < lines.size() + 3; i++) {
                        if (i < lines.size()) {
                            out.add(lines.get(i));
                        }
                        if (i >= 3) {
                            out.add(lines.get(i - 3));
                        }
                    }
                    Files.write(copy, out);
                    redelivered.merge(once.relativize(file).getName(1).toString(), lines.size(), Integer::sum);
                } else if (event) {
                    // The whole file or batch again, beside the first delivery.
                    Files.copy(file, copy);
                    String dup = name.replaceFirst("\\.json(\\.gz)?$", "-redelivered$0");
                    Files.copy(file, copy.resolveSibling(dup));
                    redelivered.merge(once.relativize(file).getName(1).toString(), 1, Integer::sum);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        assertThat(redelivered)
                .as("redelivered records (JSON Lines) and files per source")
                .containsKeys("aws-cloudtrail", "gcp-audit", "azure-activity", "github", "pagerduty", "jira");
        Map<String, String> expected = replay(once);
        Map<String, String> again = replay(twice);
        assertThat(expected).as("the undisturbed run finds drift").hasSizeGreaterThan(20);
        assertThat(expected.values())
                .as("findings with correlations to compare")
                .anyMatch(v -> v.contains("\"kind\":\"incident\""))
                .anyMatch(v -> v.contains("\"kind\":\"commit\""));
        assertThat(again).isEqualTo(expected);
    }

    /** finding id → what a reader of the findings compares: version, status, changes, source events. */
    private Map<String, String> replay(Path input) throws Exception {
        Path output = dir.resolve(input.getFileName() + "-out/FINDINGS.jsonl");
        Files.createDirectories(output.getParent());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ReplayCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--input", input.toString(), "--output", output.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(output)) {
            JsonNode f = Json.MAPPER.readTree(line);
            out.put(
                    f.path("finding_id").asText(),
                    "v" + f.path("version").asText() + " " + f.path("status").asText() + " " + f.path("changes") + " "
                            + f.path("source_events") + " " + f.path("correlations") + " " + f.path("cause") + " "
                            + f.path("severity") + " " + f.path("recommendation"));
        }
        return out;
    }
}
