package io.driftguard.dashboard.assistant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The finding ids an answer cites, checked against the database. The model is told to cite ids in
 * square brackets; a bracketed token that looks like a finding id but names no finding is removed
 * from the text (replaced by a visible marker) and reported, so an invented id is never shown as a
 * link. Bare {@code dg-} ids outside brackets are checked the same way.
 */
final class Citations {

    /** The checked answer: its text, the ids that exist, and the ids that were removed. */
    record Checked(String text, List<String> cited, List<String> removed) {}

    static final String REMOVED_MARKER = "[unknown finding id removed]";

    /** [dg-…] or any bracketed token shaped like a finding id (letters, digits, dashes; a dash inside). */
    private static final Pattern BRACKETED = Pattern.compile("\\[([A-Za-z][A-Za-z0-9]*-[A-Za-z0-9._-]{1,80})]");

    private static final Pattern BARE = Pattern.compile("(?<![A-Za-z0-9\\[-])dg-[0-9a-f]{20}(?![A-Za-z0-9-])");

    private Citations() {}

    static Checked check(String text, Predicate<String> exists) {
        Set<String> cited = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        String out = replace(BRACKETED, text, 1, exists, cited, removed, true);
        out = replace(BARE, out, 0, exists, cited, removed, false);
        return new Checked(out, new ArrayList<>(cited), new ArrayList<>(removed));
    }

    private static String replace(
            Pattern pattern,
            String text,
            int group,
            Predicate<String> exists,
            Set<String> cited,
            Set<String> removed,
            boolean bracketed) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String id = m.group(group);
            String replacement;
            if (exists.test(id)) {
                cited.add(id);
                replacement = "[" + id + "]";
            } else {
                removed.add(id);
                replacement = REMOVED_MARKER;
            }
            if (!bracketed && cited.contains(id)) {
                replacement = "[" + id + "]";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
