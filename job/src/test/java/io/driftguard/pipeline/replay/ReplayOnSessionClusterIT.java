package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ReplayFolderWriter;
import io.driftguard.testkit.FlinkSessionCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code driftguard replay --cluster}: a generated input (all providers, their context sources and IaC)
 * replayed at parallelism 2 on a session cluster of separate JVMs (a job manager and two task managers of
 * one slot each, so the two parallel instances of every operator run in different processes and hand
 * records to each other over the network), with the shipped job jar. Its findings file must be the one the
 * replay command writes in its own MiniCluster, byte for byte, and its closing line must count the same.
 * The same holds for the replay submitted with Flink's own client ({@code flink run --detached -c
 * io.driftguard.pipeline.replay.ReplayCommand driftguard-job.jar ...}).
 */
class ReplayOnSessionClusterIT {

    static final Pattern DONE = Pattern.compile(
            "done in [0-9.]+ s: ([0-9,]+) records \\([0-9,]+/s\\), ([0-9,]+) findings, ([0-9,]+) rejected.*?,"
                    + " ([0-9,]+) behind the watermark");

    @TempDir
    static Path dir;

    static FlinkSessionCluster cluster;
    static Run inProcess;
    static Run onCluster;
    static Path viaFlinkRun;
    static String flinkRunJob;
    static String flinkRunState;

    record Run(int exit, String stderr, Path findings) {
        Matcher done() {
            Matcher m = DONE.matcher(stderr);
            assertThat(m.find()).as(stderr).isTrue();
            return m;
        }
    }

    @BeforeAll
    static void replayBothWays() throws Exception {
        Path input = dir.resolve("in");
        ReplayFolderWriter.write(
                input,
                GeneratorOptions.defaults()
                        .withSeed(11)
                        .withScenarios(60)
                        .withTotalEvents(20_000)
                        .withSpan(Duration.ofHours(24)));
        inProcess = replay(input, dir.resolve("local/FINDINGS.jsonl"));

        cluster = new FlinkSessionCluster(dir.resolve("flink"), null, 1);
        cluster.startJobManager();
        cluster.startTaskManager();
        cluster.startTaskManager();
        onCluster = replay(
                input,
                dir.resolve("cluster/FINDINGS.jsonl"),
                "--cluster",
                cluster.restAddress(),
                "--job-jar",
                jar().toString());

        viaFlinkRun = dir.resolve("flink-run/FINDINGS.jsonl");
        flinkRunJob = cluster.submitClass(
                jar(),
                ReplayCommand.class.getName(),
                List.of("--input", input.toString(), "--output", viaFlinkRun.toString(), "--parallelism", "2"));
        flinkRunState = cluster.awaitState(flinkRunJob, "FINISHED", Duration.ofMinutes(5));
    }

    static Path jar() {
        return Path.of(System.getProperty("driftguard.jobJar", "target/driftguard-job.jar"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Run replay(Path input, Path output, String... more) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[6 + more.length];
        System.arraycopy(
                new String[] {"--input", input.toString(), "--output", output.toString(), "--parallelism", "2"},
                0,
                args,
                0,
                6);
        System.arraycopy(more, 0, args, 6, more.length);
        int exit = new CommandLine(new ReplayCommand(new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, err.toString(StandardCharsets.UTF_8), output);
    }

    @Test
    void theClusterWritesTheSameFindingsFileAsTheReplayInOneProcess() throws Exception {
        assertThat(inProcess.exit()).as(inProcess.stderr()).isZero();
        assertThat(onCluster.exit())
                .as(onCluster.stderr() + "\n" + cluster.tail("jobmanager"))
                .isZero();
        List<String> local = Files.readAllLines(inProcess.findings());
        assertThat(local).as("a generated input has drift to find").hasSizeGreaterThan(10);
        assertThat(Files.readAllLines(onCluster.findings())).isEqualTo(local);
        assertThat(Files.readAllLines(Path.of(onCluster.findings() + ".rejected")))
                .isEqualTo(Files.readAllLines(Path.of(inProcess.findings() + ".rejected")));
    }

    @Test
    void flinkRunWritesTheSameFindingsFile() throws Exception {
        assertThat(flinkRunState).as(cluster.tail("jobmanager")).isEqualTo("FINISHED");
        assertThat(Files.readAllLines(viaFlinkRun)).isEqualTo(Files.readAllLines(inProcess.findings()));
        assertThat(Files.readAllLines(Path.of(viaFlinkRun + ".rejected")))
                .isEqualTo(Files.readAllLines(Path.of(inProcess.findings() + ".rejected")));
    }

    @Test
    void theClosingLineCountsTheSame() {
        Matcher local = inProcess.done();
        Matcher remote = onCluster.done();
        assertThat(remote.group(1)).as("records read").isEqualTo(local.group(1)).isNotEqualTo("0");
        assertThat(Long.parseLong(local.group(1).replace(",", ""))).isBetween(20_000L, 20_010L);
        assertThat(remote.group(2)).as("findings").isEqualTo(local.group(2));
        assertThat(remote.group(3)).as("rejected").isEqualTo(local.group(3));
        assertThat(remote.group(4)).as("behind the watermark").isEqualTo(local.group(4));
        assertThat(onCluster.stderr()).contains("on the session cluster " + cluster.restAddress());
    }

    @Test
    void bothJobsRanOnBothTaskManagers() throws Exception {
        JsonNode jobs = cluster.rest("/jobs/overview").path("jobs");
        assertThat(jobs).hasSize(2);
        for (JsonNode job : jobs) {
            assertThat(job.path("state").asText()).isEqualTo("FINISHED");
            ranOnBothTaskManagers(job.path("jid").asText());
        }
    }

    static void ranOnBothTaskManagers(String id) throws Exception {
        int parallel = 0;
        for (JsonNode vertex : cluster.rest("/jobs/" + id).path("vertices")) {
            if (vertex.path("parallelism").asInt() != 2) {
                continue; // the file sinks write with one instance
            }
            Set<String> taskManagers = new HashSet<>();
            cluster.rest("/jobs/" + id + "/vertices/" + vertex.path("id").asText() + "/taskmanagers")
                    .path("taskmanagers")
                    .forEach(t -> taskManagers.add(t.path("taskmanager-id").asText()));
            assertThat(taskManagers).as(vertex.path("name").asText()).hasSize(2);
            parallel++;
        }
        assertThat(parallel).as("operators at parallelism 2 in job " + id).isGreaterThan(3);
    }
}
