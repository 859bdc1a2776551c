package io.driftguard.pipeline.correlation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers reads into one {@link ReadBundle} per actor, chained to the parse operator before the
 * exchange keyed by actor (docs/design/architecture.md, operator 3). Nothing is reordered or lost: a
 * bundle keeps its actor's reads in arrival order, and every bundle is sent
 *
 * <ul>
 *   <li>before a watermark goes on, so the read-activity operator sees every read before the
 *       watermark that follows it, exactly as when reads travelled one by one;
 *   <li>before a checkpoint barrier ({@link #prepareSnapshotPreBarrier}), so the operator keeps no
 *       state and a checkpoint holds every read either in the read-activity operator's state or
 *       still in the source;
 *   <li>at the end of a bounded input;
 *   <li>when {@link #MAX_READS} reads wait, which bounds its memory;
 *   <li>live, at most {@code maxDelay} after the first read waiting, so a quiet stream whose
 *       watermark does not move (idle) still delivers its reads within that time.
 * </ul>
 *
 * <p>Live, a read reaches the read-activity operator up to {@code maxDelay} later than before; a
 * change needs its episode built first on its way there, and reads matter to a change when they
 * come minutes before it.
 */
public final class ReadBundler extends AbstractStreamOperator<ReadBundle>
        implements OneInputStreamOperator<ReadEvent, ReadBundle> {

    private static final long serialVersionUID = 1L;

    /** Reads waiting, across actors, at which every bundle is sent. */
    static final int MAX_READS = 4096;

    /** Live: the longest a read waits; null in replay, where watermarks and the cap suffice. */
    private final Duration maxDelay;

    private transient Map<String, ReadBundle> bundles;
    private transient ReadBundle last;
    private transient int waiting;
    private transient boolean flushScheduled;

    /** @param maxDelay the longest a read may wait, or null to wait only for watermarks and the cap */
    public ReadBundler(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    @Override
    public void open() throws Exception {
        super.open();
        bundles = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<ReadEvent> element) {
        ReadEvent read = element.getValue();
        // runs of one actor's reads are common: compare with the last bundle before hashing
        ReadBundle bundle = last != null && last.actor.equals(read.actor) ? last : bundles.get(read.actor);
        if (bundle == null) {
            bundle = new ReadBundle(read.actor, 8);
            bundles.put(read.actor, bundle);
        }
        last = bundle;
        // the event is reused by the chain (object reuse): its fields are copied, not kept
        bundle.add(read);
        waiting++;
        if (waiting >= MAX_READS) {
            flush();
        } else if (maxDelay != null && !flushScheduled) {
            flushScheduled = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxDelay.toMillis(), time -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (waiting == 0) {
            return;
        }
        for (ReadBundle b : bundles.values()) {
            output.collect(new StreamRecord<>(b, b.minTime()));
        }
        bundles.clear();
        last = null;
        waiting = 0;
    }
}
