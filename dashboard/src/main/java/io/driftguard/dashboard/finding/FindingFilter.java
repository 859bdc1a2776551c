package io.driftguard.dashboard.finding;

import io.driftguard.dashboard.system.Vocabulary;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the feed asks for. Every field is optional; {@code pending} as severity or cause selects the
 * findings the judge has not decided yet.
 */
record FindingFilter(String status, String cloud, String severity, String cause, int limit) {

    static final String PENDING = Vocabulary.PENDING;
    static final List<String> STATUSES = Vocabulary.STATUSES;
    static final List<String> CLOUDS = Vocabulary.CLOUDS;
    static final List<String> SEVERITIES = Vocabulary.withPending(Vocabulary.SEVERITIES);
    static final List<String> CAUSES = Vocabulary.withPending(Vocabulary.CAUSES);

    /** Checks each value against the taxonomy; an unknown one is a 400 that lists the allowed values. */
    static FindingFilter of(String status, String cloud, String severity, String cause, int limit) {
        return new FindingFilter(
                allowed("status", status, STATUSES),
                allowed("cloud", cloud, CLOUDS),
                allowed("severity", severity, SEVERITIES),
                allowed("cause", cause, CAUSES),
                limit);
    }

    private static String allowed(String name, String value, List<String> values) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!values.contains(v)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "unknown " + name + " '" + value + "'; expected one of " + String.join(", ", values));
        }
        return v;
    }
}
