package io.driftguard.ingest.connect.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers recent webhook deliveries so a redelivery (the sender timed out, or retried on a
 * 503 after we had in fact published) is published once.
 *
 * <p>Bounded both ways: at most {@code capacity} ids (the oldest dropped first) and each for at most
 * {@code window}. Senders retry within minutes to hours (GitHub: manual redelivery; PagerDuty and
 * GitLab: a few retries), so a day's window catches them; an older repeat is published again, and
 * the job deduplicates on event ids. A delivery counts as seen only once Kafka acknowledged it: a
 * failed attempt is forgotten so the retry gets through.
 *
 * <p>A published id is kept as the first 64 bits of its SHA-256 with the time it was published, in a
 * ring of {@code capacity} slots indexed by an open-addressing table: about 24 bytes per id, so the
 * default million ids (eight minutes at 2,000 deliveries/s) take 24 MB of heap. Two distinct ids
 * share a 64-bit digest with a probability of about 3 in 100 million over a full million; ids are
 * chosen by signed senders only.
 */
final class DeliveryDeduplicator {

    /** Claim state returned to a request. */
    sealed interface Claim {
        /**
         * The caller publishes and must call {@link DeliveryDeduplicator#finish} with this claim.
         * {@code result} tells the concurrent copies; it also marks this attempt, so that a late
         * outcome of an attempt already given up on cannot settle a retry's claim.
         */
        record Owner(String id, CompletableFuture<Void> result) implements Claim {}

        /** Already published, or being published by a concurrent request whose result this is. */
        record Seen(CompletableFuture<Void> result) implements Claim {}
    }

    private static final CompletableFuture<Void> PUBLISHED = CompletableFuture.completedFuture(null);
    private static final int EMPTY = -1;

    /** Deliveries being published now: few, held until Kafka answers. */
    private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>();

    private final int capacity;
    private final long windowMillis;
    private final Clock clock;
    /** Ring of published ids: digest and publication time per slot, {@code next} the oldest. */
    private final long[] digests;

    private final long[] times;
    private int next;
    private int size;
    /** Open addressing, linear probing: digest → ring slot, {@link #EMPTY} where free. */
    private final int[] index;

    private final int mask;

    DeliveryDeduplicator(int capacity, Duration window, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.digests = new long[capacity];
        this.times = new long[capacity];
        int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1; // ≥ 2 × capacity
        this.index = new int[tableSize];
        Arrays.fill(index, EMPTY);
        this.mask = tableSize - 1;
    }

    synchronized Claim claim(String id) {
        CompletableFuture<Void> running = inFlight.get(id);
        if (running != null) {
            return new Claim.Seen(running);
        }
        int slot = find(digest(id));
        if (slot != EMPTY && clock.millis() - times[slot] <= windowMillis) {
            return new Claim.Seen(PUBLISHED);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        inFlight.put(id, result);
        return new Claim.Owner(id, result);
    }

    /**
     * Records the outcome of an owned delivery; a failure forgets it so a retry is not a duplicate.
     * Only the first call for a claim counts (the answer's time-out and a late acknowledgement may
     * both report), and only while the claim is still the current one for its id.
     */
    synchronized void finish(Claim.Owner owner, Throwable failure) {
        CompletableFuture<Void> running = owner.result();
        if (!inFlight.remove(owner.id(), running)) {
            return;
        }
        if (failure == null) {
            remember(digest(owner.id()), clock.millis());
            running.complete(null);
        } else {
            running.completeExceptionally(failure);
        }
    }

    /** Ids remembered as published, and ids being published. */
    synchronized int size() {
        return size + inFlight.size();
    }

    private void remember(long digest, long now) {
        int existing = find(digest);
        if (existing != EMPTY) {
            times[existing] = now; // published again after its window: the window starts over
            return;
        }
        if (size == capacity) {
            unindex(next); // the oldest id makes room
        } else {
            size++;
        }
        digests[next] = digest;
        times[next] = now;
        int i = home(digest);
        while (index[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        index[i] = next;
        next = (next + 1) % capacity;
    }

    private int find(long digest) {
        for (int i = home(digest); index[i] != EMPTY; i = (i + 1) & mask) {
            if (digests[index[i]] == digest) {
                return index[i];
            }
        }
        return EMPTY;
    }

    /** Removes a ring slot from the index, shifting later entries of its probe run back (no tombstones). */
    private void unindex(int slot) {
        int i = home(digests[slot]);
        while (index[i] != slot) {
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; index[j] != EMPTY; j = (j + 1) & mask) {
            int h = home(digests[index[j]]);
            // the entry at j may move into the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
            if (!stays) {
                index[hole] = index[j];
                hole = j;
            }
        }
        index[hole] = EMPTY;
    }

    private int home(long digest) {
        return (int) (digest ^ (digest >>> 32)) & mask;
    }

    static long digest(String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
