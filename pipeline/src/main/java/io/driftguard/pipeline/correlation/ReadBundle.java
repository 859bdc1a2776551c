package io.driftguard.pipeline.correlation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One actor's reads, in arrival order, as they cross the keyed exchange to the read-activity
 * operator: {@link ReadBundler} gathers them between two watermarks so that the exchange carries the
 * actor once and each resource and scope once per bundle (a dictionary), and the read-activity
 * operator reads and writes each state value it touches once per bundle instead of once per read.
 * Reads are most of all traffic; one by one, their serialization and per-read state accesses were
 * a fifth of a replay's samples (docs/benchmarks.md).
 *
 * <p>Columns, not objects: per read, its time, its event id's hash ({@link ReadEvent#idHash}),
 * whether it had an id, and indexes into {@link #names} of its resource ({@code -1}: the call named
 * none) and its scope. Filled by {@link ReadBundler} (or {@link #of} in tests), read by
 * {@link ReadActivityFunction}, never kept in state.
 */
@TypeInfo(ReadBundleSerializer.Factory.class)
public final class ReadBundle {

    /** The actor all the reads are by: the key of the exchange. */
    public final String actor;

    String[] names;
    int nameCount;
    long[] times;
    long[] idHashes;
    boolean[] hasIds;
    int[] resources;
    int[] scopes;
    int size;

    /** Index of each name, made when a name is first looked up; null in a bundle that was read. */
    private Map<String, Integer> index;

    ReadBundle(String actor, int capacity) {
        this(actor, new String[4], capacity);
    }

    private ReadBundle(String actor, String[] names, int capacity) {
        this.actor = actor;
        this.names = names;
        this.times = new long[capacity];
        this.idHashes = new long[capacity];
        this.hasIds = new boolean[capacity];
        this.resources = new int[capacity];
        this.scopes = new int[capacity];
    }

    /** The bundle of {@code reads}, all by the first one's actor, in order. */
    public static ReadBundle of(ReadEvent... reads) {
        ReadBundle b = new ReadBundle(reads[0].actor, reads.length);
        for (ReadEvent r : reads) {
            if (!r.actor.equals(b.actor)) {
                throw new IllegalArgumentException("a bundle holds one actor's reads: " + r.actor);
            }
            b.add(r);
        }
        return b;
    }

    /** Appends {@code r} (by this bundle's actor). */
    void add(ReadEvent r) {
        if (size == times.length) {
            int grown = Math.max(8, size * 2);
            times = Arrays.copyOf(times, grown);
            idHashes = Arrays.copyOf(idHashes, grown);
            hasIds = Arrays.copyOf(hasIds, grown);
            resources = Arrays.copyOf(resources, grown);
            scopes = Arrays.copyOf(scopes, grown);
        }
        times[size] = r.time;
        idHashes[size] = r.idHash;
        hasIds[size] = r.hasId;
        resources[size] = r.resource == null ? -1 : indexOf(r.resource, size == 0 ? -1 : resources[size - 1]);
        scopes[size] = indexOf(r.scope, size == 0 ? -1 : scopes[size - 1]);
        size++;
    }

    /**
     * The index of {@code name}, added if new. An actor's consecutive reads mostly share their scope
     * and often their resource: the previous read's name ({@code hint}) is compared first, since
     * hashing a fresh string walks all of it where {@code equals} compares it in blocks.
     */
    private int indexOf(String name, int hint) {
        if (hint >= 0 && names[hint].equals(name)) {
            return hint;
        }
        if (index == null) {
            index = new HashMap<>();
        }
        Integer known = index.get(name);
        if (known != null) {
            return known;
        }
        if (nameCount == names.length) {
            names = Arrays.copyOf(names, Math.max(4, nameCount * 2));
        }
        names[nameCount] = name;
        index.put(name, nameCount);
        return nameCount++;
    }

    /** Number of reads. */
    public int size() {
        return size;
    }

    public long time(int i) {
        return times[i];
    }

    public long idHash(int i) {
        return idHashes[i];
    }

    public boolean hasId(int i) {
        return hasIds[i];
    }

    /** The {@link ReadEvent#resource} of read {@code i}, or null. */
    public String resource(int i) {
        return resources[i] < 0 ? null : names[resources[i]];
    }

    /** Index of read {@code i}'s resource in {@link #name(int)}, or -1 when it named none. */
    public int resourceIndex(int i) {
        return resources[i];
    }

    /** The {@link ReadEvent#scope} of read {@code i}. */
    public String scope(int i) {
        return names[scopes[i]];
    }

    public int scopeIndex(int i) {
        return scopes[i];
    }

    /** Number of distinct resources and scopes named. */
    public int nameCount() {
        return nameCount;
    }

    public String name(int n) {
        return names[n];
    }

    /** The earliest read's time. */
    long minTime() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, times[i]);
        }
        return min;
    }

    /** Read {@code i} as a {@link ReadEvent} (for tests and messages). */
    public ReadEvent read(int i) {
        ReadEvent r = new ReadEvent();
        r.actor = actor;
        r.resource = resource(i);
        r.scope = scope(i);
        r.time = times[i];
        r.idHash = idHashes[i];
        r.hasId = hasIds[i];
        return r;
    }

    /** Builds a bundle read from its serialized form: the dictionary and columns are given. */
    static ReadBundle decoded(String actor, String[] names, int size) {
        ReadBundle b = new ReadBundle(actor, names, size);
        b.nameCount = names.length;
        b.size = size;
        return b;
    }

    @Override
    public String toString() {
        return "ReadBundle{" + actor + ", " + size + " reads, " + nameCount + " names}";
    }
}
