package io.driftguard.models.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well a confidence says whether an answer is right: expected calibration error over 10
 * equal-width bins of the confidence, the reliability table behind it, and the area under the ROC
 * curve of confidence as a score for "right" (0.5: confidence does not separate right from wrong;
 * 1: every right answer is more confident than every wrong one).
 *
 * @param n answers scored
 * @param ece expected calibration error: Σ_bins (n_b / n) · |accuracy_b − mean confidence_b|
 * @param auc probability that a random right answer carries a higher confidence than a random
 *     wrong one (ties count half); NaN when all answers are right or all wrong
 * @param meanConfidenceRight mean confidence of right answers
 * @param meanConfidenceWrong mean confidence of wrong answers (NaN when none is wrong)
 * @param bins the non-empty bins, lowest first
 */
public record ConfidenceQuality(
        int n, double ece, double auc, double meanConfidenceRight, double meanConfidenceWrong, List<Bin> bins) {

    /** One confidence bin: {@code [lower, lower + 0.1)}, the last one closed. */
    public record Bin(double lower, int n, double meanConfidence, double accuracy) {}

    public static final int BINS = 10;

    public static ConfidenceQuality of(double[] confidence, boolean[] right) {
        int n = confidence.length;
        int[] count = new int[BINS];
        double[] conf = new double[BINS];
        int[] hits = new int[BINS];
        double sumRight = 0;
        double sumWrong = 0;
        int nRight = 0;
        for (int i = 0; i < n; i++) {
            int b = Math.min(BINS - 1, Math.max(0, (int) Math.floor(confidence[i] * BINS)));
            count[b]++;
            conf[b] += confidence[i];
            hits[b] += right[i] ? 1 : 0;
            if (right[i]) {
                sumRight += confidence[i];
                nRight++;
            } else {
                sumWrong += confidence[i];
            }
        }
        double ece = 0;
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            if (count[b] == 0) {
                continue;
            }
            double mean = conf[b] / count[b];
            double acc = (double) hits[b] / count[b];
            ece += (double) count[b] / n * Math.abs(acc - mean);
            bins.add(new Bin(b / (double) BINS, count[b], mean, acc));
        }
        int nWrong = n - nRight;
        return new ConfidenceQuality(
                n,
                n == 0 ? Double.NaN : ece,
                auc(confidence, right, nRight, nWrong),
                nRight == 0 ? Double.NaN : sumRight / nRight,
                nWrong == 0 ? Double.NaN : sumWrong / nWrong,
                List.copyOf(bins));
    }

    /** Mann–Whitney: the share of (right, wrong) pairs ordered right above wrong, ties half. */
    private static double auc(double[] confidence, boolean[] right, int nRight, int nWrong) {
        if (nRight == 0 || nWrong == 0) {
            return Double.NaN;
        }
        double pairs = 0;
        for (int i = 0; i < confidence.length; i++) {
            if (!right[i]) {
                continue;
            }
            for (int j = 0; j < confidence.length; j++) {
                if (right[j]) {
                    continue;
                }
                pairs += confidence[i] > confidence[j] ? 1 : confidence[i] == confidence[j] ? 0.5 : 0;
            }
        }
        return pairs / ((double) nRight * nWrong);
    }

    /** The reliability table with a bar per bin (accuracy as #, the gap to the diagonal as its sign). */
    public String render(String indent) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%sexpected calibration error %.3f, AUC (confidence ranks right above wrong) %s, "
                        + "mean confidence right %.3f / wrong %s (%d answers)%n",
                indent,
                ece,
                Double.isNaN(auc) ? "n/a" : String.format(Locale.ROOT, "%.3f", auc),
                meanConfidenceRight,
                Double.isNaN(meanConfidenceWrong) ? "n/a" : String.format(Locale.ROOT, "%.3f", meanConfidenceWrong),
                n));
        b.append(indent).append("confidence   answers  mean conf  accuracy  reliability (# accuracy, | confidence)\n");
        for (Bin bin : bins) {
            b.append(String.format(
                    Locale.ROOT,
                    "%s%.1f-%.1f   %7d  %9.3f  %8.3f  %s%n",
                    indent,
                    bin.lower(),
                    bin.lower() + 0.1,
                    bin.n(),
                    bin.meanConfidence(),
                    bin.accuracy(),
                    bar(bin.accuracy(), bin.meanConfidence())));
        }
        return b.toString();
    }

    private static String bar(double accuracy, double confidence) {
        int a = (int) Math.round(accuracy * 40);
        int c = (int) Math.round(confidence * 40);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.max(a, c + 1); i++) {
            s.append(i == c ? '|' : i < a ? '#' : ' ');
        }
        return s.toString().stripTrailing();
    }
}
