package io.driftguard.judge.cause;

/**
 * Temperature scaling of a probability vector: {@code p_i^(1/T) / Σ p_j^(1/T)}, which equals a
 * softmax of the logits divided by T. T > 1 softens over-confident trees, T < 1 sharpens; the
 * ranking of classes never changes, so the decided cause is the same as without calibration.
 */
public final class Calibration {

    /** Probabilities are floored here before the power so a zero never turns into NaN. */
    private static final double FLOOR = 1e-12;

    private Calibration() {}

    /** Rescales {@code p} in place with temperature {@code t}; a no-op for t = 1. */
    public static void apply(float[] p, double t) {
        if (t == 1.0) {
            return;
        }
        double inv = 1.0 / t;
        double max = Double.NEGATIVE_INFINITY;
        double[] logits = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            logits[i] = Math.log(Math.max(FLOOR, p[i])) * inv;
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            logits[i] = Math.exp(logits[i] - max);
            sum += logits[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (logits[i] / sum);
        }
    }

    /** Mean negative log-likelihood of the true classes after scaling with t. */
    public static double nll(float[][] probabilities, int[] labels, double t) {
        double total = 0;
        float[] q = new float[probabilities.length == 0 ? 0 : probabilities[0].length];
        for (int i = 0; i < probabilities.length; i++) {
            System.arraycopy(probabilities[i], 0, q, 0, q.length);
            apply(q, t);
            total -= Math.log(Math.max(FLOOR, q[labels[i]]));
        }
        return probabilities.length == 0 ? 0 : total / probabilities.length;
    }

    /**
     * The temperature in [0.5, 20] minimising held-out NLL, by golden-section search on log T
     * (NLL is unimodal in T for fixed logits); deterministic, no random restarts. The floor keeps a
     * nearly separable calibration set from sharpening the scores into certainty.
     */
    public static double fitTemperature(float[][] probabilities, int[] labels) {
        if (probabilities.length == 0) {
            return 1.0;
        }
        double lo = Math.log(0.5);
        double hi = Math.log(20);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(probabilities, labels, Math.exp(a));
        double fb = nll(probabilities, labels, Math.exp(b));
        for (int i = 0; i < 80; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(probabilities, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(probabilities, labels, Math.exp(b));
            }
        }
        double t = Math.exp((lo + hi) / 2);
        // Round so the stored value (and the model bytes) do not depend on the last ulp of a search.
        return Math.round(t * 10_000) / 10_000.0;
    }
}
