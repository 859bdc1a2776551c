package io.driftguard.models.scenario.context;

import io.driftguard.models.scenario.random.Rng;
import java.util.HashSet;
import java.util.Set;

/**
 * The Jira keys of one generated data set: a key names one issue per data set (a second issue
 * under the same key would be read as an update of the first). Keys are drawn as before and drawn
 * again only on a collision, so a data set without one is unchanged. A long data set (millions of
 * events) that has used up a project's range goes on above it, one key after the other.
 */
public final class JiraKeys {

    private final Set<String> taken;
    private final Set<String> rangesUsedUp = new HashSet<>();

    public JiraKeys() {
        this(Set.of());
    }

    /** Keys that start taken (the cases', for background traffic). */
    public JiraKeys(Set<String> taken) {
        this.taken = new HashSet<>(taken);
    }

    /**
     * {@code PROJECT-n}, {@code n} drawn in {@code [from, from + count)}, not used before; once that
     * range is (nearly) used up, the lowest free {@code n} at or above {@code from + count}.
     */
    public String next(String project, int from, int count, Rng r) {
        String range = project + "-" + from + "+" + count;
        if (!rangesUsedUp.contains(range)) {
            for (int i = 0; i < 10 * count; i++) {
                String key = project + "-" + (from + r.nextInt(count));
                if (taken.add(key)) {
                    return key;
                }
            }
            rangesUsedUp.add(range);
        }
        for (long n = from + (long) count; ; n++) {
            String key = project + "-" + n;
            if (taken.add(key)) {
                return key;
            }
        }
    }

    /** The keys used so far. */
    public Set<String> taken() {
        return Set.copyOf(taken);
    }
}
