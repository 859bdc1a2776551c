package io.driftguard.dashboard.timeline;

import java.time.Duration;

/** Durations as people say them, matching the pages' {@code DG.duration}: "850 ms", "4 s", "3 min 12 s", "2 h 5 min". */
final class Durations {

    private Durations() {}

    static String spoken(Duration d) {
        String sign = d.isNegative() ? "−" : "";
        long ms = Math.abs(d.toMillis());
        if (ms < 1000) {
            return sign + ms + " ms";
        }
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return sign + s + " s";
        }
        long m = s / 60;
        long h = m / 60;
        long days = h / 24;
        if (m < 60) {
            return sign + m + " min" + (s % 60 != 0 ? " " + (s % 60) + " s" : "");
        }
        if (h < 24) {
            return sign + h + " h" + (m % 60 != 0 ? " " + (m % 60) + " min" : "");
        }
        return sign + days + " d" + (h % 24 != 0 ? " " + (h % 24) + " h" : "");
    }
}
