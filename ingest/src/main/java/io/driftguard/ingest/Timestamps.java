package io.driftguard.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the timestamps providers write, without regular expressions or exceptions on the common
 * path: RFC 3339 with 0 to 9 fractional digits and {@code Z} or an offset ({@code +02:00},
 * {@code +0200}), and Panther's normalised {@code YYYY-MM-DD hh:mm:ss.fff} (space, no zone: UTC).
 */
public final class Timestamps {

    private static final int[] SCALE = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private Timestamps() {}

    /** The instant, or null when the text is absent or not a timestamp. */
    public static Instant parse(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return fallback(s);
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return fallback(s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 60) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            i++;
            int count = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                if (count < 9) {
                    nanos = nanos * 10 + (c - '0');
                }
                count++;
                i++;
            }
            if (count == 0) {
                return null;
            }
            if (count < 9) {
                nanos *= SCALE[9 - count];
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i + 1 == n) {
                offsetSeconds = 0;
            } else if (z == '+' || z == '-') {
                int rest = n - i - 1;
                int oh;
                int om;
                if (rest == 5 && s.charAt(i + 3) == ':') {
                    oh = digits(s, i + 1, 2);
                    om = digits(s, i + 4, 2);
                } else if (rest == 4) {
                    oh = digits(s, i + 1, 2);
                    om = digits(s, i + 3, 2);
                } else if (rest == 2) {
                    oh = digits(s, i + 1, 2);
                    om = 0;
                } else {
                    return null;
                }
                if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                    return null;
                }
                offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
            } else {
                return null;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // 31 February and the like
        }
        long secs = epochDay * 86_400L + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return Instant.ofEpochSecond(secs, nanos);
    }

    /** Milliseconds since the epoch (Jira {@code timestamp}). */
    public static Instant ofEpochMillis(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    /** True for Go's zero time {@code 0001-01-01T00:00:00Z}, which Alertmanager uses for "unset". */
    public static boolean isUnset(Instant t) {
        return t == null || t.getEpochSecond() <= -62_135_596_800L;
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    // Rare shapes (e.g. a date only): let java.time decide, once.
    private static Instant fallback(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
