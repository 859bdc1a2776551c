package io.driftguard.judge.cause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.models.onnx.XgboostToOnnx;
import io.driftguard.models.training.CauseTraining;
import io.driftguard.models.training.LabelledContexts;
import io.driftguard.models.training.TaxonomySampler;
import io.driftguard.models.training.XgboostTrainer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CauseModelTest {

    private static final CauseFeatures FEATURES = new CauseFeatures();
    private static CauseTraining.Result trained;
    private static List<LabelledContexts.Example> heldOut;

    @BeforeAll
    static void train() {
        List<LabelledContexts.Example> examples = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            examples.addAll(TaxonomySampler.sample(s, 250, "seed-" + s));
        }
        heldOut = TaxonomySampler.sample(99, 1500, "seed-99");
        trained = CauseTraining.train(
                examples, Set.of("seed-3"), Set.of(), new XgboostTrainer.Params(20, 4, 0.3, 1, 1, 1), "test");
    }

    @Test
    void scoresInBatchesLikeOneByOne() {
        List<float[]> rows =
                heldOut.stream().map(e -> FEATURES.extract(e.context())).toList();
        try (CauseModel model = CauseModel.fromBytes(trained.onnx(), "test", FEATURES)) {
            assertThat(model.classes()).isEqualTo(Term.ids(Cause.class));
            List<float[]> batch = model.score(rows); // 1500 rows: more than one internal batch
            assertThat(batch).hasSize(rows.size());
            for (int i = 0; i < rows.size(); i += 97) {
                assertThat(model.score(rows.get(i)))
                        .containsExactly(batch.get(i), org.assertj.core.data.Offset.offset(1e-6f));
            }
            int correct = 0;
            for (int i = 0; i < rows.size(); i++) {
                float[] p = batch.get(i);
                double sum = 0;
                int best = 0;
                for (int c = 0; c < p.length; c++) {
                    sum += p[c];
                    best = p[c] > p[best] ? c : best;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
                correct += Cause.values()[best].equals(heldOut.get(i).cause()) ? 1 : 0;
            }
            assertThat((double) correct / rows.size()).isGreaterThan(0.85);
        }
    }

    @Test
    void appliesTheStoredTemperature() throws Exception {
        byte[] hot = XgboostToOnnx.convert(
                xgbJsonOf(),
                FEATURES.size(),
                new ModelMetadata(
                                FEATURES.version(),
                                FEATURES.schemaHash(),
                                FEATURES.names(),
                                Term.ids(Cause.class),
                                3.0,
                                "t")
                        .toProps());
        byte[] plain = XgboostToOnnx.convert(
                xgbJsonOf(),
                FEATURES.size(),
                new ModelMetadata(
                                FEATURES.version(),
                                FEATURES.schemaHash(),
                                FEATURES.names(),
                                Term.ids(Cause.class),
                                1.0,
                                "t")
                        .toProps());
        float[] row = FEATURES.extract(heldOut.get(0).context());
        try (CauseModel a = CauseModel.fromBytes(hot, "hot", FEATURES);
                CauseModel b = CauseModel.fromBytes(plain, "plain", FEATURES)) {
            float[] soft = a.score(row);
            float[] sharp = b.score(row);
            Calibration.apply(sharp, 3.0);
            assertThat(soft).containsExactly(sharp, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(a.metadata().temperature()).isEqualTo(3.0);
        }
    }

    private static byte[] xgbJsonOf() {
        List<io.driftguard.models.training.TrainingRow> rows = heldOut.stream()
                .limit(300)
                .map(e -> new io.driftguard.models.training.TrainingRow(
                        "g", FEATURES.extract(e.context()), e.cause().ordinal()))
                .toList();
        return XgboostTrainer.train(rows, 5, FEATURES.size(), new XgboostTrainer.Params(5, 3, 0.3, 1, 1, 1))
                .json();
    }

    @Test
    void refusesAModelTrainedOnAnotherFeatureSchema() {
        List<String> fewer = FEATURES.names().subList(0, FEATURES.size() - 1);
        Map<String, String> props =
                new ModelMetadata(0, "0123456789abcdef", fewer, Term.ids(Cause.class), 1.0, "old").toProps();
        byte[] stale = XgboostToOnnx.convert(xgbJsonOf(), FEATURES.size() - 1, props);
        assertThatThrownBy(() -> CauseModel.fromBytes(stale, "old.onnx", FEATURES))
                .isInstanceOf(CauseModelException.class)
                .hasMessageContaining("trained on feature schema 0123456789abcdef")
                .hasMessageContaining("this build extracts " + FEATURES.schemaHash())
                .hasMessageContaining("retrain with `driftguard train`");
        // Same width and names but another hash (a feature's meaning changed): refused too.
        byte[] sameShape = XgboostToOnnx.convert(
                xgbJsonOf(),
                FEATURES.size(),
                new ModelMetadata(
                                FEATURES.version(),
                                "ffffffffffffffff",
                                FEATURES.names(),
                                Term.ids(Cause.class),
                                1.0,
                                "x")
                        .toProps());
        assertThatThrownBy(() -> CauseModel.fromBytes(sameShape, "x.onnx", FEATURES))
                .hasMessageContaining("ffffffffffffffff");
    }

    @Test
    void refusesAModelWithoutSchemaMetadata() {
        byte[] bare = XgboostToOnnx.convert(xgbJsonOf(), FEATURES.size(), Map.of());
        assertThatThrownBy(() -> CauseModel.fromBytes(bare, "bare.onnx", FEATURES))
                .hasMessageContaining("carries no driftguard.feature_version metadata");
    }

    @Test
    void saysWhatToDoWhenTheFileIsMissing(@TempDir Path dir) {
        Path missing = dir.resolve("cause.onnx");
        assertThatThrownBy(() -> CauseModel.fromPath(missing, FEATURES))
                .isInstanceOf(CauseModelException.class)
                .hasMessageContaining("no cause model at " + missing.toAbsolutePath())
                .hasMessageContaining("driftguard train");
    }

    @Test
    void refusesABrokenFile(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("cause.onnx");
        Files.writeString(junk, "this is not a model");
        assertThatThrownBy(() -> CauseModel.fromPath(junk, FEATURES)).hasMessageContaining("not a loadable ONNX model");
    }

    @Test
    void loadsFromAFolderWithItsSidecarAndRefusesAMismatchedSidecar(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("cause.onnx"), trained.onnx());
        Files.writeString(dir.resolve("cause.json"), trained.sidecarJson());
        try (CauseModel m = CauseModel.fromPath(dir.resolve("cause.onnx"), FEATURES)) {
            assertThat(m.metadata().schemaHash()).isEqualTo(FEATURES.schemaHash());
        }
        Files.writeString(dir.resolve("cause.json"), "{\"feature_schema_hash\":\"aaaaaaaaaaaaaaaa\"}");
        assertThatThrownBy(() -> CauseModel.fromPath(dir.resolve("cause.onnx"), FEATURES))
                .hasMessageContaining("come from different trainings");
    }

    @Test
    void travelsSerialisedAndReopens() throws Exception {
        float[] row = FEATURES.extract(heldOut.get(1).context());
        float[] before;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CauseModel m = CauseModel.fromBytes(trained.onnx(), "test", FEATURES)) {
            before = m.score(row);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(m);
            }
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
                CauseModel copy = (CauseModel) in.readObject()) {
            copy.open();
            assertThat(copy.score(row)).containsExactly(before, org.assertj.core.data.Offset.offset(0f));
        }
    }

    @Test
    void theShippedModelMatchesThisBuildsFeatures() {
        // Fails when CauseFeatures changed without `driftguard train` being run again.
        try (CauseModel m = CauseModel.fromClasspath(FEATURES)) {
            assertThat(m.metadata().featureNames()).isEqualTo(FEATURES.names());
            float[] p = m.score(FEATURES.extract(heldOut.get(2).context()));
            assertThat(p).hasSize(5);
        }
    }
}
