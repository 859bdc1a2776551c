package io.driftguard.pipeline.correlation;

import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Replay: the items in keyed state ({@link ContextCorrelationFunction#ITEMS}), all under one key of
 * their own, so that on RocksDB they live on local disk and only the {@link ContextIndex} (keys and
 * text) stays on the heap. The broadcast state of live mode is always on the heap, and a busy
 * organisation's 14 days of tickets, incidents, alerts and commits do not fit a small one
 * (docs/benchmarks.md).
 *
 * <p>Every access sets the operator's current key to {@link #key} and puts the caller's back. The key
 * is chosen in this instance's key-group range, as keyed state requires; a replay's context operator
 * is one instance, which holds them all. Findings' keys are their ids, which never start with a NUL
 * character as this key does.
 */
final class KeyedContextItems extends ContextItems {

    private final KeyContext keys;
    private final String key;
    private final MapState<String, ContextItem> state;

    /**
     * @param keys the operator, whose current key is switched
     * @param state the items' map state, as the operator's keyed state backend gave it
     * @param range the key groups this instance holds, of {@code maxParallelism}
     */
    KeyedContextItems(KeyContext keys, MapState<String, ContextItem> state, KeyGroupRange range, int maxParallelism) {
        this.keys = keys;
        this.state = state;
        this.key = keyIn(range, maxParallelism);
    }

    /** The first of "NUL context-items-0", "-1", ... that falls in {@code range}. */
    static String keyIn(KeyGroupRange range, int maxParallelism) {
        for (int n = 0; ; n++) {
            String k = "\u0000context-items-" + n;
            if (range.contains(KeyGroupRangeAssignment.assignToKeyGroup(k, maxParallelism))) {
                return k;
            }
        }
    }

    @Override
    ContextItem read(String itemKey) throws Exception {
        return state.get(itemKey);
    }

    @Override
    void write(String itemKey, ContextItem item) throws Exception {
        state.put(itemKey, item);
    }

    @Override
    void delete(String itemKey) throws Exception {
        state.remove(itemKey);
    }

    @Override
    Iterable<Map.Entry<String, ContextItem>> all() throws Exception {
        return state.entries();
    }

    /** Each operation runs with the items' key current (the index is built inside the first one). */
    @Override
    Object enter() {
        Object caller = keys.getCurrentKey();
        keys.setCurrentKey(key);
        return caller;
    }

    /** Puts the caller's key back (none on the broadcast side: the items' key then stays current). */
    @Override
    void leave(Object caller) {
        if (caller != null) {
            keys.setCurrentKey(caller);
        }
    }
}
