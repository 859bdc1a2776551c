package io.driftguard.pipeline.eventtime;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Holds a keyed operator's elements until the watermark passes their timestamp, then gives them
 * back in exact event-time order; elements with the same timestamp come back in arrival order. An
 * element whose timestamp the watermark has already passed is not held: the caller applies it at
 * once, as it would have been applied had it arrived in time.
 *
 * <p>Use from a keyed process function: {@link #create} in {@code open()}, {@link #hold} for each
 * element, and {@link #release} in {@code onTimer} for the timer's timestamp. The operator may
 * have timers of its own; a timer at which nothing is held releases nothing.
 *
 * <p>State layout: one {@code MapState<Long, List<T>>} entry per distinct timestamp, and one
 * event-time timer per entry (Flink keeps one timer per key and timestamp however often it is
 * registered). On RocksDB each entry is its own key, so holding and releasing an element reads
 * and writes only the elements of its own timestamp, almost always a list of one; a
 * {@code ListState} would instead be read and rewritten whole at every timer, which is quadratic
 * in replay, where everything waits for the final watermark. Released entries are removed, so the
 * state and the timers return to zero once the watermark has passed every held timestamp.
 */
public final class EventTimeBuffer<T> {

    private final MapState<Long, List<T>> held;

    private EventTimeBuffer(MapState<Long, List<T>> held) {
        this.held = held;
    }

    /**
     * @param name the state's name; operators keep theirs ({@code buffer}) so savepoints still load
     */
    public static <T> EventTimeBuffer<T> create(RuntimeContext ctx, String name, TypeInformation<T> type) {
        return new EventTimeBuffer<>(ctx.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type))));
    }

    /**
     * Holds the element until the watermark passes {@code timestamp}.
     *
     * @return false when the watermark is already at or past {@code timestamp}: the element is not
     *     held and the caller applies it now
     */
    public boolean hold(T element, long timestamp, TimerService timers) throws Exception {
        if (timestamp <= timers.currentWatermark()) {
            return false;
        }
        List<T> waiting = held.get(timestamp);
        List<T> next = waiting == null ? new ArrayList<>(1) : new ArrayList<>(waiting);
        next.add(element);
        held.put(timestamp, next);
        timers.registerEventTimeTimer(timestamp);
        return true;
    }

    /**
     * The elements held for {@code timestamp}, in arrival order, removed from the state; empty when
     * nothing was held for it. Call from {@code onTimer} with the timer's timestamp.
     */
    public List<T> release(long timestamp) throws Exception {
        List<T> due = held.get(timestamp);
        if (due == null) {
            return List.of();
        }
        held.remove(timestamp);
        if (held.isEmpty()) {
            held.clear(); // an emptied map state still holds an entry on the heap backend
        }
        return due;
    }
}
