package io.driftguard.pipeline.correlation;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.models.context.ContextFact;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Operator 3 of ARCHITECTURE.md, keyed by actor: reads, then a change by the same actor on the same
 * resource or service within {@link #WINDOW} (TAXONOMY.md's manual troubleshooting signal). An
 * equivalent of the CEP pattern {@code read+ → change within 30 min} that keeps counts per minute
 * instead of every read, so an actor who reads all day costs a few hundred bytes, not a list.
 *
 * <p>"The same service" without a resource named (a {@code DescribeInstances} of everything) is the
 * same cloud, account and API namespace. Minute buckets make the window exact to the minute.
 * Cleanup: a timer per bucket removes it once the watermark is {@link #WINDOW} past it.
 */
public final class ReadActivityFunction extends KeyedCoProcessFunction<String, ReadEvent, Finding, CorrelatedFinding> {

    static final Duration WINDOW = Duration.ofMinutes(30);
    private static final long MINUTE = 60_000;

    private transient MapState<String, ReadBucket> buckets;

    @Override
    public void open(OpenContext openContext) {
        buckets = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("read-buckets", Types.STRING, TypeInformation.of(ReadBucket.class)));
    }

    @Override
    public void processElement1(ReadEvent read, Context ctx, Collector<CorrelatedFinding> out) throws Exception {
        long minute = read.time / MINUTE;
        add(resourceBucket(read.resource, minute), read.time);
        add(scopeBucket(read.scope, minute), read.time);
        ctx.timerService().registerEventTimeTimer((minute + 1) * MINUTE + WINDOW.toMillis());
    }

    private void add(String key, long time) throws Exception {
        if (key == null) {
            return;
        }
        ReadBucket b = buckets.get(key);
        if (b == null) {
            buckets.put(key, new ReadBucket(1, time));
        } else {
            buckets.put(key, new ReadBucket(b.count + 1, Math.min(b.first, time)));
        }
    }

    @Override
    public void processElement2(Finding finding, Context ctx, Collector<CorrelatedFinding> out) throws Exception {
        out.collect(new CorrelatedFinding(finding, readsBefore(finding)));
    }

    private List<ContextFact> readsBefore(Finding f) throws Exception {
        long t0 = f.firstEventTime().toEpochMilli();
        String resource = resourceBucketPrefix(ResourceKey.of(f.cloud(), f.resourceId()));
        String scope = f.trigger() == null || f.trigger().api() == null ? null
                : scopeBucketPrefix(ReadEvent.scope(f.cloud().wireName(), f.account(), f.trigger().api()));
        int onResource = 0;
        int inScope = 0;
        long first = Long.MAX_VALUE;
        for (long minute = (t0 - WINDOW.toMillis()) / MINUTE; minute <= t0 / MINUTE; minute++) {
            ReadBucket r = buckets.get(resource + minute);
            if (r != null) {
                onResource += r.count;
                first = Math.min(first, r.first);
            }
            ReadBucket s = scope == null ? null : buckets.get(scope + minute);
            if (s != null) {
                inScope += s.count;
                first = Math.min(first, s.first);
            }
        }
        if (onResource == 0 && inScope == 0) {
            return List.of();
        }
        // scope buckets count every read, resource reads included
        int count = Math.max(onResource, inScope);
        return List.of(new ContextFact("read_activity", "reads:" + f.actor().id() + "@" + Instant.ofEpochMilli(first),
                f.cloud().wireName() + "-audit", ContextFact.Relation.BEFORE_CHANGE, Instant.ofEpochMilli(first), null,
                null, null, false, count + " read calls by the same actor in the 30 minutes before the change"
                        + (onResource > 0 ? ", " + onResource + " of them on this resource" : ""),
                count, onResource > 0));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CorrelatedFinding> out) throws Exception {
        long oldestKept = (timestamp - WINDOW.toMillis()) / MINUTE;
        Iterator<Map.Entry<String, ReadBucket>> it = buckets.iterator();
        while (it.hasNext()) {
            String key = it.next().getKey();
            long minute = Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
            if (minute < oldestKept) {
                it.remove();
            }
        }
        if (buckets.isEmpty()) {
            buckets.clear();
        }
    }

    private static String resourceBucket(String resource, long minute) {
        return resource == null ? null : resourceBucketPrefix(resource) + minute;
    }

    private static String scopeBucket(String scope, long minute) {
        return scopeBucketPrefix(scope) + minute;
    }

    private static String resourceBucketPrefix(String resource) {
        return "r|" + resource + "@";
    }

    private static String scopeBucketPrefix(String scope) {
        return "s|" + scope + "@";
    }
}
