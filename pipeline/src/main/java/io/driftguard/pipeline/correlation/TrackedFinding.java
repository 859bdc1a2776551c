package io.driftguard.pipeline.correlation;

/** The newest update of a finding and how many judgements were emitted for its episode version. */
public record TrackedFinding(CorrelatedFinding latest, int emitted) {}
