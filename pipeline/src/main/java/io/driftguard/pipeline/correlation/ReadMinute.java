package io.driftguard.pipeline.correlation;

import java.util.Arrays;
import java.util.HashMap;

/** Reads by one actor during one minute, per resource ({@code r|key}) and per API scope ({@code s|scope}). */
public final class ReadMinute {
    public HashMap<String, ReadBucket> counts = new HashMap<>();
    /**
     * 64-bit hashes of the event ids counted this minute, so a redelivered read (an ack deadline
     * passed, a connector restarted before acknowledging) is counted once. A minute holds few reads
     * per actor, so a linear scan of a small array beats a set.
     */
    public long[] seen = new long[0];

    public ReadMinute() {}

    /** Remembers the read's event id; false if this minute already counted it. */
    boolean firstDelivery(String eventId) {
        if (eventId == null) {
            return true;
        }
        long h = fnv1a64(eventId);
        for (long s : seen) {
            if (s == h) {
                return false;
            }
        }
        seen = Arrays.copyOf(seen, seen.length + 1);
        seen[seen.length - 1] = h;
        return true;
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
