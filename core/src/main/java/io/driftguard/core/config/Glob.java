package io.driftguard.core.config;

/**
 * The configuration's glob: {@code *} matches any run of characters (including none and including
 * {@code /} and {@code :}), every other character matches itself, case-sensitively. Compiled once,
 * matched without regular expressions because principals are matched on every change.
 */
public final class Glob implements java.io.Serializable {

    private final String pattern;
    private final String[] parts;

    private Glob(String pattern) {
        this.pattern = pattern;
        this.parts = pattern.split("\\*", -1);
    }

    public static Glob of(String pattern) {
        return new Glob(pattern);
    }

    public String pattern() {
        return pattern;
    }

    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        if (parts.length == 1) {
            return value.equals(pattern);
        }
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int pos = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = value.indexOf(parts[i], pos);
            if (at < 0) {
                return false;
            }
            pos = at + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - pos >= last.length() && value.endsWith(last);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
