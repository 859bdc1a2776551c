package io.driftguard.judge.policy;

import io.driftguard.core.config.ConfigException;
import io.driftguard.core.config.Glob;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.core.vocabulary.Term;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code policy} section of {@code config.yaml}: severity and recommendation rules tried, first
 * match wins, before docs/design/taxonomy.md's defaults. The format is documented in {@code docs/policy.md}:
 *
 * <pre>
 * policy:
 *   severity:
 *     - name: tags-are-cosmetic
 *       when: {path: "tags.*"}
 *       level: low            # low | medium | high | ignore
 *       dimension: compliance # optional; needed to rate paths no default rule covers
 *   recommendations:
 *     - name: asg-is-fine
 *       when: {cause: automated_response, resource_type: aws_autoscaling_group}
 *       recommend: accept_as_exception
 *       confidence: 0.9       # optional, how clear-cut the rule is (default 1)
 *       note: capacity is owned by the scaling policy   # optional, added to the reasoning
 * </pre>
 *
 * A mistake (unknown key, bad value, missing field) fails at start-up with a {@link ConfigException}
 * naming the file and line, as the rest of the configuration does.
 */
public final class PolicyOverrides implements Serializable {

    private static final Set<String> DIMENSIONS = Set.of("security", "compliance", "performance", "cost");
    private static final Set<String> TOP = Set.of("severity", "recommendations", "comment");
    private static final Set<String> SEVERITY_KEYS = Set.of("name", "when", "level", "dimension", "comment");
    private static final Set<String> RECOMMENDATION_KEYS =
            Set.of("name", "when", "recommend", "confidence", "note", "comment");
    private static final Set<String> WHEN_KEYS = Set.of(
            "cloud",
            "resource_type",
            "resource",
            "path",
            "service",
            "actor",
            "cause",
            "severity",
            "default_rule",
            "incident_open",
            "status");

    /** Conditions; every one given must hold. */
    public record When(
            Cloud cloud,
            Glob resourceType,
            Glob resource,
            Glob path,
            Glob service,
            Glob actor,
            Set<Cause> causes,
            Set<Severity> severities,
            Glob defaultRule,
            Boolean incidentOpen,
            FindingStatus status)
            implements Serializable {

        /** For severity rules: {@code rule} is the default rule being replaced (null when rating extra paths). */
        boolean matches(Finding f, SeverityPolicy.Rule rule, Set<String> paths) {
            if (!resourceMatches(f)) {
                return false;
            }
            if (defaultRule != null
                    && (rule == null || !defaultRule.matches(rule.id()) && !defaultRule.matches(rule.wording()))) {
                return false;
            }
            if (causes != null && !causes.contains(f.cause())) {
                return false;
            }
            return path == null || paths.stream().anyMatch(path::matches);
        }

        boolean matches(Finding f, Cause cause, Severity severity, boolean open) {
            if (!resourceMatches(f)) {
                return false;
            }
            if (causes != null && !causes.contains(cause)) {
                return false;
            }
            if (severities != null && !severities.contains(severity)) {
                return false;
            }
            if (incidentOpen != null && incidentOpen != open) {
                return false;
            }
            return path == null || f.changes().stream().anyMatch(c -> path.matches(c.path()));
        }

        private boolean resourceMatches(Finding f) {
            if (cloud != null && cloud != f.cloud()) {
                return false;
            }
            if (resourceType != null && !resourceType.matches(f.resourceType())) {
                return false;
            }
            if (resource != null && !resource.matches(f.resourceId())) {
                return false;
            }
            if (service != null && !service.matches(f.service())) {
                return false;
            }
            if (status != null && status != f.status()) {
                return false;
            }
            return actor == null
                    || f.actor() != null
                            && (actor.matches(f.actor().id())
                                    || actor.matches(f.actor().display()));
        }
    }

    /** A severity rule: {@code level} null means ignore (drop the entry). */
    public record SeverityOverride(String name, When when, Severity level, String dimension) implements Serializable {
        boolean ignore() {
            return level == null;
        }
    }

    public record RecommendationOverride(
            String name, When when, Recommendation recommend, double confidence, String note) implements Serializable {}

    private final List<SeverityOverride> severity;
    private final List<RecommendationOverride> recommendations;

    private PolicyOverrides(List<SeverityOverride> severity, List<RecommendationOverride> recommendations) {
        this.severity = List.copyOf(severity);
        this.recommendations = List.copyOf(recommendations);
    }

    public static PolicyOverrides none() {
        return new PolicyOverrides(List.of(), List.of());
    }

    public List<SeverityOverride> severity() {
        return severity;
    }

    public List<RecommendationOverride> recommendations() {
        return recommendations;
    }

    /**
     * Parses the section as {@code ConfigLoader} keeps it (plain maps with {@code __line}).
     *
     * @param origin the configuration file, for messages
     */
    public static PolicyOverrides parse(Map<String, Object> policy, String origin) {
        if (policy == null || policy.isEmpty()) {
            return none();
        }
        Parser p = new Parser(origin);
        Map<String, Object> top = p.map(policy, "policy", TOP, line(policy));
        List<SeverityOverride> sev = new ArrayList<>();
        for (Map<String, Object> m : p.list(top.get("severity"), "policy.severity", line(policy))) {
            sev.add(p.severity(m));
        }
        List<RecommendationOverride> rec = new ArrayList<>();
        for (Map<String, Object> m : p.list(top.get("recommendations"), "policy.recommendations", line(policy))) {
            rec.add(p.recommendation(m));
        }
        return new PolicyOverrides(sev, rec);
    }

    private static int line(Map<String, Object> m) {
        Object l = m.get("__line");
        return l instanceof Integer i ? i : 0;
    }

    private record Parser(String origin) {

        SeverityOverride severity(Map<String, Object> raw) {
            int line = line(raw);
            Map<String, Object> m = map(raw, "a severity rule", SEVERITY_KEYS, line);
            String name = required(m, "name", line);
            String level = lower(required(m, "level", line));
            if (!level.equals("ignore") && !Term.ids(Severity.class).contains(level)) {
                throw error(
                        line,
                        "severity rule '" + name + "': level must be low, medium, high or ignore, got '" + level + "'");
            }
            String dimension = lower(optional(m, "dimension", line));
            if (dimension != null && !DIMENSIONS.contains(dimension)) {
                throw error(
                        line,
                        "severity rule '" + name + "': dimension must be one of " + sorted(DIMENSIONS) + ", got '"
                                + dimension + "'");
            }
            return new SeverityOverride(
                    name,
                    when(m.get("when"), name, line),
                    level.equals("ignore") ? null : Severity.of(level),
                    dimension);
        }

        RecommendationOverride recommendation(Map<String, Object> raw) {
            int line = line(raw);
            Map<String, Object> m = map(raw, "a recommendation rule", RECOMMENDATION_KEYS, line);
            String name = required(m, "name", line);
            String rec = lower(required(m, "recommend", line));
            if (!Term.ids(Recommendation.class).contains(rec)) {
                throw error(
                        line,
                        "recommendation rule '" + name + "': recommend must be one of "
                                + sorted(Term.ids(Recommendation.class)) + ", got '" + rec + "'");
            }
            double confidence = 1.0;
            String c = optional(m, "confidence", line);
            if (c != null) {
                try {
                    confidence = Double.parseDouble(c);
                } catch (NumberFormatException e) {
                    confidence = -1;
                }
                if (!(confidence >= 0 && confidence <= 1)) {
                    throw error(
                            line,
                            "recommendation rule '" + name + "': confidence must be a number from 0 to 1, got '" + c
                                    + "'");
                }
            }
            return new RecommendationOverride(
                    name,
                    when(m.get("when"), name, line),
                    Recommendation.of(rec),
                    confidence,
                    optional(m, "note", line));
        }

        When when(Object raw, String name, int parentLine) {
            if (raw == null) {
                throw error(parentLine, "rule '" + name + "' needs 'when' (use when: {} to match every finding)");
            }
            if (!(raw instanceof Map)) {
                throw error(parentLine, "rule '" + name + "': when must be a mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> w = (Map<String, Object>) raw;
            int line = line(w);
            Map<String, Object> m = map(w, "when", WHEN_KEYS, line);
            Cloud cloud = null;
            String cl = optional(m, "cloud", line);
            if (cl != null) {
                try {
                    cloud = Cloud.fromWire(cl);
                } catch (IllegalArgumentException e) {
                    throw error(line, "when.cloud must be one of aws, gcp, azure, kubernetes, got '" + cl + "'");
                }
            }
            Set<Cause> causes = terms(m.get("cause"), "when.cause", Cause.class, line);
            Set<Severity> severities = terms(m.get("severity"), "when.severity", Severity.class, line);
            Boolean incident = null;
            String io = optional(m, "incident_open", line);
            if (io != null) {
                if (!io.equals("true") && !io.equals("false")) {
                    throw error(line, "when.incident_open must be true or false, got '" + io + "'");
                }
                incident = Boolean.parseBoolean(io);
            }
            String st = lower(optional(m, "status", line));
            if (st != null && !Term.ids(FindingStatus.class).contains(st)) {
                throw error(line, "when.status must be open or resolved, got '" + st + "'");
            }
            FindingStatus status = FindingStatus.of(st);
            return new When(
                    cloud,
                    glob(m, "resource_type", line),
                    glob(m, "resource", line),
                    glob(m, "path", line),
                    glob(m, "service", line),
                    glob(m, "actor", line),
                    causes,
                    severities,
                    glob(m, "default_rule", line),
                    incident,
                    status);
        }

        private <E extends Enum<E> & Term> Set<E> terms(Object v, String what, Class<E> type, int line) {
            if (v == null) {
                return null;
            }
            List<Object> items = v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
            Set<E> out = new LinkedHashSet<>();
            for (Object o : items) {
                String id = o instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
                if (id == null || !Term.ids(type).contains(id)) {
                    throw error(
                            line,
                            what + " must be one of " + sorted(Term.ids(type)) + " (or a list of them), got '" + o
                                    + "'");
                }
                out.add(Term.parse(type, id));
            }
            return out;
        }

        private Glob glob(Map<String, Object> m, String key, int line) {
            String v = optional(m, key, line);
            return v == null ? null : Glob.of(v);
        }

        Map<String, Object> map(Map<String, Object> m, String what, Set<String> allowed, int line) {
            for (String k : m.keySet()) {
                if (!k.equals("__line") && !allowed.contains(k)) {
                    throw error(line, "unknown key '" + k + "' in " + what + "; expected one of " + sorted(allowed));
                }
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(Object v, String what, int line) {
            if (v == null || v instanceof String s && s.isEmpty()) {
                return List.of();
            }
            if (!(v instanceof List<?> l)) {
                throw error(line, what + " must be a list of rules");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof Map)) {
                    throw error(line, what + ": every entry must be a mapping with name, when, …, got '" + o + "'");
                }
                out.add((Map<String, Object>) o);
            }
            return out;
        }

        private String required(Map<String, Object> m, String key, int line) {
            String v = optional(m, key, line);
            if (v == null) {
                throw error(line, "a policy rule needs '" + key + "'");
            }
            return v;
        }

        private String optional(Map<String, Object> m, String key, int line) {
            Object v = m.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw error(line, key + " must be a single value, not a list or mapping");
            }
            String t = s.trim();
            if (t.isEmpty()) {
                throw error(line, key + " must not be empty");
            }
            return t;
        }

        private ConfigException error(int line, String message) {
            return new ConfigException(String.format(Locale.ROOT, "%s line %d: %s", origin, line, message));
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static List<String> sorted(Collection<String> s) {
        return s.stream().sorted().toList();
    }
}
