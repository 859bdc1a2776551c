package io.driftguard.pipeline.correlation;

import java.time.Instant;
import java.util.List;

/**
 * Where the context operator keeps its items, each under {@link ContextItem#key()}, with a {@link
 * ContextIndex} over them. Live, every instance holds every item in broadcast state ({@link
 * BroadcastContextItems}); a replay, whose context operator is one instance, holds them in keyed
 * state ({@link KeyedContextItems}), which on RocksDB leaves only the index on the heap.
 */
interface ContextItems {

    /** The item held under {@code key}, or null. */
    ContextItem get(String key) throws Exception;

    /** Holds {@code item} under {@code key} in place of {@code previous}, what {@link #get} gave. */
    void put(String key, ContextItem item, ContextItem previous) throws Exception;

    /** Every item that may concern the finding prepared as {@code s} (a superset; the matcher decides). */
    List<ContextItem> candidates(ContextMatcher.Subject s) throws Exception;

    /** Forgets every item with no news since before {@code horizon}. */
    void prune(Instant horizon) throws Exception;
}
