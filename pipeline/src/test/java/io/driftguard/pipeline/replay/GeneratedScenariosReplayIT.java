package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.models.eval.ConfidenceQuality;
import io.driftguard.models.eval.QualityReport;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ReplayFolderWriter;
import io.driftguard.models.scenario.world.WorldShape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Replay over every provider and IaC source at once: a labelled folder from the scenario generator
 * (native CloudTrail, EventBridge, GCP, Azure, Kubernetes audit, Git, PagerDuty, Jira, Alertmanager
 * records; Terraform, CloudFormation and manifests), through the real job, scored by the evaluator
 * exactly as docs/design/replay-contract.md counts.
 *
 * <p>The quality gate scores a world the shipped model never saw: another organisation (the
 * generator's {@code enterprise} world: 60 engineers, 48 services and more, office hours, busy
 * context) and a seed outside those its metadata records it was trained, calibrated and tested on
 * (the gate fails, before anything else, if the shipped model saw either), denser than training's
 * data sets (160 cases in 24 hours rather than 150 in 48, all in office hours).
 */
class GeneratedScenariosReplayIT {

    /** The generator seed of the tested world; never one the shipped model's training recorded. */
    static final long SEED = 4242;

    /** The organisation of the tested world; never one the shipped model was trained or calibrated on. */
    static final WorldShape WORLD = WorldShape.ENTERPRISE;

    @TempDir
    static Path dir;

    static QualityReport report;
    static FindingsContract.Report contract;
    static String stderr;

    @BeforeAll
    static void replay() throws Exception {
        theShippedModelNeverSawTheTestedWorld();
        Path input = dir.resolve("in");
        ReplayFolderWriter.write(
                input,
                GeneratorOptions.defaults()
                        .withSeed(SEED)
                        .withWorld(WORLD)
                        .withScenarios(160)
                        .withSpan(Duration.ofHours(24)));
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

    static void theShippedModelNeverSawTheTestedWorld() {
        try (CauseModel shipped = CauseModel.fromClasspath(new CauseFeatures())) {
            Set<Long> seeds = shipped.metadata().trainingSeeds();
            assertThat(seeds)
                    .as(
                            "the shipped model records the seeds it was trained on (%s)",
                            shipped.metadata().trainedOn())
                    .isNotEmpty();
            assertThat(seeds)
                    .as("the quality gate must score a world the shipped model never saw")
                    .doesNotContain(SEED);
            assertThat(shipped.metadata().trainingWorlds())
                    .as(
                            "the quality gate must score an organisation the shipped model was not trained or calibrated on")
                    .isNotEmpty()
                    .doesNotContain(WORLD.name());
        }
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
        assertThat(report.duplicates()).as(report.render()).isZero();
    }

    @Test
    void episodesEndAsLabelled() {
        assertThat(report.resolutionAgreement()).as(report.render()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void causeConfidenceIsCalibratedAndSeparatesRightFromWrong() {
        ConfidenceQuality c = report.causeConfidence();
        assertThat(c.ece()).as(report.render()).isLessThanOrEqualTo(0.05);
        if (!Double.isNaN(c.meanConfidenceWrong())) {
            assertThat(c.meanConfidenceWrong()).as(report.render()).isLessThan(c.meanConfidenceRight());
        }
        assertThat(report.recommendationConfidence().bins())
                .as("no recommendation is certain by construction")
                .allSatisfy(b -> assertThat(b.meanConfidence()).isLessThan(1.0));
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
