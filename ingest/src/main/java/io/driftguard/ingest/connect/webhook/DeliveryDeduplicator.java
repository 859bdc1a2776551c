package io.driftguard.ingest.connect.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers recent webhook deliveries so a redelivery (the sender timed out, or retried on a
 * 503 after we had in fact published) is published once.
 *
 * <p>Bounded both ways: at most {@code capacity} ids (least recently seen dropped first) and each
 * for at most {@code window}. Senders retry within minutes to hours (GitHub: manual redelivery;
 * PagerDuty and GitLab: a few retries), so a day's window catches them; an older repeat is
 * published again, and the job deduplicates on event ids. A delivery counts as seen only once Kafka
 * acknowledged it: a failed attempt is forgotten so the retry gets through.
 */
final class DeliveryDeduplicator {

    /** Claim state returned to a request. */
    sealed interface Claim {
        /** The caller publishes and must call {@link DeliveryDeduplicator#finish}. */
        record Owner() implements Claim {}

        /** Already published, or being published by a concurrent request whose result this is. */
        record Seen(CompletableFuture<Void> result) implements Claim {}
    }

    private record Entry(CompletableFuture<Void> result, long at) {}

    private final Map<String, Entry> seen;
    private final long windowMillis;
    private final Clock clock;

    DeliveryDeduplicator(int capacity, Duration window, Clock clock) {
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Claim claim(String id) {
        long now = clock.millis();
        Entry e = seen.get(id);
        if (e != null && (now - e.at() <= windowMillis || !e.result().isDone())) {
            return new Claim.Seen(e.result());
        }
        seen.put(id, new Entry(new CompletableFuture<>(), now));
        return new Claim.Owner();
    }

    /** Records the outcome of an owned delivery; a failure forgets it so a retry is not a duplicate. */
    synchronized void finish(String id, Throwable failure) {
        Entry e = seen.get(id);
        if (e == null) {
            return;
        }
        if (failure == null) {
            e.result().complete(null);
        } else {
            seen.remove(id);
            e.result().completeExceptionally(failure);
        }
    }

    synchronized int size() {
        return seen.size();
    }
}
