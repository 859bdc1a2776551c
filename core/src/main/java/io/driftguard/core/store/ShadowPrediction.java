package io.driftguard.core.store;

import java.io.Serializable;
import java.time.Instant;

/**
 * What a candidate model said about one finding version, beside what the live model said
 * ({@code model_shadow_predictions}).
 */
public record ShadowPrediction(
        String findingId,
        long findingVersion,
        String liveVersion,
        String liveCause,
        double liveConfidence,
        String candidateVersion,
        String candidateCause,
        double candidateConfidence,
        Instant scoredAt)
        implements Serializable {

    /** One row per finding version and candidate: the key under which a replay rewrites it. */
    public String key() {
        return findingId + "|" + findingVersion + "|" + candidateVersion;
    }

    public boolean agrees() {
        return liveCause.equals(candidateCause);
    }
}
