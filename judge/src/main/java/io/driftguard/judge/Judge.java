package io.driftguard.judge;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.cause.TaxonomyEvidence;
import io.driftguard.judge.context.EpisodeContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge as the job calls it: episode contexts in, finished findings out. The cause comes from
 * the ONNX model over the features shared with training ({@link CauseFeatures}), its calibrated
 * scores held to what the taxonomy's cause table requires of the evidence ({@link TaxonomyEvidence}); severity,
 * recommendation, narrative and remediation from the policies ({@link JudgementPolicies}).
 *
 * <p>Built once from the configuration (a bad {@code policy} section or a model that does not fit
 * fails there, at start-up) and serialisable, so a stream operator carries it: it calls
 * {@link #open()} once per instance, {@link #judge} per batch (the unit the model scores in), and
 * {@link #close()} at the end.
 */
public final class Judge implements Serializable, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final CauseModel model;
    private final JudgementPolicies policies;
    private transient CauseFeatures features;

    private Judge(CauseModel model, JudgementPolicies policies) {
        this.model = model;
        this.policies = policies;
    }

    /**
     * @throws io.driftguard.core.config.ConfigException naming the line of a bad policy rule
     */
    public static Judge of(DriftGuardConfig config, CauseModel model) {
        return new Judge(model, JudgementPolicies.from(config));
    }

    /**
     * The same policies with another cause model: how a running job switches to a promoted model,
     * or scores a shadow candidate, without rebuilding anything else.
     */
    public Judge withModel(CauseModel other) {
        return new Judge(other, policies);
    }

    /** The cause model this judge scores with. */
    public CauseModel model() {
        return model;
    }

    /** Opens the model's session; call once before {@link #judge}. */
    public void open() {
        features = new CauseFeatures();
        model.open();
    }

    /** Each context judged, in order. */
    public List<Finding> judge(List<EpisodeContext> batch) {
        if (features == null) {
            open();
        }
        List<float[]> rows = new ArrayList<>(batch.size());
        for (EpisodeContext ctx : batch) {
            rows.add(features.extract(ctx));
        }
        List<float[]> probabilities = model.score(rows);
        Cause[] classes = Cause.values(); // the model's class order; CauseModel refuses a model trained otherwise
        List<Finding> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            float[] p = probabilities.get(i).clone();
            TaxonomyEvidence.apply(rows.get(i), p);
            Map<Cause, Double> scores = new LinkedHashMap<>();
            int best = 0;
            for (int c = 0; c < classes.length; c++) {
                scores.put(classes[c], (double) p[c]);
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            out.add(policies.judge(batch.get(i), classes[best], p[best], scores).toBuilder()
                    .causeModel(model.ref())
                    .build());
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
