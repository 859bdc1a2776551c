package io.driftguard.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.driftguard.models.training.TrainingRow;
import io.driftguard.models.training.XgboostTrainer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XgboostToOnnxTest {

    private static final int FEATURES = 6;
    private static final int CLASSES = 5;

    /** Rows whose class depends non-linearly on the features, with label noise, so trees get deep and varied. */
    private static List<TrainingRow> rows(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<TrainingRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[FEATURES];
            x[0] = r.nextInt(2);
            x[1] = r.nextInt(2);
            x[2] = (float) r.nextDouble(-1, 120);
            x[3] = r.nextInt(6);
            x[4] = (float) r.nextGaussian();
            x[5] = r.nextInt(2);
            int label = x[0] == 1 ? 0 : x[1] == 1 && x[5] == 1 ? 1 : x[2] > 30 ? 2 : x[3] >= 2 ? 3 : 4;
            if (r.nextDouble() < 0.1) {
                label = r.nextInt(CLASSES);
            }
            out.add(new TrainingRow("g", x, label));
        }
        return out;
    }

    @Test
    void onnxruntimeGivesTheTrainersProbabilitiesOnHeldOutRows() throws Exception {
        XgboostTrainer.Trained model =
                XgboostTrainer.train(rows(1, 2000), CLASSES, FEATURES, new XgboostTrainer.Params(40, 5, 0.3, 1, 1, 7));
        byte[] onnx = XgboostToOnnx.convert(model.json(), FEATURES, Map.of("k", "v"));
        List<float[]> heldOut =
                rows(99, 1000).stream().map(TrainingRow::features).toList();

        float[][] expected = XgboostTrainer.predict(model, heldOut);
        float[][] actual = runOnnx(onnx, heldOut);

        double maxDiff = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            for (int c = 0; c < CLASSES; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i][c] - actual[i][c]));
            }
        }
        assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
        // Not a degenerate model: it must separate the classes, so agreement means something.
        assertThat(expected[0]).hasSize(CLASSES);
        long confident =
                java.util.Arrays.stream(expected).filter(p -> max(p) > 0.8).count();
        assertThat(confident).isGreaterThan(500);
    }

    @Test
    void theInterceptIsPartOfTheModel() {
        // With zero boosting rounds' worth of signal (constant features) the output is the intercept alone;
        // the class frequencies must still show, which they only do if base_score reached base_values.
        List<TrainingRow> constant = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            constant.add(new TrainingRow("g", new float[FEATURES], i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2));
        }
        XgboostTrainer.Trained model =
                XgboostTrainer.train(constant, 3, FEATURES, new XgboostTrainer.Params(5, 3, 0.3, 1, 1, 7));
        byte[] onnx = XgboostToOnnx.convert(model.json(), FEATURES, Map.of());
        float[] row = new float[FEATURES];
        float[] expected = XgboostTrainer.predict(model, List.of(row))[0];
        float[] actual = runOnnx(onnx, List.of(row))[0];
        for (int c = 0; c < 3; c++) {
            assertThat((double) actual[c]).isCloseTo(expected[c], org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(actual[0]).isGreaterThan(actual[1]).isGreaterThan(actual[2]);
    }

    @Test
    void refusesModelsItCannotRepresent() {
        byte[] binaryLogistic = """
                {"learner":{"objective":{"name":"binary:logistic"},"learner_model_param":{"num_class":"0","base_score":"5E-1"}}}
                """.getBytes();
        assertThatThrownBy(() -> XgboostToOnnx.convert(binaryLogistic, 3, Map.of()))
                .hasMessageContaining("binary:logistic");
        assertThatThrownBy(() -> XgboostToOnnx.convert("not json".getBytes(), 3, Map.of()))
                .hasMessageContaining("not an XGBoost JSON model");
    }

    @Test
    void readsBothBaseScoreForms() {
        assertThat(XgboostToOnnx.baseScores("[2E-1,3E-1,5E-1]", 3)).containsExactly(0.2f, 0.3f, 0.5f);
        assertThat(XgboostToOnnx.baseScores("5E-1", 2)).containsExactly(0.5f, 0.5f);
    }

    private static float max(float[] p) {
        float m = 0;
        for (float v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    static float[][] runOnnx(byte[] onnx, List<float[]> rows) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions())) {
                int width = rows.get(0).length;
                FloatBuffer in = FloatBuffer.allocate(rows.size() * width);
                rows.forEach(in::put);
                in.flip();
                try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {rows.size(), width});
                        OrtSession.Result r = s.run(Map.of(XgboostToOnnx.INPUT, t))) {
                    assertThat(((long[])
                                    r.get(XgboostToOnnx.LABEL).orElseThrow().getValue()))
                            .hasSize(rows.size());
                    return (float[][])
                            r.get(XgboostToOnnx.PROBABILITIES).orElseThrow().getValue();
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
