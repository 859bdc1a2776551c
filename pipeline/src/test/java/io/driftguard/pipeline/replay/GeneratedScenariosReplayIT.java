package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.models.eval.QualityReport;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ReplayFolderWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Replay over every provider and IaC source at once: a labelled folder from the scenario generator
 * (native CloudTrail, EventBridge, GCP, Azure, Kubernetes audit, Git, PagerDuty, Jira, Alertmanager
 * records; Terraform, CloudFormation and manifests), through the real job, scored by the evaluator
 * exactly as docs/design/replay-contract.md counts. The seed is one training never used (training uses 1–10).
 */
class GeneratedScenariosReplayIT {

    @TempDir
    static Path dir;

    static QualityReport report;
    static FindingsContract.Report contract;
    static String stderr;

    @BeforeAll
    static void replay() throws Exception {
        Path input = dir.resolve("in");
        ReplayFolderWriter.write(
                input, GeneratorOptions.defaults().withSeed(4242).withScenarios(120));
        Path output = dir.resolve("out/FINDINGS.jsonl");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new ReplayCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--input", input.toString(), "--output", output.toString());
        stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr).isZero();
        assertThat(Files.readAllLines(Path.of(output + ".rejected")))
                .as("the generator writes valid records")
                .isEmpty();
        report = QualityReport.compute(input.resolve("labels.jsonl"), output);
        contract = FindingsContract.check(output, FindingsContract.Stage.FULL);
    }

    @Test
    void everyFindingOfEveryCloudKeepsTheReplayContract() {
        assertThat(contract.passes()).as(contract.toString()).isTrue();
        assertThat(contract.drift()).isPositive();
    }

    @Test
    void everyCloudsDriftIsFoundWithTheProductsBar() {
        assertThat(report.recall()).as(report.render()).isGreaterThanOrEqualTo(0.95);
        assertThat(report.falsePositiveRate()).as(report.render()).isLessThan(0.05);
        assertThat(report.notDriftFalsePositiveRate()).as(report.render()).isLessThan(0.05);
        assertThat(report.recallByCloud().keySet()).containsExactlyInAnyOrder("aws", "gcp", "azure", "kubernetes");
        report.recallByCloud()
                .forEach((cloud, r) ->
                        assertThat(r.value()).as(cloud + "\n" + report.render()).isGreaterThanOrEqualTo(0.9));
    }

    @Test
    void causesMeetTheProductsBar() {
        assertThat(report.causeMacroPrecision()).as(report.render()).isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void severityAndRecommendationFollowTheDefaultPolicy() {
        assertThat(report.severityAgreement()).as(report.render()).isGreaterThanOrEqualTo(0.85);
        assertThat(report.recommendationAgreement()).as(report.render()).isGreaterThanOrEqualTo(0.85);
    }
}
