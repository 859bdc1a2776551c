package io.driftguard.models.training;

import java.util.List;

/**
 * Classification quality and calibration of predicted probabilities against true classes:
 * per-class precision, recall and F1, macro precision, the confusion matrix, and the expected
 * calibration error over equal-width confidence bins with its reliability table.
 *
 * @param confusion {@code confusion[true][predicted]} counts
 * @param bins the reliability table: one row per non-empty confidence bin
 */
public record Metrics(
        List<String> classes,
        int[][] confusion,
        double[] precision,
        double[] recall,
        double[] f1,
        double macroPrecision,
        double accuracy,
        double ece,
        List<Bin> bins,
        int rows) {

    /** One reliability bin: rows whose top probability fell in [lo, hi), their mean confidence and accuracy. */
    public record Bin(double lo, double hi, int count, double meanConfidence, double accuracy) {}

    public static final int BINS = 10;

    public static Metrics of(List<String> classes, float[][] probabilities, int[] labels) {
        int k = classes.size();
        int[][] confusion = new int[k][k];
        int[] binCount = new int[BINS];
        double[] binConf = new double[BINS];
        double[] binHit = new double[BINS];
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int pred = argmax(probabilities[i]);
            confusion[labels[i]][pred]++;
            double conf = probabilities[i][pred];
            int b = Math.min(BINS - 1, (int) (conf * BINS));
            binCount[b]++;
            binConf[b] += conf;
            if (pred == labels[i]) {
                binHit[b]++;
                correct++;
            }
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        double macro = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int predicted = 0;
            int actual = 0;
            for (int j = 0; j < k; j++) {
                predicted += confusion[j][c];
                actual += confusion[c][j];
            }
            precision[c] = predicted == 0 ? 0 : (double) tp / predicted;
            recall[c] = actual == 0 ? 0 : (double) tp / actual;
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            macro += precision[c];
        }
        List<Bin> bins = new java.util.ArrayList<>();
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (binCount[b] == 0) {
                continue;
            }
            double meanConf = binConf[b] / binCount[b];
            double acc = binHit[b] / binCount[b];
            bins.add(new Bin((double) b / BINS, (double) (b + 1) / BINS, binCount[b], meanConf, acc));
            ece += (double) binCount[b] / labels.length * Math.abs(acc - meanConf);
        }
        return new Metrics(
                List.copyOf(classes),
                confusion,
                precision,
                recall,
                f1,
                k == 0 ? 0 : macro / k,
                labels.length == 0 ? 0 : (double) correct / labels.length,
                ece,
                List.copyOf(bins),
                labels.length);
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
