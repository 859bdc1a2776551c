package io.driftguard.models.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.util.List;

/**
 * The model card's figures as JSON ({@code metrics.json} beside the card): what the registry stores
 * per version and the dashboard shows. Keys in a fixed order, numbers rounded to four places, no
 * timestamps: the same training writes the same bytes.
 *
 * <pre>
 * { "trained_on", "temperature",
 *   "test":          { rows, macro_precision, accuracy, ece, per_class: { cause: { precision, recall } } },
 *   "in_sample":     { rows, macro_precision, accuracy, ece, auc, per_class },
 *   "unseen_worlds": { ... the pooled unseen worlds ... },
 *   "worlds":        [ { name, role, shape, rows, macro_precision, accuracy, ece, auc, per_class, reliability_png } ] }
 * </pre>
 */
public final class ModelMetrics {

    private ModelMetrics() {}

    public static String json(CauseTraining.Result r, List<WorldEvaluation> worlds) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("trained_on", r.metadata().trainedOn());
        root.put("temperature", r.metadata().temperature());
        ObjectNode test = root.putObject("test");
        test.put("rows", r.calibrated().rows());
        test.put("macro_precision", round(r.calibrated().macroPrecision()));
        test.put("accuracy", round(r.calibrated().accuracy()));
        test.put("ece", round(r.calibrated().ece()));
        perClass(test, r.calibrated());
        for (WorldEvaluation w : worlds) {
            if (w.role().equals("in-sample")) {
                world(root.putObject("in_sample"), w);
            }
        }
        WorldEvaluation pooled = worlds.stream()
                .filter(w -> w.role().startsWith("unseen worlds"))
                .findFirst()
                .orElse(worlds.stream()
                        .filter(w -> w.role().startsWith("unseen"))
                        .findFirst()
                        .orElse(null));
        if (pooled != null) {
            world(root.putObject("unseen_worlds"), pooled);
        }
        var list = root.putArray("worlds");
        for (WorldEvaluation w : worlds) {
            ObjectNode o = list.addObject();
            o.put("name", w.name());
            o.put("role", w.role());
            o.put("shape", w.shape());
            world(o, w);
            if (ModelCard.hasDiagram(w)) {
                o.put("reliability_png", ReliabilityDiagram.fileName(w.name()));
            }
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void world(ObjectNode o, WorldEvaluation w) {
        o.put("rows", w.metrics().rows());
        o.put("macro_precision", round(w.metrics().macroPrecision()));
        o.put("accuracy", round(w.metrics().accuracy()));
        o.put("ece", round(w.confidence().ece()));
        if (Double.isNaN(w.confidence().auc())) {
            o.putNull("auc");
        } else {
            o.put("auc", round(w.confidence().auc()));
        }
        perClass(o, w.metrics());
    }

    private static void perClass(ObjectNode o, Metrics m) {
        ObjectNode pc = o.putObject("per_class");
        for (int c = 0; c < m.classes().size(); c++) {
            ObjectNode one = pc.putObject(m.classes().get(c));
            one.put("precision", round(m.precision()[c]));
            one.put("recall", round(m.recall()[c]));
        }
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10_000) / 10_000.0;
    }
}
