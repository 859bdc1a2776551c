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
 */
public record TrackedFinding(CorrelatedFinding latest, int emitted, List<ContextFact> judged) {

    public TrackedFinding(CorrelatedFinding latest, int emitted) {
        this(latest, emitted, null);
    }
}
