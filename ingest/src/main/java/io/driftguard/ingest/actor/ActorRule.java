package io.driftguard.ingest.actor;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;
import io.driftguard.ingest.Nodes;
import java.util.regex.Pattern;

/**
 * One built-in recognition rule: if the facet matches, the caller is of this type. Matching is
 * ASCII case-insensitive; the regex form is precompiled and used only where a plain prefix or
 * suffix cannot express the shape (GCP service agents carry a project number).
 *
 * @param tail for a regex, the literal text every match ends with ({@link #literalTail}; empty if
 *     none): a value without it is no match, and the regex runs only on values that have it (most
 *     principals are people and service accounts the regexes never match)
 * @param why a few words for people reading the table or a classification
 */
public record ActorRule(
        Cloud cloud, Facet facet, Match match, String pattern, Pattern regex, String tail, ActorType type, String why) {

    /** How the pattern is compared. */
    public enum Match {
        EXACT,
        PREFIX,
        SUFFIX,
        CONTAINS,
        REGEX
    }

    /** Escapes whose following letters or digits are part of them (a code, not literal text). */
    private static final String[] CODED_ESCAPES = {"\\x", "\\u", "\\0", "\\c", "\\Q", "\\N"};

    static ActorRule of(Cloud cloud, Facet facet, Match match, String pattern, ActorType type, String why) {
        Pattern regex = match == Match.REGEX ? Pattern.compile(pattern, Pattern.CASE_INSENSITIVE) : null;
        String tail = match == Match.REGEX ? literalTail(pattern) : "";
        return new ActorRule(cloud, facet, match, pattern, regex, tail, type, why);
    }

    /**
     * The literal characters a regex ends with, which the whole of every value it matches therefore
     * ends with: letters, digits, {@code @ - _ / : ,} and escaped punctuation ({@code \.}), read
     * backwards up to the first character that is anything else (a class, a quantifier, a group). Empty
     * when the regex has an alternation (it may end elsewhere), inline flags or groups with options
     * ({@code (?x)} makes text a comment), or an escape whose letters and digits stand for another
     * character: hexadecimal, Unicode, octal and control escapes, quoting ({@code \x41} for A).
     */
    static String literalTail(String regex) {
        if (regex.indexOf('|') >= 0 || regex.contains("(?")) {
            return "";
        }
        for (String escape : CODED_ESCAPES) {
            if (regex.contains(escape)) {
                return ""; // rare in these rules: not worth reading the escape's end
            }
        }
        StringBuilder tail = new StringBuilder();
        int k = regex.length() - 1;
        while (k >= 0) {
            char c = regex.charAt(k);
            int backslashes = 0;
            while (k - 1 - backslashes >= 0 && regex.charAt(k - 1 - backslashes) == '\\') {
                backslashes++;
            }
            boolean escaped = backslashes % 2 == 1;
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (escaped && !word && c < 0x80) {
                tail.append(c); // \. \- \@ ...: the character itself
                k -= 2;
            } else if (!escaped && (word || "@-_/:,".indexOf(c) >= 0)) {
                tail.append(c);
                k--;
            } else {
                break; // \d, a class, a quantifier, a group, an anchor
            }
        }
        return tail.reverse().toString();
    }

    boolean matches(ActorFacts facts) {
        String value = facts.get(facet);
        if (value == null) {
            return false;
        }
        return switch (match) {
            case EXACT -> value.equalsIgnoreCase(pattern);
            case PREFIX -> Nodes.startsWithIgnoreCase(value, pattern);
            case SUFFIX -> Nodes.endsWithIgnoreCase(value, pattern);
            case CONTAINS -> Nodes.containsIgnoreCase(value, pattern);
            case REGEX ->
                Nodes.endsWithIgnoreCase(value, tail) && regex.matcher(value).matches();
        };
    }
}
