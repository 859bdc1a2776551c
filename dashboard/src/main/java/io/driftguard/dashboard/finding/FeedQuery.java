package io.driftguard.dashboard.finding;

import io.driftguard.dashboard.system.Vocabulary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * One page of the feed: the filters of {@link FindingFilter} plus the heatmap's cells (service,
 * hour of the first change, correlation kind), free-text search, sort order and page.
 *
 * @param search matched, case-insensitively and as a substring, against the resource id, the IaC
 *     address, the actor's id and display name, the service and the ids of correlated tickets,
 *     incidents, commits and alerts; null for no search
 * @param kind drift or unmanaged, or null for both
 * @param hour UTC hour of day (0–23) of the first diverging change, or null
 * @param page 1-based
 */
record FeedQuery(
        FindingFilter filter,
        String kind,
        String service,
        Integer hour,
        String correlation,
        String search,
        Sort sort,
        boolean ascending,
        int page,
        int size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    static final int MAX_SEARCH = 200;
    static final String NO_CORRELATION = "none";
    static final String UNASSIGNED = "unassigned";

    /** What the feed can be ordered by, with the SQL that orders it; ties break on the finding id. */
    enum Sort {
        DETECTED("detected", "detected_at"),
        FIRST_EVENT("first_event", "first_event_time"),
        LAST_EVENT("last_event", "last_event_time"),
        SEVERITY("severity", "CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"),
        LAG("lag", "detected_at - first_event_time"),
        RESOURCE("resource", "resource_id"),
        ACTOR("actor", "coalesce(actor_display, actor_id)"),
        SERVICE("service", "service"),
        STATUS("status", "status");

        static final Map<String, Sort> BY_ID = Map.ofEntries(
                java.util.Arrays.stream(values()).map(s -> Map.entry(s.id, s)).toArray(Map.Entry[]::new));

        final String id;
        final String sql;

        Sort(String id, String sql) {
            this.id = id;
            this.sql = sql;
        }
    }

    static FeedQuery of(
            FindingFilter filter,
            String findingKind,
            String service,
            Integer hour,
            String correlation,
            String q,
            String sort,
            String dir,
            Integer page,
            Integer size) {
        if (hour != null && (hour < 0 || hour > 23)) {
            throw bad("hour must be between 0 and 23, was " + hour);
        }
        String drift = null;
        if (findingKind != null && !findingKind.isBlank()) {
            drift = findingKind.trim().toLowerCase(Locale.ROOT);
            if (!Vocabulary.ALL.kinds().contains(drift)) {
                throw bad("unknown kind '" + findingKind + "'; expected one of "
                        + String.join(", ", Vocabulary.ALL.kinds()));
            }
        }
        String kind = null;
        if (correlation != null && !correlation.isBlank()) {
            kind = correlation.trim().toLowerCase(Locale.ROOT);
            if (!kind.equals(NO_CORRELATION) && !Vocabulary.CORRELATION_KINDS.contains(kind)) {
                throw bad("unknown correlation '" + correlation + "'; expected one of "
                        + String.join(", ", Vocabulary.CORRELATION_KINDS) + ", " + NO_CORRELATION);
            }
        }
        Sort order = Sort.DETECTED;
        if (sort != null && !sort.isBlank()) {
            order = Sort.BY_ID.get(sort.trim().toLowerCase(Locale.ROOT));
            if (order == null) {
                throw bad("unknown sort '" + sort + "'; expected one of "
                        + String.join(
                                ", ",
                                List.of(Sort.values()).stream().map(s -> s.id).toList()));
            }
        }
        boolean ascending;
        if (dir == null || dir.isBlank()) {
            ascending = order == Sort.RESOURCE || order == Sort.ACTOR || order == Sort.SERVICE || order == Sort.STATUS;
        } else if (dir.equalsIgnoreCase("asc")) {
            ascending = true;
        } else if (dir.equalsIgnoreCase("desc")) {
            ascending = false;
        } else {
            throw bad("dir must be asc or desc, was '" + dir + "'");
        }
        int p = page == null ? 1 : page;
        if (p < 1) {
            throw bad("page must be 1 or more, was " + p);
        }
        int s = size == null ? DEFAULT_SIZE : size;
        if (s < 1 || s > MAX_SIZE) {
            throw bad("size must be between 1 and " + MAX_SIZE + ", was " + s);
        }
        String search = q == null || q.isBlank() ? null : q.trim();
        if (search != null && search.length() > MAX_SEARCH) {
            throw bad("search text must be at most " + MAX_SEARCH + " characters");
        }
        String svc = service == null || service.isBlank() ? null : service.trim();
        return new FeedQuery(filter, drift, svc, hour, kind, search, order, ascending, p, s);
    }

    long offset() {
        return (long) (page - 1) * size;
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
