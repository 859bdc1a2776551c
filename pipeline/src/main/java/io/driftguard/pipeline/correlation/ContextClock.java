package io.driftguard.pipeline.correlation;

import java.time.Instant;

/**
 * The broadcast context's own bookkeeping, kept beside the items in a broadcast state of its own
 * ({@link ContextCorrelationFunction#CLOCK}).
 *
 * @param newest the newest event time among the items: what replay judges "as of", and the
 *     retention horizon's reference
 * @param pruned when (in event time) the items were last pruned
 */
public record ContextClock(Instant newest, Instant pruned) {}
