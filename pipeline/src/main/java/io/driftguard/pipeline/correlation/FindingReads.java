package io.driftguard.pipeline.correlation;

import io.driftguard.judge.context.ContextFact;
import java.util.List;

/**
 * The read activity found for a finding when its first version was correlated, and until when it
 * is kept (replay): later versions of the episode reuse it, because by then the reads before the
 * first change may have left the read-activity window.
 */
public record FindingReads(List<ContextFact> reads, long keepUntil) {

    public FindingReads {
        reads = reads == null ? List.of() : List.copyOf(reads);
    }
}
