package io.driftguard.pipeline.correlation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the context operator keeps its items, each under {@link ContextItem#key()}, with a {@link
 * ContextIndex} over them, built from the state on first use after a (re)start. Live, every instance
 * holds every item in broadcast state ({@link BroadcastContextItems}); a replay, whose context
 * operator is one instance, holds them in keyed state ({@link KeyedContextItems}), which on RocksDB
 * leaves only the index on the heap.
 */
abstract class ContextItems {

    private ContextIndex index;

    /** The item held under {@code key} in the state, or null. */
    abstract ContextItem read(String key) throws Exception;

    abstract void write(String key, ContextItem item) throws Exception;

    abstract void delete(String key) throws Exception;

    /** Every item in the state, to build the index from. */
    abstract Iterable<Map.Entry<String, ContextItem>> all() throws Exception;

    /**
     * Called before each operation below, which then reads and writes the state (and builds the index
     * from it on first use); what it returns is handed to {@link #leave} after. Nothing by default.
     */
    Object enter() {
        return null;
    }

    void leave(Object entered) {}

    /** The item held under {@code key}, or null. */
    final ContextItem get(String key) throws Exception {
        Object entered = enter();
        try {
            return read(key);
        } finally {
            leave(entered);
        }
    }

    /** Holds {@code item} under {@code key} in place of {@code previous}, what {@link #get} gave. */
    final void put(String key, ContextItem item, ContextItem previous) throws Exception {
        Object entered = enter();
        try {
            index().put(key, item, previous);
            write(key, item);
        } finally {
            leave(entered);
        }
    }

    /** Every item that may concern the finding prepared as {@code s} (a superset; the matcher decides). */
    final List<ContextItem> candidates(ContextMatcher.Subject s) throws Exception {
        Object entered = enter();
        try {
            List<ContextItem> out = new ArrayList<>();
            for (String key : index().candidates(s)) {
                out.add(read(key));
            }
            return out;
        } finally {
            leave(entered);
        }
    }

    /** Forgets every item with no news since before {@code horizon}. */
    final void prune(Instant horizon) throws Exception {
        Object entered = enter();
        try {
            ContextIndex index = index();
            for (String key : index.due(horizon)) {
                ContextItem item = read(key);
                if (item != null && item.updated().isBefore(horizon)) {
                    index.remove(key, item);
                    delete(key);
                }
            }
        } finally {
            leave(entered);
        }
    }

    private ContextIndex index() throws Exception {
        if (index == null) {
            index = new ContextIndex();
            for (Map.Entry<String, ContextItem> e : all()) {
                index.put(e.getKey(), e.getValue(), null);
            }
        }
        return index;
    }
}
