package io.driftguard.models.training;

import io.driftguard.models.eval.ConfidenceQuality;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The reliability diagram of a {@link ConfidenceQuality} as a PNG, drawn with Java2D so the lab needs
 * no plotting library: per confidence bin, a bar up to the bin's accuracy and a marker at its mean
 * confidence; the diagonal is perfect calibration, a bar below its marker is over-confidence. Bar
 * widths grow with the bin's share of answers (a thin bar is a bin with few answers). Anti-aliasing is
 * off and nothing depends on the clock, so equal inputs draw equal bytes on one machine (text pixels
 * depend on the fonts installed).
 */
public final class ReliabilityDiagram {

    static final int WIDTH = 640;
    static final int HEIGHT = 440;
    static final int LEFT = 60;
    static final int RIGHT = 20;
    static final int TOP = 50;
    static final int BOTTOM = 60;

    private ReliabilityDiagram() {}

    public static byte[] png(ConfidenceQuality q, String title) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int w = WIDTH - LEFT - RIGHT;
            int h = HEIGHT - TOP - BOTTOM;

            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(
                    String.format(
                            Locale.ROOT,
                            "%d answers · ECE %.3f · AUC %s · mean confidence right %.3f / wrong %s",
                            q.n(),
                            q.ece(),
                            Double.isNaN(q.auc()) ? "n/a" : String.format(Locale.ROOT, "%.3f", q.auc()),
                            q.meanConfidenceRight(),
                            Double.isNaN(q.meanConfidenceWrong())
                                    ? "n/a"
                                    : String.format(Locale.ROOT, "%.3f", q.meanConfidenceWrong())),
                    LEFT,
                    38);

            // Grid and axes.
            g.setColor(new Color(0xE0E0E0));
            for (int i = 1; i < 10; i++) {
                int x = LEFT + w * i / 10;
                int y = TOP + h - h * i / 10;
                g.drawLine(x, TOP, x, TOP + h);
                g.drawLine(LEFT, y, LEFT + w, y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, w, h);
            for (int i = 0; i <= 10; i += 2) {
                String label = String.format(Locale.ROOT, "%.1f", i / 10.0);
                g.drawString(label, LEFT + w * i / 10 - 8, TOP + h + 15);
                g.drawString(label, LEFT - 28, TOP + h - h * i / 10 + 4);
            }
            g.drawString("confidence (top probability)", LEFT + w / 2 - 75, TOP + h + 32);
            g.drawString("accuracy", 6, TOP - 6);

            // Bars: accuracy per bin, width by share of answers.
            for (ConfidenceQuality.Bin bin : q.bins()) {
                int x0 = LEFT + (int) Math.round(w * bin.lower());
                int full = w / 10;
                int bw = Math.max(3, (int) Math.round(full
                        * Math.min(1.0, 0.25 + 0.75 * Math.sqrt(bin.n() / (double) q.n()))));
                int bx = x0 + (full - bw) / 2;
                int top = TOP + h - (int) Math.round(h * bin.accuracy());
                g.setColor(new Color(0x4C78A8));
                g.fillRect(bx, top, bw, TOP + h - top);
                int cy = TOP + h - (int) Math.round(h * bin.meanConfidence());
                g.setColor(new Color(0xE45756));
                g.fillRect(bx, cy - 1, bw, 3);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.valueOf(bin.n()), x0 + full / 2 - 8, Math.min(top, cy) - 4);
            }

            // Perfect calibration.
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
            g.drawLine(LEFT, TOP + h, LEFT + w, TOP);

            // Legend.
            g.setStroke(new BasicStroke(1));
            int ly = HEIGHT - 14;
            g.setColor(new Color(0x4C78A8));
            g.fillRect(LEFT, ly - 9, 12, 10);
            g.setColor(Color.BLACK);
            g.drawString("accuracy (answers above the bar)", LEFT + 16, ly);
            g.setColor(new Color(0xE45756));
            g.fillRect(LEFT + 250, ly - 5, 12, 3);
            g.setColor(Color.BLACK);
            g.drawString("mean confidence · dashed: perfect calibration", LEFT + 266, ly);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The file name the card uses for a data set's diagram. */
    public static String fileName(String dataName) {
        return "reliability-"
                + dataName.toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("(^-|-$)", "") + ".png";
    }
}
