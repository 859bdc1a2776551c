package io.driftguard.pipeline.correlation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * Live: the items in the operator's broadcast state ({@link ContextCorrelationFunction#CONTEXT}), a
 * full copy on every instance's heap, so that a finding on any instance is judged against all of
 * them. The index is built from the state on first use after a (re)start.
 */
final class BroadcastContextItems implements ContextItems {

    private final BroadcastState<String, ContextItem> state;
    private ContextIndex index;

    BroadcastContextItems(BroadcastState<String, ContextItem> state) {
        this.state = state;
    }

    @Override
    public ContextItem get(String key) throws Exception {
        return state.get(key);
    }

    @Override
    public void put(String key, ContextItem item, ContextItem previous) throws Exception {
        index().put(key, item, previous);
        state.put(key, item);
    }

    @Override
    public List<ContextItem> candidates(ContextMatcher.Subject s) throws Exception {
        List<ContextItem> out = new ArrayList<>();
        for (String key : index().candidates(s)) {
            out.add(state.get(key));
        }
        return out;
    }

    @Override
    public void prune(Instant horizon) throws Exception {
        ContextIndex index = index();
        for (String key : index.due(horizon)) {
            ContextItem item = state.get(key);
            if (item != null && item.updated().isBefore(horizon)) {
                index.remove(key, item);
                state.remove(key);
            }
        }
    }

    private ContextIndex index() throws Exception {
        if (index == null) {
            index = new ContextIndex();
            for (Map.Entry<String, ContextItem> e : state.immutableEntries()) {
                index.put(e.getKey(), e.getValue(), null);
            }
        }
        return index;
    }
}
