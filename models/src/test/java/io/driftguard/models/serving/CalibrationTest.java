package io.driftguard.judge.cause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.driftguard.models.training.Metrics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void temperatureSoftensWithoutChangingTheWinner() {
        float[] p = {0.9f, 0.05f, 0.03f, 0.01f, 0.01f};
        float[] same = p.clone();
        Calibration.apply(same, 1.0);
        assertThat(same).containsExactly(p);
        float[] soft = p.clone();
        Calibration.apply(soft, 2.0);
        assertThat(soft[0]).isLessThan(0.9f).isGreaterThan(soft[1]);
        double sum = 0;
        for (float v : soft) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, offset(1e-6));
        // T = 2 is the square root, renormalised: 0.9^0.5 / Σ p^0.5.
        double z = Math.sqrt(0.9) + Math.sqrt(0.05) + Math.sqrt(0.03) + 2 * Math.sqrt(0.01);
        assertThat((double) soft[0]).isCloseTo(Math.sqrt(0.9) / z, offset(1e-6));
    }

    @Test
    void fitsATemperatureAboveOneForOverconfidentScores() {
        // The model says 0.99 but is right only 70% of the time: the fit must soften (T > 1) and cut the ECE.
        SplittableRandom r = new SplittableRandom(5);
        int n = 2000;
        float[][] probs = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int predicted = r.nextInt(5);
            probs[i] = new float[5];
            java.util.Arrays.fill(probs[i], 0.0025f);
            probs[i][predicted] = 0.99f;
            labels[i] = r.nextDouble() < 0.7 ? predicted : (predicted + 1 + r.nextInt(4)) % 5;
        }
        double t = Calibration.fitTemperature(probs, labels);
        assertThat(t).isGreaterThan(1.5);
        assertThat(Calibration.nll(probs, labels, t)).isLessThan(Calibration.nll(probs, labels, 1.0));
        List<String> classes = List.of("a", "b", "c", "d", "e");
        double before = Metrics.of(classes, probs, labels).ece();
        for (float[] p : probs) {
            Calibration.apply(p, t);
        }
        double after = Metrics.of(classes, probs, labels).ece();
        assertThat(before).isCloseTo(0.29, offset(0.03));
        assertThat(after).isLessThan(0.05);
    }

    @Test
    void metricsOnAHandCountedExample() {
        List<String> classes = List.of("a", "b");
        float[][] p = {{0.95f, 0.05f}, {0.95f, 0.05f}, {0.35f, 0.65f}, {0.35f, 0.65f}};
        int[] y = {0, 1, 1, 1};
        Metrics m = Metrics.of(classes, p, y);
        assertThat(m.confusion()[0]).containsExactly(1, 0);
        assertThat(m.confusion()[1]).containsExactly(1, 2);
        assertThat(m.precision()).containsExactly(0.5, 1.0);
        assertThat(m.recall()[1]).isCloseTo(2.0 / 3, offset(1e-9));
        assertThat(m.macroPrecision()).isEqualTo(0.75);
        // Bin 0.9–1.0: confidence 0.95, accuracy 0.5; bin 0.6–0.7: confidence 0.65, accuracy 1.0.
        assertThat(m.bins()).hasSize(2);
        assertThat(m.ece()).isCloseTo(0.5 * 0.45 + 0.5 * 0.35, offset(1e-6));
    }
}
