package io.driftguard.dashboard.assistant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets (and, when configured, e-mail addresses) before text leaves for the model. One
 * masker serves one request: it counts what it masked, for the audit row, and remembers the e-mail
 * addresses it replaced, so an answer that names {@code <email:3f2a9c1d>} can be shown with the
 * address again. Secrets are never restored.
 *
 * <p>The patterns work on plain text and on JSON text alike: a value stops at a quote, a backslash
 * (a JSON escape), whitespace or a separator.
 */
final class Masker {

    /** A kind of value masked, with the pattern that finds it. The order matters: longest first. */
    enum Kind {
        PRIVATE_KEY(Pattern.compile(
                "-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[^\"]*?-----END [A-Z ]*PRIVATE KEY-----|[^\"]*)")),
        AWS_ACCESS_KEY(Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b")),
        JWT(Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*")),
        BEARER_TOKEN(Pattern.compile("(?i)\\b(bearer|token)\\s+([A-Za-z0-9._~+/=-]{12,})")),
        SECRET_ASSIGNMENT(
                Pattern.compile("(?i)(\\\\?[\"']?)([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key"
                        + "|access[_-]?key|private[_-]?key|credentials?|authorization)[A-Za-z0-9_.-]*)\\1(\\s*[=:]\\s*)"
                        + "(\\\\\"(?:[^\"\\\\])*\\\\\"|\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s,;&\"'\\\\}\\]]+)")),
        EMAIL(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"));

        final Pattern pattern;

        Kind(Pattern pattern) {
            this.pattern = pattern;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Pattern EMAIL_TOKEN = Pattern.compile("<email:([0-9a-f]{8})>");

    private final boolean maskEmails;
    private final Map<Kind, Integer> counts = new TreeMap<>();
    private final Map<String, String> emails = new HashMap<>();

    Masker(boolean maskEmails) {
        this.maskEmails = maskEmails;
    }

    /** The text with every secret replaced by {@code [masked:kind]}. */
    String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Kind kind : Kind.values()) {
            if (kind == Kind.EMAIL && !maskEmails) {
                continue;
            }
            out = replace(kind, out);
        }
        return out;
    }

    private String replace(Kind kind, String text) {
        Matcher m = kind.pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        boolean found = false;
        while (m.find()) {
            String replacement;
            switch (kind) {
                case SECRET_ASSIGNMENT -> {
                    String value = m.group(4);
                    if (value.contains("[masked:") || value.equals("\"\"") || value.isEmpty()) {
                        continue; // already masked, or empty: nothing secret left
                    }
                    String quote = value.startsWith("\\\"")
                            ? "\\\""
                            : value.startsWith("\"") ? "\"" : value.startsWith("'") ? "'" : "";
                    replacement = m.group(1) + m.group(2) + m.group(1) + m.group(3) + quote + "[masked:secret]" + quote;
                }
                case BEARER_TOKEN -> replacement = m.group(1) + " [masked:bearer_token]";
                case EMAIL -> {
                    String token = "<email:" + digest(m.group()) + ">";
                    emails.putIfAbsent(token, m.group());
                    replacement = token;
                }
                default -> replacement = "[masked:" + kind.label() + "]";
            }
            found = true;
            counts.merge(kind, 1, Integer::sum);
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        if (!found) {
            return text;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The model's text with the e-mail tokens of this request turned back into addresses, for display. */
    String restore(String text) {
        if (text == null || emails.isEmpty()) {
            return text;
        }
        return EMAIL_TOKEN
                .matcher(text)
                .replaceAll(r -> Matcher.quoteReplacement(emails.getOrDefault(r.group(), r.group())));
    }

    /** How many values of each kind were masked, for the audit row and the metrics. */
    Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.label(), v));
        return out;
    }

    private static String digest(String email) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(email.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
