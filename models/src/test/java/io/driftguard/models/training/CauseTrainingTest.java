package io.driftguard.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.context.ContextFact.Relation;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.testing.Episodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CauseTrainingTest {

    private static List<LabelledContexts.Example> data(int perSeed) {
        List<LabelledContexts.Example> out = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            out.addAll(TaxonomySampler.sample(s * 31L, perSeed, "seed-" + s));
        }
        return out;
    }

    @Test
    void retrainingOnTheSameDataGivesByteIdenticalFiles() {
        XgboostTrainer.Params p = new XgboostTrainer.Params(15, 4, 0.3, 1, 1, 42);
        CauseTraining.Result a = CauseTraining.train(data(120), Set.of("seed-3"), Set.of("seed-4"), p, "same");
        CauseTraining.Result b = CauseTraining.train(data(120), Set.of("seed-3"), Set.of("seed-4"), p, "same");
        assertThat(a.onnx()).isEqualTo(b.onnx());
        assertThat(a.sidecarJson()).isEqualTo(b.sidecarJson());
        // The comparison can fail: one more row per seed gives a different model.
        CauseTraining.Result c = CauseTraining.train(data(121), Set.of("seed-3"), Set.of("seed-4"), p, "same");
        assertThat(c.onnx()).isNotEqualTo(a.onnx());
    }

    @Test
    void theCommandWritesModelSidecarAndCardReproducibly(@TempDir Path dir) throws Exception {
        String[] args = {
            "--scenarios-seeds",
            "1..4",
            "--synthetic-per-seed",
            "80",
            "--data",
            dir.resolve("none").toString(),
            "--output",
            dir.resolve("a").toString(),
            "--model-card",
            dir.resolve("a/MODEL_CARD.md").toString()
        };
        assertThat(new picocli.CommandLine(new TrainCommand()).execute(args)).isZero();
        args[7] = dir.resolve("b").toString();
        args[9] = dir.resolve("b/MODEL_CARD.md").toString();
        assertThat(new picocli.CommandLine(new TrainCommand()).execute(args)).isZero();
        for (String f : List.of("cause.onnx", "cause.json", "MODEL_CARD.md", TrainCommand.METRICS)) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
        }
        String card = Files.readString(dir.resolve("a/MODEL_CARD.md"));
        assertThat(card)
                .contains(
                        "Macro precision",
                        "Confusion matrix",
                        "Expected calibration error",
                        "seed-4 | test",
                        "`judge/src/main/resources/models/cause.onnx`");
        try (CauseModel m = CauseModel.fromPath(dir.resolve("a/cause.onnx"), new CauseFeatures())) {
            assertThat(m.classes()).isEqualTo(Term.ids(Cause.class));
        }
    }

    @Test
    void byDefaultTheModelGoesWhereTheJobServesItFromAndTheCardStaysInTheLab() {
        TrainCommand command = new TrainCommand();
        new picocli.CommandLine(command).parseArgs();
        assertThat(command.output).isEqualTo(Path.of("judge/src/main/resources/models"));
        assertThat(command.modelCard).isEqualTo(Path.of("models/MODEL_CARD.md"));
        // Relative to the repository root; tests run in models/.
        Path root = Path.of("..");
        assertThat(root.resolve(command.output).resolve("cause.onnx")).isRegularFile();
        assertThat(root.resolve(command.output).resolve(CauseModel.SIDECAR_NAME))
                .isRegularFile();
        assertThat(root.resolve(command.modelCard)).isRegularFile();
    }

    @Test
    void aModelTrainedOnWorldsRecordsThemAndHoldsTheCalibrationWorldOut(@TempDir Path dir) throws Exception {
        String[] args = {
            "--scenarios-seeds", "1..3",
            "--synthetic-per-seed", "80",
            "--worlds", "acme,startup",
            "--calibration-world", "regulated",
            "--data", dir.resolve("none").toString(),
            "--output", dir.resolve("m").toString(),
            "--model-card", dir.resolve("m/MODEL_CARD.md").toString()
        };
        assertThat(new picocli.CommandLine(new TrainCommand()).execute(args)).isZero();
        String card = Files.readString(dir.resolve("m/MODEL_CARD.md"));
        assertThat(card)
                .contains("seed-3 | test", "seed-1 | train", "startup/seed-3: no replayed contexts")
                .contains("regulated/seed-1: no replayed contexts");
        try (CauseModel m = CauseModel.fromPath(dir.resolve("m/cause.onnx"), new CauseFeatures())) {
            assertThat(m.metadata().trainedOn()).contains("worlds acme,startup; calibration world regulated");
            assertThat(m.metadata().trainingWorlds()).containsExactly("acme", "regulated", "startup");
            assertThat(m.metadata().trainingSeeds()).containsExactly(1L, 2L, 3L);
        }
        args[7] = "startup";
        assertThat(new picocli.CommandLine(new TrainCommand()).execute(args))
                .as("a calibration world that also trains")
                .isEqualTo(2);
    }

    @Test
    void anExistingModelIsMeasuredNotRetrained(@TempDir Path dir) throws Exception {
        String[] train = {
            "--scenarios-seeds", "1..4",
            "--synthetic-per-seed", "80",
            "--data", dir.resolve("none").toString(),
            "--output", dir.resolve("a").toString(),
            "--model-card", dir.resolve("a/MODEL_CARD.md").toString()
        };
        assertThat(new picocli.CommandLine(new TrainCommand()).execute(train)).isZero();
        byte[] onnx = Files.readAllBytes(dir.resolve("a/cause.onnx"));
        String[] measure = {
            "--scenarios-seeds", "1..4",
            "--synthetic-per-seed", "80",
            "--data", dir.resolve("none").toString(),
            "--model", dir.resolve("a/cause.onnx").toString(),
            "--output", dir.resolve("never").toString(),
            "--model-card", dir.resolve("b/MODEL_CARD.md").toString()
        };
        assertThat(new picocli.CommandLine(new TrainCommand()).execute(measure)).isZero();
        assertThat(dir.resolve("never")).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("a/cause.onnx"))).isEqualTo(onnx);
        String trained = Files.readString(dir.resolve("a/MODEL_CARD.md"));
        String measured = Files.readString(dir.resolve("b/MODEL_CARD.md"));
        assertThat(measured).contains("Export check: not re-measured", "re-measures that model");
        // Same model, same rows: the same test figures as the card training wrote.
        String table = "## Quality on the test groups";
        assertThat(measured.substring(measured.indexOf(table), measured.indexOf("## Calibration")))
                .isEqualTo(trained.substring(trained.indexOf(table), trained.indexOf("## Calibration")));
    }

    @Test
    void theCommandRejectsUnusableSeeds() {
        assertThat(new picocli.CommandLine(new TrainCommand()).execute("--scenarios-seeds", "5..1"))
                .isEqualTo(2);
        assertThat(new picocli.CommandLine(new TrainCommand()).execute("--scenarios-seeds", "1,2"))
                .isEqualTo(2);
    }

    @Test
    void theTrainedModelFollowsTheTaxonomysPrecedence() {
        CauseTraining.Result r = CauseTraining.train(
                data(500), Set.of("seed-4"), Set.of(), XgboostTrainer.Params.defaults(), "precedence");
        CauseFeatures f = new CauseFeatures();
        String revoke = "[" + Episodes.HTTPS_VPC + "]";
        String withSsh = "[" + Episodes.HTTPS_VPC + "," + Episodes.SSH_WORLD + "]";
        try (CauseModel m = CauseModel.fromBytes(r.onnx(), "precedence", f)) {
            // Automation during a high incident: automated_response wins (first row).
            assertThat(decide(
                            m,
                            f,
                            Episodes.human()
                                    .actor("automation", false, true)
                                    .onlyChange("aws_autoscaling_group", "desired_capacity", "4", "8")
                                    .fact(
                                            "incident",
                                            Relation.OPEN_DURING_CHANGE,
                                            20,
                                            "high",
                                            null,
                                            false,
                                            "x",
                                            1,
                                            false)
                                    .build()))
                    .isEqualTo(Cause.AUTOMATED_RESPONSE);
            // A tightening after a security finding, during a high incident: security_response before emergency_fix.
            assertThat(decide(
                            m,
                            f,
                            Episodes.human()
                                    .onlyChange("aws_security_group", "ingress", withSsh, revoke)
                                    .fact("finding", Relation.BEFORE_CHANGE, 30, "high", "Recon", true, "x", 1, true)
                                    .fact(
                                            "incident",
                                            Relation.OPEN_DURING_CHANGE,
                                            20,
                                            "high",
                                            null,
                                            false,
                                            "x",
                                            1,
                                            false)
                                    .build()))
                    .isEqualTo(Cause.SECURITY_RESPONSE);
            // A security principal revoking access with no other context.
            assertThat(decide(
                            m,
                            f,
                            Episodes.human()
                                    .actor("human", true, false)
                                    .onlyChange("aws_security_group", "ingress", withSsh, revoke)
                                    .build()))
                    .isEqualTo(Cause.SECURITY_RESPONSE);
            // Scale-up during a high incident with reads before: emergency_fix before manual_troubleshooting.
            assertThat(decide(
                            m,
                            f,
                            Episodes.human()
                                    .onlyChange("aws_autoscaling_group", "desired_capacity", "4", "10")
                                    .fact("read_activity", Relation.BEFORE_CHANGE, 10, null, null, false, "x", 3, true)
                                    .fact(
                                            "incident",
                                            Relation.OPEN_DURING_CHANGE,
                                            20,
                                            "critical",
                                            null,
                                            false,
                                            "x",
                                            1,
                                            false)
                                    .build()))
                    .isEqualTo(Cause.EMERGENCY_FIX);
            // Reads before, no incident, a log-level tweak: manual_troubleshooting.
            assertThat(decide(
                            m,
                            f,
                            Episodes.human()
                                    .onlyChange(
                                            "aws_lambda_function",
                                            "environment",
                                            "{\"LOG\":\"info\"}",
                                            "{\"LOG\":\"debug\"}")
                                    .fact("read_activity", Relation.BEFORE_CHANGE, 10, null, null, false, "x", 5, true)
                                    .build()))
                    .isEqualTo(Cause.MANUAL_TROUBLESHOOTING);
            // SSH opened to the world with nothing explaining it: configuration_error.
            assertThat(decide(
                            m,
                            f,
                            Episodes.human()
                                    .onlyChange("aws_security_group", "ingress", revoke, withSsh)
                                    .build()))
                    .isEqualTo(Cause.CONFIGURATION_ERROR);
        }
    }

    private static Cause decide(CauseModel m, CauseFeatures f, EpisodeContext ctx) {
        float[] p = m.score(f.extract(ctx));
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return Cause.values()[best];
    }
}
