package io.driftguard.pipeline.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The replay output contract of docs/design/replay-contract.md as a check: what every line of
 * {@code FINDINGS.jsonl} must hold. Written from the document, not from the classes that produce the
 * output, so a change to the code that breaks the public format fails here. Adding optional fields
 * is allowed; this check ignores fields it does not know.
 */
final class FindingsContract {

    /** Detection owns identity, resource, events and changes; the judge adds cause, severity and the rest. */
    enum Stage {
        DETECTION,
        FULL
    }

    static final Set<String> KINDS = Set.of("drift", "unmanaged");
    static final Set<String> CLOUDS = Set.of("aws", "gcp", "azure", "kubernetes");
    static final Set<String> IAC_SOURCES = Set.of("terraform", "cloudformation", "kubernetes");
    static final Set<String> STATUSES = Set.of("open", "resolved");
    static final Set<String> RESOLUTIONS = Set.of("reverted", "codified");
    static final Set<String> ACTOR_TYPES = Set.of("human", "automation", "service", "unknown");
    static final Set<String> CAUSES = Set.of(
            "emergency_fix",
            "manual_troubleshooting",
            "security_response",
            "configuration_error",
            "automated_response");
    static final List<String> SEVERITIES = List.of("low", "medium", "high");
    static final Set<String> DIMENSIONS = Set.of("security", "compliance", "performance", "cost");
    static final Set<String> RECOMMENDATIONS =
            Set.of("auto_revert", "codify_into_iac", "escalate_for_review", "accept_as_exception");
    static final Set<String> CORRELATION_KINDS =
            Set.of("ticket", "incident", "commit", "alert", "finding", "read_activity");
    /** ISO-8601 in UTC, to the second or finer. */
    static final Pattern UTC_TIME =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|\\+00:00)$");

    /** What a whole file amounts to; {@code problems} name the line. */
    record Report(int findings, int drift, int unmanaged, List<String> problems) {

        boolean passes() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return "findings=" + findings + " drift=" + drift + " unmanaged=" + unmanaged + " breaking_contract="
                    + problems.size() + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
        }
    }

    private FindingsContract() {}

    /** Checks every line of a findings file; finding ids must also be unique within it. */
    static Report check(Path findings, Stage stage) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        int total = 0;
        int drift = 0;
        int unmanaged = 0;
        int n = 0;
        for (String line : Files.readAllLines(findings)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            total++;
            JsonNode f;
            try {
                f = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                problems.add("line " + n + ": not JSON: " + e.getOriginalMessage());
                continue;
            }
            for (String p : check(f, stage)) {
                problems.add("line " + n + ": " + p);
            }
            String id = f.path("finding_id").asText(null);
            Integer first = id == null ? null : ids.putIfAbsent(id, n);
            if (first != null) {
                problems.add("line " + n + ": finding_id " + id + " repeats line " + first);
            }
            drift += "drift".equals(f.path("kind").asText()) ? 1 : 0;
            unmanaged += "unmanaged".equals(f.path("kind").asText()) ? 1 : 0;
        }
        return new Report(total, drift, unmanaged, problems);
    }

    /** The problems of one finding; empty when it keeps the contract. */
    static List<String> check(JsonNode f, Stage stage) {
        List<String> p = new ArrayList<>();
        if (!f.isObject()) {
            p.add("not a JSON object");
            return p;
        }
        need(p, f, "finding_id", FindingsContract::text, "a non-empty string");
        need(p, f, "kind", oneOf(KINDS), "drift or unmanaged");
        need(p, f, "cloud", oneOf(CLOUDS), "one of " + new TreeSet<>(CLOUDS));
        need(p, f, "resource_id", FindingsContract::text, "a non-empty string");
        need(p, f, "resource_type", FindingsContract::text, "a non-empty string");
        need(
                p,
                f,
                "source_events",
                v -> v.isArray() && !v.isEmpty() && all(v, FindingsContract::text),
                "a non-empty list of event ids");
        need(
                p,
                f,
                "actor",
                v -> v.isObject() && text(v.get("id")) && oneOf(ACTOR_TYPES).test(v.get("type")) && v.has("display"),
                "{id, type: human|automation|service|unknown, display}");
        need(p, f, "first_event_time", FindingsContract::utcTime, "ISO-8601 UTC");
        need(p, f, "detected_at", FindingsContract::utcTime, "ISO-8601 UTC");
        if (!"drift".equals(f.path("kind").asText())) {
            return p;
        }
        need(
                p,
                f,
                "iac",
                v -> v.isObject() && oneOf(IAC_SOURCES).test(v.get("source")) && text(v.get("address")),
                "{source: terraform|cloudformation|kubernetes, address}");
        need(p, f, "status", oneOf(STATUSES), "open or resolved");
        if ("resolved".equals(f.path("status").asText())) {
            need(p, f, "resolution", oneOf(RESOLUTIONS), "reverted or codified");
        } else if (f.hasNonNull("resolution")) {
            p.add("resolution: only a resolved finding has one, got " + f.get("resolution"));
        }
        need(
                p,
                f,
                "changes",
                v -> v.isArray()
                        && !v.isEmpty()
                        && all(v, c -> c.isObject() && text(c.get("path")) && c.has("desired") && c.has("actual")),
                "a non-empty list of {path, desired, actual}");
        if (f.has("unchanged")
                && !(f.get("unchanged").isArray()
                        && all(f.get("unchanged"), u -> u.isObject() && text(u.get("path")) && u.has("value")))) {
            p.add("unchanged: optional, but when present a list of {path, value}, got " + f.get("unchanged"));
        }
        if (stage == Stage.DETECTION) {
            return p;
        }
        need(p, f, "cause", oneOf(CAUSES), "one of the five causes");
        need(p, f, "cause_confidence", FindingsContract::probability, "a number in 0..1");
        need(p, f, "cause_scores", FindingsContract::causeScores, "all five causes, probabilities summing to 1");
        JsonNode scores = f.path("cause_scores");
        if (scores.has(f.path("cause").asText())
                && probability(f.get("cause_confidence"))
                && Math.abs(scores.get(f.path("cause").asText()).asDouble()
                                - f.get("cause_confidence").asDouble())
                        > 1e-6) {
            p.add("cause_confidence differs from cause_scores[cause]");
        }
        need(p, f, "severity", v -> v.isTextual() && SEVERITIES.contains(v.asText()), "low, medium or high");
        need(
                p,
                f,
                "severity_breakdown",
                v -> v.isArray()
                        && all(
                                v,
                                e -> e.isObject()
                                        && oneOf(DIMENSIONS).test(e.get("dimension"))
                                        && text(e.get("rule"))
                                        && e.has("detail")),
                "a list of {dimension, rule, detail}");
        String highest = highestLevel(f.path("severity_breakdown"));
        if (highest != null
                && f.path("severity").isTextual()
                && !highest.equals(f.path("severity").asText())) {
            p.add("severity " + f.path("severity").asText() + " is not the highest breakdown entry (" + highest + ")");
        }
        need(p, f, "recommendation", oneOf(RECOMMENDATIONS), "one of the four recommendations");
        need(p, f, "recommendation_confidence", FindingsContract::probability, "a number in 0..1");
        for (String key : List.of("reasoning", "risk", "policy_rule")) {
            need(p, f, key, FindingsContract::text, "a non-empty string");
        }
        need(
                p,
                f,
                "correlations",
                v -> v.isArray()
                        && all(
                                v,
                                c -> c.isObject()
                                        && oneOf(CORRELATION_KINDS).test(c.get("kind"))
                                        && text(c.get("id"))
                                        && c.has("source")
                                        && c.has("relation")
                                        && c.has("time")),
                "a list of {kind, id, source, relation, time}");
        need(
                p,
                f,
                "narrative",
                v -> v.isObject()
                        && text(v.get("who"))
                        && text(v.get("when"))
                        && text(v.get("what_triggered"))
                        && text(v.get("summary")),
                "{who, when, what_triggered, summary}");
        need(
                p,
                f,
                "cause_model",
                v -> v.isObject() && text(v.get("name")) && text(v.get("version")) && text(v.get("feature_schema")),
                "{name, version, feature_schema}");
        return p;
    }

    private static void need(List<String> problems, JsonNode f, String key, Predicate<JsonNode> ok, String what) {
        JsonNode v = f.get(key);
        if (v == null || v.isNull()) {
            problems.add("missing " + key);
        } else if (!ok.test(v)) {
            String shown = v.toString();
            problems.add(key + ": " + what + ", got " + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown));
        }
    }

    private static Predicate<JsonNode> oneOf(Set<String> values) {
        return v -> v != null && v.isTextual() && values.contains(v.asText());
    }

    private static boolean text(JsonNode v) {
        return v != null && v.isTextual() && !v.asText().isEmpty();
    }

    private static boolean probability(JsonNode v) {
        return v != null && v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1;
    }

    private static boolean utcTime(JsonNode v) {
        return v != null && v.isTextual() && UTC_TIME.matcher(v.asText()).matches();
    }

    private static boolean all(JsonNode array, Predicate<JsonNode> ok) {
        for (JsonNode e : array) {
            if (!ok.test(e)) {
                return false;
            }
        }
        return true;
    }

    private static boolean causeScores(JsonNode v) {
        if (!v.isObject() || v.size() != CAUSES.size()) {
            return false;
        }
        double sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CAUSES.contains(e.getKey()) || !probability(e.getValue())) {
                return false;
            }
            sum += e.getValue().asDouble();
        }
        return Math.abs(sum - 1) < 0.01;
    }

    /** The highest {@code level} among breakdown entries that carry one, or null. */
    private static String highestLevel(JsonNode breakdown) {
        int best = -1;
        for (JsonNode e : breakdown) {
            best = Math.max(best, SEVERITIES.indexOf(e.path("level").asText()));
        }
        return best < 0 ? null : SEVERITIES.get(best);
    }
}
