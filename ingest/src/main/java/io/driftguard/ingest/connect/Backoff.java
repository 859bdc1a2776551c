package io.driftguard.ingest.connect;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter (a random delay between half and all of
 * {@code min(max, base * 2^attempt)}), so many connector instances that lost Kafka or the cloud at
 * the same moment do not retry in lockstep.
 * Not thread-safe: one per loop.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    public Backoff(Duration base, Duration max) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
    }

    /** The next delay; each call doubles the ceiling up to the maximum. */
    public Duration next() {
        long ceiling = attempt >= 30 ? maxMillis : Math.min(maxMillis, baseMillis << attempt);
        attempt++;
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    /** Sleeps for {@link #next()}; returns false if interrupted (the caller should stop). */
    public boolean pause() {
        try {
            Thread.sleep(next().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** After a success: start from the base again. */
    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
