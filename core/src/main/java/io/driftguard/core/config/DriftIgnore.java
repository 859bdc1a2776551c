package io.driftguard.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ignore rules from a {@code .driftignore} file kept next to the IaC, in driftctl's syntax: one
 * rule per line, {@code <resource type>.<resource id>[.<attribute path>]}, {@code *} as a wildcard
 * in any part, {@code \.} for a dot inside an id, {@code #} comments. Examples:
 *
 * <pre>
 *   aws_s3_bucket.my\.logs            # every attribute of the bucket "my.logs"
 *   aws_iam_user.*                     # every IAM user
 *   *.*.tags.scan-*                    # tags starting with scan- on everything
 *   Deployment.prod/shop/Deployment/web.spec.replicas
 * </pre>
 *
 * Negations ({@code !rule}) are refused with the line, rather than silently ignored, since a
 * dropped negation would hide drift the user asked to see.
 */
public final class DriftIgnore {

    private DriftIgnore() {}

    public static List<IgnoreRule> load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static List<IgnoreRule> parse(List<String> lines, String origin) {
        List<IgnoreRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = origin + " line " + (i + 1);
            if (line.startsWith("!")) {
                throw new ConfigException(
                        where + ": negated rules ('" + line + "') are not supported; narrow the rules above instead");
            }
            List<String> parts = split(line);
            if (parts.size() < 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
                throw new ConfigException(
                        where + ": expected <resource type>.<resource id>[.<attribute>], got '" + line + "'");
            }
            String attribute = parts.size() > 2 ? String.join(".", parts.subList(2, parts.size())) : null;
            rules.add(new IgnoreRule(
                    null,
                    glob(parts.get(0)),
                    glob(parts.get(1)),
                    attribute == null ? null : Glob.of(attribute),
                    null,
                    null,
                    origin + ":" + (i + 1)));
        }
        return rules;
    }

    private static Glob glob(String part) {
        return part.equals("*") ? null : Glob.of(part);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** Splits on dots that are not escaped with a backslash; the first two parts are type and id. */
    private static List<String> split(String line) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '.') {
                current.append('.');
                i++;
            } else if (c == '.' && parts.size() < 2) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
