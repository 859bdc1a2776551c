package io.driftguard.models.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.judge.cause.Calibration;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.cause.ModelMetadata;
import io.driftguard.models.onnx.XgboostToOnnx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Training end to end, in memory: features for every example, a split by group (train, calibration
 * and test groups never share a data set), XGBoost on the training groups, ONNX export, a
 * temperature fitted on the calibration groups, and metrics on the test groups scored through the
 * exported model exactly as serving scores it. Deterministic: the same examples and parameters give
 * the same bytes.
 */
public final class CauseTraining {

    /** What a training run produced. */
    public record Result(
            byte[] onnx,
            String sidecarJson,
            ModelMetadata metadata,
            Metrics uncalibrated,
            Metrics calibrated,
            Map<String, int[]> countsByGroup,
            double maxExportDifference) {}

    private CauseTraining() {}

    /**
     * @param examples labelled contexts; their {@code group} decides the split
     * @param calibrationGroups groups that only fit the temperature
     * @param testGroups groups that are only measured
     */
    public static Result train(
            List<LabelledContexts.Example> examples,
            Set<String> calibrationGroups,
            Set<String> testGroups,
            XgboostTrainer.Params params,
            String trainedOn) {
        CauseFeatures features = new CauseFeatures();
        List<TrainingRow> train = new ArrayList<>();
        List<TrainingRow> calibration = new ArrayList<>();
        List<TrainingRow> test = new ArrayList<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (LabelledContexts.Example e : examples) {
            int label = e.cause().ordinal();
            TrainingRow row = new TrainingRow(e.group(), features.extract(e.context()), label);
            (testGroups.contains(e.group()) ? test : calibrationGroups.contains(e.group()) ? calibration : train)
                    .add(row);
            counts.computeIfAbsent(e.group(), g -> new int[Term.ids(Cause.class).size()])[label]++;
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training rows: every group is held out or no example has a cause");
        }
        XgboostTrainer.Trained trained =
                XgboostTrainer.train(train, Term.ids(Cause.class).size(), features.size(), params);

        ModelMetadata uncalibratedMeta = metadata(features, 1.0, trainedOn);
        byte[] raw = XgboostToOnnx.convert(trained.json(), features.size(), uncalibratedMeta.toProps());
        double maxDiff = 0;
        float[][] calProbs;
        float[][] testProbs;
        try (CauseModel model = CauseModel.fromBytes(raw, "training", features)) {
            calProbs = model.score(rows(calibration)).toArray(new float[0][]);
            testProbs = model.score(rows(test)).toArray(new float[0][]);
            if (!test.isEmpty()) {
                float[][] xgb = XgboostTrainer.predict(trained, rows(test));
                for (int i = 0; i < xgb.length; i++) {
                    for (int c = 0; c < xgb[i].length; c++) {
                        maxDiff = Math.max(maxDiff, Math.abs(xgb[i][c] - testProbs[i][c]));
                    }
                }
            }
        }
        double temperature = calibration.isEmpty() ? 1.0 : Calibration.fitTemperature(calProbs, labels(calibration));
        Metrics before = Metrics.of(Term.ids(Cause.class), testProbs, labels(test));
        float[][] calibrated = new float[testProbs.length][];
        for (int i = 0; i < testProbs.length; i++) {
            calibrated[i] = testProbs[i].clone();
            Calibration.apply(calibrated[i], temperature);
        }
        Metrics after = Metrics.of(Term.ids(Cause.class), calibrated, labels(test));

        ModelMetadata meta = metadata(features, temperature, trainedOn);
        byte[] onnx = XgboostToOnnx.convert(trained.json(), features.size(), meta.toProps());
        return new Result(onnx, sidecar(meta, after), meta, before, after, counts, maxDiff);
    }

    /**
     * An existing model measured like a fresh one: the same split, its own temperature, and the test
     * groups scored through it; the uncalibrated figures undo its temperature. Nothing is trained, so
     * the export check is not re-measured (NaN).
     */
    public static Result evaluate(
            byte[] onnx, String sidecarJson, List<LabelledContexts.Example> examples, Set<String> testGroups) {
        CauseFeatures features = new CauseFeatures();
        List<TrainingRow> test = new ArrayList<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (LabelledContexts.Example e : examples) {
            int label = e.cause().ordinal();
            if (testGroups.contains(e.group())) {
                test.add(new TrainingRow(e.group(), features.extract(e.context()), label));
            }
            counts.computeIfAbsent(e.group(), g -> new int[Term.ids(Cause.class).size()])[label]++;
        }
        ModelMetadata meta;
        float[][] calibrated;
        try (CauseModel model = CauseModel.fromBytes(onnx, "evaluated", features)) {
            meta = model.metadata();
            calibrated = model.score(rows(test)).toArray(new float[0][]);
        }
        float[][] raw = new float[calibrated.length][];
        for (int i = 0; i < calibrated.length; i++) {
            raw[i] = calibrated[i].clone();
            Calibration.apply(raw[i], 1.0 / meta.temperature());
        }
        Metrics before = Metrics.of(Term.ids(Cause.class), raw, labels(test));
        Metrics after = Metrics.of(Term.ids(Cause.class), calibrated, labels(test));
        return new Result(onnx, sidecarJson, meta, before, after, counts, Double.NaN);
    }

    private static ModelMetadata metadata(CauseFeatures f, double temperature, String trainedOn) {
        return new ModelMetadata(f.version(), f.schemaHash(), f.names(), Term.ids(Cause.class), temperature, trainedOn);
    }

    private static String sidecar(ModelMetadata m, Metrics test) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", "cause.onnx");
        root.put("feature_version", m.featureVersion());
        root.put("feature_schema_hash", m.schemaHash());
        ArrayNode names = root.putArray("feature_names");
        m.featureNames().forEach(names::add);
        ArrayNode classes = root.putArray("classes");
        m.classes().forEach(classes::add);
        root.putObject("calibration").put("method", "temperature").put("temperature", m.temperature());
        root.put("trained_on", m.trainedOn());
        ObjectNode q = root.putObject("test");
        q.put("rows", test.rows());
        q.put("macro_precision", round(test.macroPrecision()));
        q.put("accuracy", round(test.accuracy()));
        q.put("ece", round(test.ece()));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static List<float[]> rows(List<TrainingRow> rows) {
        return rows.stream().map(TrainingRow::features).toList();
    }

    private static int[] labels(List<TrainingRow> rows) {
        return rows.stream().mapToInt(TrainingRow::label).toArray();
    }

    /** Rows per class over a set of groups, for the model card. */
    static int[] total(Map<String, int[]> counts, Set<String> groups, boolean include) {
        int[] out = new int[Term.ids(Cause.class).size()];
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (groups.contains(e.getKey()) == include) {
                for (int i = 0; i < out.length; i++) {
                    out[i] += e.getValue()[i];
                }
            }
        }
        return out;
    }
}
