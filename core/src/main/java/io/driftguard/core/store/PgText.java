package io.driftguard.core.store;

/**
 * Text from audit logs on its way into PostgreSQL. A JSON string may carry {@code \u0000}, and a
 * log field any character, but PostgreSQL's {@code text} and {@code jsonb} hold no NUL: the statement
 * fails ("invalid byte sequence for encoding UTF8: 0x00", "unsupported Unicode escape sequence"), and
 * a sink that retries it fails for ever. Every NUL is written as U+FFFD, the replacement character,
 * and so is half a surrogate pair (which the driver would otherwise encode as '?').
 */
final class PgText {

    static final char REPLACEMENT = '\uFFFD';

    private static final String NUL_ESCAPE = "\\u0000";

    private PgText() {}

    /** A text column's value. */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = 0;
        while (i < n && !unwritable(s, i)) {
            i += Character.isHighSurrogate(s.charAt(i)) ? 2 : 1;
        }
        if (i >= n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            if (unwritable(s, i)) {
                out.append(REPLACEMENT);
                i++;
            } else if (Character.isHighSurrogate(s.charAt(i))) {
                out.append(s, i, i + 2);
                i += 2;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    /** A NUL, or a surrogate that is not half of a pair. */
    private static boolean unwritable(String s, int i) {
        char c = s.charAt(i);
        if (c == '\0') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c);
    }

    /**
     * A {@code jsonb} value given as JSON text: raw NULs and the escape {@code \u0000} (not an
     * escaped backslash followed by {@code u0000}) become U+FFFD.
     */
    static String json(String json) {
        String j = text(json);
        if (j == null) {
            return null;
        }
        int at = j.indexOf(NUL_ESCAPE);
        if (at < 0) {
            return j;
        }
        StringBuilder out = new StringBuilder(j.length());
        int from = 0;
        while (at >= 0) {
            int backslashes = 0;
            for (int k = at - 1; k >= 0 && j.charAt(k) == '\\'; k--) {
                backslashes++;
            }
            if (backslashes % 2 == 0) { // this backslash starts an escape
                out.append(j, from, at).append("\\ufffd");
                from = at + NUL_ESCAPE.length();
                at = j.indexOf(NUL_ESCAPE, from);
            } else {
                at = j.indexOf(NUL_ESCAPE, at + 1);
            }
        }
        return out.append(j, from, j.length()).toString();
    }
}
