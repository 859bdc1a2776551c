package io.driftguard.pipeline.correlation;

import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * Live: the items in the operator's broadcast state ({@link ContextCorrelationFunction#CONTEXT}), a
 * full copy on every instance's heap, so that a finding on any instance is judged against all of
 * them.
 */
final class BroadcastContextItems extends ContextItems {

    private final BroadcastState<String, ContextItem> state;

    BroadcastContextItems(BroadcastState<String, ContextItem> state) {
        this.state = state;
    }

    @Override
    ContextItem read(String key) throws Exception {
        return state.get(key);
    }

    @Override
    void write(String key, ContextItem item) throws Exception {
        state.put(key, item);
    }

    @Override
    void delete(String key) throws Exception {
        state.remove(key);
    }

    @Override
    Iterable<Map.Entry<String, ContextItem>> all() throws Exception {
        return state.immutableEntries();
    }
}
