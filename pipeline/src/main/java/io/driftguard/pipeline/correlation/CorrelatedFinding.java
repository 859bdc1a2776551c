package io.driftguard.pipeline.correlation;

import io.driftguard.core.finding.Finding;
import io.driftguard.judge.context.ContextFact;
import java.util.List;

/** A finding update with the read activity found for its actor. */
public record CorrelatedFinding(Finding finding, List<ContextFact> reads) {

    public CorrelatedFinding {
        reads = reads == null ? List.of() : List.copyOf(reads);
    }
}
