package io.driftguard.judge.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;

/**
 * Quoting for the commands DriftGuard shows (never runs). Every value that comes from a log or a
 * state file is passed through {@link #q}: a word of only safe characters stays bare, anything else
 * is single-quoted with embedded quotes written {@code '\''}, so a name like
 * {@code a'b; rm -rf /} stays one inert argument.
 */
final class ShellQuoting {

    private ShellQuoting() {}

    static String q(String s) {
        if (s == null) {
            return "''";
        }
        if (!s.isEmpty() && safe(s)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code --flag=value} with the whole word quoted when needed. */
    static String opt(String flag, String value) {
        return q(flag + "=" + value);
    }

    /** A JSON value as one quoted argument. */
    static String json(JsonNode n) {
        try {
            return q(Json.MAPPER.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            return q(String.valueOf(n));
        }
    }

    private static boolean safe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '/'
                    || c == ':'
                    || c == '='
                    || c == '@'
                    || c == ','
                    || c == '+'
                    || c == '%';
            if (!ok) {
                return false;
            }
        }
        // a leading '-' would read as an option
        return s.charAt(0) != '-' || s.startsWith("--");
    }
}
