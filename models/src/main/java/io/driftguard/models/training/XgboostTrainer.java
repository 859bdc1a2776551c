package io.driftguard.models.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains the multi-class gradient-boosted trees with XGBoost4J: {@code multi:softprob}, exact
 * tree method, one thread and a fixed seed, so the same rows give the same booster bit for bit.
 * XGBoost is a training-time dependency only; serving reads the ONNX export.
 */
public final class XgboostTrainer {

    /** Fixed hyper-parameters; small trees suffice because the features already carry the signals. */
    public record Params(int rounds, int maxDepth, double eta, double minChildWeight, double lambda, long seed) {
        public static Params defaults() {
            return new Params(60, 4, 0.3, 1.0, 1.0, 42L);
        }
    }

    /** A trained booster as XGBoost's JSON model, with the native handle freed. */
    public record Trained(byte[] json, int classes, int features) {}

    private XgboostTrainer() {}

    public static Trained train(List<TrainingRow> rows, int classes, int features, Params p) {
        try {
            DMatrix train = matrix(rows, features);
            try {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("objective", "multi:softprob");
                params.put("num_class", classes);
                params.put("max_depth", p.maxDepth());
                params.put("eta", p.eta());
                params.put("min_child_weight", p.minChildWeight());
                params.put("lambda", p.lambda());
                params.put("tree_method", "exact");
                params.put("nthread", 1);
                params.put("seed", p.seed());
                params.put("verbosity", 0);
                Booster booster = XGBoost.train(train, params, p.rounds(), Map.of(), null, null);
                try {
                    return new Trained(booster.toByteArray("json"), classes, features);
                } finally {
                    booster.dispose();
                }
            } finally {
                train.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        }
    }

    /** Probabilities XGBoost itself gives, for checking the ONNX export against. */
    public static float[][] predict(Trained model, List<float[]> rows) {
        try {
            Booster booster = XGBoost.loadModel(model.json());
            DMatrix m = matrix(rows.stream().map(r -> new TrainingRow("", r, 0)).toList(), model.features());
            try {
                return booster.predict(m);
            } finally {
                m.dispose();
                booster.dispose();
            }
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    private static DMatrix matrix(List<TrainingRow> rows, int features) throws XGBoostError {
        float[] data = new float[rows.size() * features];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).features(), 0, data, i * features, features);
            labels[i] = rows.get(i).label();
        }
        // Missing is NaN: every feature here has a value (absent times are -1), so no value is treated as missing.
        DMatrix m = new DMatrix(data, rows.size(), features, Float.NaN);
        m.setLabel(labels);
        return m;
    }
}
