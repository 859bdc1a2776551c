package io.driftguard.models.training;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.cause.TaxonomyEvidence;
import io.driftguard.models.eval.ConfidenceQuality;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained model scored on one set of episodes exactly as serving scores it: the exported ONNX
 * model, its calibration, and the taxonomy's evidence requirements ({@link TaxonomyEvidence}), so
 * the card's figures are the job's figures. Used for the in-sample rows, the held-out test seeds and
 * the worlds the model never saw.
 *
 * @param name what was scored ("dense-202", "training groups")
 * @param role in-sample, held-out seeds, or unseen world
 * @param shape how the world differs (the generator's options), or empty
 */
public record WorldEvaluation(String name, String role, String shape, Metrics metrics, ConfidenceQuality confidence) {

    /** Scores {@code examples}; null when there are none (a card row of nothing says nothing). */
    public static WorldEvaluation score(
            byte[] onnx, String name, String role, String shape, List<LabelledContexts.Example> examples) {
        if (examples.isEmpty()) {
            return null;
        }
        CauseFeatures features = new CauseFeatures();
        List<float[]> rows = new ArrayList<>();
        int[] labels = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            rows.add(features.extract(examples.get(i).context()));
            labels[i] = examples.get(i).cause().ordinal();
        }
        float[][] probabilities;
        try (CauseModel model = CauseModel.fromBytes(onnx, name, features)) {
            probabilities = model.score(rows).toArray(new float[0][]);
        }
        double[] confidence = new double[labels.length];
        boolean[] right = new boolean[labels.length];
        for (int i = 0; i < probabilities.length; i++) {
            TaxonomyEvidence.apply(rows.get(i), probabilities[i]);
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            confidence[i] = probabilities[i][best];
            right[i] = best == labels[i];
        }
        return new WorldEvaluation(
                name,
                role,
                shape,
                Metrics.of(Term.ids(Cause.class), probabilities, labels),
                ConfidenceQuality.of(confidence, right));
    }
}
