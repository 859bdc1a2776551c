package io.driftguard.dashboard.assistant;

import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import com.google.genai.types.Type;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.dashboard.finding.FindingRepository;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only functions the model may call: fixed, parameterised, read-only queries over the analyst
 * views (run by {@link ReadOnlyQueries} as {@code driftguard_analyst}) and the finding API's
 * document. The model supplies values, never SQL; a call to any other name is refused and recorded.
 */
final class AssistantTools {

    /** One call as the model asked for it and as it ended. */
    record Call(String name, Map<String, Object> args, boolean refused, int rows, String error) {}

    /** What a call returns: the response given to the model, and the finding ids it showed. */
    record Result(Call call, Map<String, Object> response, Set<String> findingIds) {}

    static final String SEARCH = "search_findings";
    static final String GET = "get_finding";
    static final String HISTORY = "finding_history";
    static final String ACTORS = "top_drifting_actors";
    static final String RESOURCES = "top_drifting_resources";
    static final String RESOLVE = "time_to_resolve";
    static final String ADOPTION = "recommendation_adoption";

    /** Every tool the model may call; each one only reads. */
    static final Set<String> ALLOWED = Set.of(SEARCH, GET, HISTORY, ACTORS, RESOURCES, RESOLVE, ADOPTION);

    private static final String FINDING_COLUMNS = "finding_id, kind, cloud, account, resource_id, resource_type,"
            + " service, status, resolution, actor_display, actor_id, actor_type, trigger_operation, first_event_time,"
            + " detected_at, resolved_at, cause, severity, recommendation, suppressed_by, tickets, incidents, commits,"
            + " alerts, latest_decision, hours_to_resolve";

    private final ReadOnlyQueries queries;
    private final FindingRepository findings;
    private final JsonMapper json;

    AssistantTools(ReadOnlyQueries queries, FindingRepository findings, JsonMapper json) {
        this.queries = queries;
        this.findings = findings;
        this.json = json;
    }

    /** The declarations sent with every request. */
    Tool declarations() {
        Schema limit = Schema.builder()
                .type(Type.Known.INTEGER)
                .description("rows to return, at most " + queries.maxRows())
                .build();
        Schema findingId = string("a finding id, as cited (e.g. dg-0123456789abcdef0123)");
        Map<String, Schema> search = new LinkedHashMap<>();
        search.put("service", string("the owning service, exactly"));
        search.put("cloud", choice(ids(Cloud.values()), "the cloud"));
        search.put("severity", choice(Term.ids(Severity.class), "overall severity"));
        search.put("cause", choice(Term.ids(Cause.class), "the judged cause"));
        search.put("status", choice(Term.ids(FindingStatus.class), "open or resolved"));
        search.put("kind", choice(Term.ids(FindingKind.class), "drift or unmanaged"));
        search.put("actor", string("part of who made the change (name, e-mail, role, ARN)"));
        search.put("resource", string("part of the resource id or type (e.g. security_group, sg-0a1b)"));
        search.put(
                "operation",
                string("part of the API call that opened the episode (e.g. AuthorizeSecurityGroupIngress)"));
        search.put(
                "correlation",
                choice(Term.ids(CorrelationKind.class), "only findings explained by this kind of evidence"));
        search.put("since", string("first change at or after this time (ISO-8601 instant or date)"));
        search.put("until", string("first change before this time (ISO-8601 instant or date)"));
        search.put("limit", limit);
        return Tool.builder()
                .functionDeclarations(
                        function(
                                SEARCH,
                                "Findings matching every given filter, newest first: who, what, when, cause, severity,"
                                        + " the policy's recommendation, tickets, incidents, commits, alerts, latest decision.",
                                search,
                                List.of()),
                        function(
                                GET,
                                "One finding's whole document: changes, events, actor, correlations with their"
                                        + " details, cause scores, severity breakdown, recommendation and remediation.",
                                Map.of("finding_id", findingId),
                                List.of("finding_id")),
                        function(
                                HISTORY,
                                "Every stored version of one finding: how cause, severity and recommendation moved.",
                                Map.of("finding_id", findingId),
                                List.of("finding_id")),
                        function(
                                ACTORS,
                                "The identities whose changes drift most: episodes, resources, high severity, usual cause.",
                                Map.of("limit", limit),
                                List.of()),
                        function(
                                RESOURCES,
                                "The resources that drift most: episodes, open episodes, actors, usual cause.",
                                Map.of("limit", limit),
                                List.of()),
                        function(
                                RESOLVE,
                                "Drift episodes and hours to resolve per week, cause and service.",
                                Map.of(
                                        "service", string("the owning service, exactly"),
                                        "cause", choice(Term.ids(Cause.class), "the judged cause"),
                                        "since", string("weeks starting at or after (ISO-8601)"),
                                        "limit", limit),
                                List.of()),
                        function(
                                ADOPTION,
                                "Per recommendation: findings, decided, followed, overridden, deferred, shares.",
                                Map.of(),
                                List.of()))
                .build();
    }

    /** Runs one call the model asked for; a name outside {@link #ALLOWED} is refused, never run. */
    Result call(String name, Map<String, Object> args) {
        Map<String, Object> a = args == null ? Map.of() : args;
        if (name == null || !ALLOWED.contains(name)) {
            String error = "unknown tool '" + name + "': only these read-only tools exist: "
                    + String.join(", ", new java.util.TreeSet<>(ALLOWED));
            return new Result(new Call(name, a, true, 0, error), Map.of("error", error), Set.of());
        }
        try {
            List<Map<String, Object>> rows = run(name, a);
            Set<String> ids = new LinkedHashSet<>();
            for (Map<String, Object> row : rows) {
                if (row.get("finding_id") instanceof String id) {
                    ids.add(id);
                }
            }
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("rows", rows);
            response.put("row_count", rows.size());
            return new Result(new Call(name, a, false, rows.size(), null), response, ids);
        } catch (IllegalArgumentException | SQLException e) {
            String error = e.getMessage();
            return new Result(new Call(name, a, false, 0, error), Map.of("error", error), Set.of());
        }
    }

    private List<Map<String, Object>> run(String name, Map<String, Object> a) throws SQLException {
        int limit = integer(a.get("limit"), 20);
        return switch (name) {
            case SEARCH -> search(a, limit);
            case GET -> finding(text(a, "finding_id", true));
            case HISTORY ->
                queries.query(
                        "SELECT finding_id, version, written_at, status, resolution, cause, cause_confidence, severity,"
                                + " recommendation, suppressed_by, cause_changed, severity_changed, recommendation_changed"
                                + " FROM analyst_finding_history WHERE finding_id = ? ORDER BY version",
                        List.of(text(a, "finding_id", true)),
                        queries.maxRows());
            case ACTORS ->
                queries.query(
                        "SELECT actor_id, actor_type, actor_display, episodes, resources, high_severity, usual_cause, last_drift"
                                + " FROM analyst_top_drifting_actors ORDER BY episodes DESC, high_severity DESC, actor_id",
                        List.of(),
                        limit);
            case RESOURCES ->
                queries.query(
                        "SELECT cloud, resource_id, resource_type, service, episodes, open_episodes, actors, last_drift,"
                                + " usual_cause FROM analyst_top_drifting_resources"
                                + " ORDER BY episodes DESC, last_drift DESC, resource_id",
                        List.of(),
                        limit);
            case RESOLVE -> resolve(a, limit);
            case ADOPTION ->
                queries.query(
                        "SELECT recommendation, findings, decided, followed, overridden, deferred, undecided, share_decided,"
                                + " share_followed, resolved_as_recommended FROM analyst_recommendation_adoption"
                                + " ORDER BY findings DESC",
                        List.of(),
                        limit);
            default -> throw new IllegalStateException(name);
        };
    }

    private List<Map<String, Object>> search(Map<String, Object> a, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + FINDING_COLUMNS + " FROM analyst_findings WHERE true");
        List<Object> params = new ArrayList<>();
        equal(sql, params, "service", text(a, "service", false));
        equal(sql, params, "cloud", term(a, "cloud", ids(Cloud.values())));
        equal(sql, params, "severity", term(a, "severity", Term.ids(Severity.class)));
        equal(sql, params, "cause", term(a, "cause", Term.ids(Cause.class)));
        equal(sql, params, "status", term(a, "status", Term.ids(FindingStatus.class)));
        equal(sql, params, "kind", term(a, "kind", Term.ids(FindingKind.class)));
        contains(sql, params, text(a, "actor", false), "actor_id", "actor_display");
        contains(sql, params, text(a, "resource", false), "resource_id", "resource_type");
        contains(sql, params, text(a, "operation", false), "trigger_operation");
        String correlation = term(a, "correlation", Term.ids(CorrelationKind.class));
        if (correlation != null) {
            String column = switch (correlation) {
                case "ticket" -> "tickets";
                case "incident" -> "incidents";
                case "commit" -> "commits";
                case "alert" -> "alerts";
                default ->
                    throw new IllegalArgumentException("correlation '" + correlation
                            + "' cannot be searched; use ticket, incident, commit or alert");
            };
            sql.append(" AND ").append(column).append(" IS NOT NULL");
        }
        Instant since = time(a, "since");
        if (since != null) {
            sql.append(" AND first_event_time >= ?");
            params.add(Timestamp.from(since));
        }
        Instant until = time(a, "until");
        if (until != null) {
            sql.append(" AND first_event_time < ?");
            params.add(Timestamp.from(until));
        }
        sql.append(" ORDER BY detected_at DESC, finding_id");
        return queries.query(sql.toString(), params, limit);
    }

    private List<Map<String, Object>> resolve(Map<String, Object> a, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT week, cause, service, episodes, resolved, mean_hours_to_resolve, median_hours_to_resolve,"
                        + " max_hours_to_resolve FROM analyst_time_to_resolve WHERE true");
        List<Object> params = new ArrayList<>();
        equal(sql, params, "service", text(a, "service", false));
        equal(sql, params, "cause", term(a, "cause", Term.ids(Cause.class)));
        Instant since = time(a, "since");
        if (since != null) {
            sql.append(" AND week >= ?");
            params.add(Timestamp.from(since));
        }
        sql.append(" ORDER BY week DESC, episodes DESC");
        return queries.query(sql.toString(), params, limit);
    }

    /** The finding API's document for one id, as the finding page reads it. */
    private List<Map<String, Object>> finding(String id) {
        return findings.find(id)
                .map(f -> List.of(json.readValue(f.document(), new TypeReference<Map<String, Object>>() {})))
                .orElseThrow(() -> new IllegalArgumentException("no finding with id '" + id + "'"));
    }

    private static void equal(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static void contains(StringBuilder sql, List<Object> params, String value, String... columns) {
        if (value == null) {
            return;
        }
        String like = "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        sql.append(" AND (");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i == 0 ? "" : " OR ").append(columns[i]).append(" ILIKE ?");
            params.add(like);
        }
        sql.append(")");
    }

    private static String text(Map<String, Object> a, String key, boolean required) {
        Object v = a.get(key);
        if (v == null || v.toString().isBlank()) {
            if (required) {
                throw new IllegalArgumentException(key + " is required");
            }
            return null;
        }
        String s = v.toString().strip();
        if (s.length() > 300) {
            throw new IllegalArgumentException(key + " is longer than 300 characters");
        }
        return s;
    }

    private static String term(Map<String, Object> a, String key, List<String> allowed) {
        String v = text(a, key, false);
        if (v == null) {
            return null;
        }
        String id = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(id)) {
            throw new IllegalArgumentException("unknown " + key + " '" + v + "'; expected one of " + allowed);
        }
        return id;
    }

    private static Instant time(Map<String, Object> a, String key) {
        String v = text(a, key, false);
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10
                    ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " '" + v + "' is not an ISO-8601 instant or date");
        }
    }

    private static int integer(Object v, int fallback) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v != null) {
            try {
                return Integer.parseInt(v.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit '" + v + "' is not a number");
            }
        }
        return fallback;
    }

    private static List<String> ids(Enum<?>[] values) {
        return Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static Schema string(String description) {
        return Schema.builder().type(Type.Known.STRING).description(description).build();
    }

    private static Schema choice(List<String> values, String description) {
        return Schema.builder()
                .type(Type.Known.STRING)
                .enum_(values)
                .description(description)
                .build();
    }

    private static FunctionDeclaration function(
            String name, String description, Map<String, Schema> properties, List<String> required) {
        Schema.Builder parameters = Schema.builder().type(Type.Known.OBJECT);
        if (!properties.isEmpty()) {
            parameters.properties(properties);
        }
        if (!required.isEmpty()) {
            parameters.required(required);
        }
        return FunctionDeclaration.builder()
                .name(name)
                .description(description)
                .parameters(parameters.build())
                .build();
    }
}
