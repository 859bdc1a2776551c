package io.driftguard.core.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.Serializable;
import java.time.Instant;

/**
 * What a candidate model said about one finding version, beside what the live model said
 * ({@code model_shadow_predictions}, and replay's {@code SHADOW.jsonl} in the same snake_case names).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
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
