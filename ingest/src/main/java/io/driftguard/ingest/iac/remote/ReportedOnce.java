package io.driftguard.ingest.iac.remote;

import java.util.HashMap;
import java.util.Map;

/**
 * Which problems were already reported, by origin: a problem is reported when it appears or its
 * reason changes, not on every poll while it lasts, and again if it comes back after being cleared.
 */
final class ReportedOnce {

    private final Map<String, String> reported = new HashMap<>();

    /** True the first time this origin has this reason (then remembered). */
    boolean isNew(RemoteIac.Rejection r) {
        return !r.reason().equals(reported.put(r.origin(), r.reason()));
    }

    /** The origin was read and taken: a later problem with it is new again. */
    void cleared(String origin) {
        reported.remove(origin);
    }
}
