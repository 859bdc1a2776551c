package io.driftguard.models.scenario.cases;

import io.driftguard.models.scenario.context.JiraKeys;
import io.driftguard.models.scenario.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the cases of one generated data set share, so that each label can be decided against the
 * whole data set rather than its own case only: the Jira keys already used (a key names one issue
 * per data set; a second issue under the same key would be read as an update of the first), and
 * the high-urgency incident windows on each service (docs/design/taxonomy.md: an emergency fix is
 * escalated while <em>any</em> high-urgency incident on the service is open, not only the one its
 * case opened).
 */
public final class Ledger {

    /** A high-urgency incident window; {@code end} null while still open. Open until 15 minutes after it resolved. */
    record Window(Instant start, Instant end) {
        boolean openAt(Instant t) {
            return !t.isBefore(start) && (end == null || t.isBefore(end.plus(Duration.ofMinutes(15))));
        }
    }

    private final JiraKeys jiraKeys = new JiraKeys();
    private final Map<String, List<Window>> incidents = new HashMap<>();

    /** A Jira key {@code PROJECT-n}, {@code n} in {@code [from, from + count)}, not used before in this data set. */
    public String jiraKey(String project, int from, int count, Rng r) {
        return jiraKeys.next(project, from, count, r);
    }

    /** The keys used so far. */
    public Set<String> jiraKeys() {
        return jiraKeys.taken();
    }

    void incident(String service, Instant start, Instant end) {
        incidents.computeIfAbsent(service, s -> new ArrayList<>()).add(new Window(start, end));
    }

    /** Whether a high-urgency incident on {@code service} (from any case) is open at {@code t}. */
    boolean incidentOpen(String service, Instant t) {
        for (Window w : incidents.getOrDefault(service, List.of())) {
            if (w.openAt(t)) {
                return true;
            }
        }
        return false;
    }
}
