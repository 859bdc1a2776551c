package io.driftguard.pipeline.correlation;

import io.driftguard.judge.context.ContextFact;
import java.util.List;

/**
 * The newest update of a finding, how many judgements were emitted for its episode version, and the
 * evidence (reads and matched context) the last of them was judged with. A new judgement, and with it
 * a new finding version, is emitted only when the update or that evidence changes, or once when the
 * actor has become idle: never because of when something happened to be processed.
 *
 * @param judged the facts of the last emitted judgement; {@code null} before the first (and in replay,
 *     which judges once)
 * @param pending live: the end (epoch milliseconds, exclusive) of the bucket of context event time in
 *     which context items concerned the finding after its last judgement, so that it is judged again
 *     once for all of them ({@link ContextCorrelationFunction#BUCKET}); {@code null} when nothing waits.
 *     Added after state of the first releases was written: restoring such state leaves it {@code null}
 *     (the record is serialized as a POJO, whose schema evolution fills an added field with its default;
 *     {@code TrackedFindingStateTest})
 */
public record TrackedFinding(CorrelatedFinding latest, int emitted, List<ContextFact> judged, Long pending) {

    public TrackedFinding(CorrelatedFinding latest, int emitted, List<ContextFact> judged) {
        this(latest, emitted, judged, null);
    }

    public TrackedFinding(CorrelatedFinding latest, int emitted) {
        this(latest, emitted, null, null);
    }

    TrackedFinding pending(long bucketEnd) {
        return new TrackedFinding(latest, emitted, judged, bucketEnd);
    }
}
