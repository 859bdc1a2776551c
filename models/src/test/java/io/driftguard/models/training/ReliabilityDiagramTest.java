package io.driftguard.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.models.eval.ConfidenceQuality;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReliabilityDiagramTest {

    private static ConfidenceQuality overConfident() {
        double[] confidence = new double[200];
        boolean[] right = new boolean[200];
        for (int i = 0; i < 200; i++) {
            confidence[i] = 0.55 + 0.45 * (i % 10) / 10.0;
            right[i] = i % 3 != 0; // two in three right whatever the confidence
        }
        return ConfidenceQuality.of(confidence, right);
    }

    @Test
    void drawsAPngWhoseBarsFollowTheAccuracyAndTheSameInputDrawsTheSameBytes() throws Exception {
        ConfidenceQuality q = overConfident();
        byte[] a = ReliabilityDiagram.png(q, "Reliability, test");
        byte[] b = ReliabilityDiagram.png(q, "Reliability, test");
        assertThat(a).isEqualTo(b);

        BufferedImage img = ImageIO.read(new ByteArrayInputStream(a));
        assertThat(img.getWidth()).isEqualTo(ReliabilityDiagram.WIDTH);
        assertThat(img.getHeight()).isEqualTo(ReliabilityDiagram.HEIGHT);
        // The 0.9–1.0 bin holds 0.955 of confidence but about 2/3 accuracy: its bar is blue at 50 %
        // height and white above 80 %, under the red confidence marker.
        int x = ReliabilityDiagram.LEFT
                + (ReliabilityDiagram.WIDTH - ReliabilityDiagram.LEFT - ReliabilityDiagram.RIGHT) * 95 / 100;
        int plotTop = ReliabilityDiagram.TOP;
        int plotHeight = ReliabilityDiagram.HEIGHT - ReliabilityDiagram.TOP - ReliabilityDiagram.BOTTOM;
        int at50 = plotTop + plotHeight / 2;
        int at80 = plotTop + plotHeight - plotHeight * 8 / 10;
        assertThat(img.getRGB(x, at50) & 0xFFFFFF).isEqualTo(0x4C78A8);
        assertThat(img.getRGB(x, at80) & 0xFFFFFF).isNotEqualTo(0x4C78A8);
        assertThat(ReliabilityDiagram.fileName("unseen worlds (all)")).isEqualTo("reliability-unseen-worlds-all.png");
    }
}
