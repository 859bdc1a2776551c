package io.driftguard.reconcile;

import java.time.Duration;

/**
 * At most {@code perSecond} calls a second to one API, evenly spaced, so a scan of thousands of
 * resources stays under the provider's request quota (the SDKs' own retries handle the throttling
 * responses that still happen). Thread-safe.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private long next;

    public RateLimiter(double perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
        this.intervalNanos = (long) (Duration.ofSeconds(1).toNanos() / perSecond);
        this.next = System.nanoTime();
    }

    /** Waits for the next permit. */
    public void acquire() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long at = Math.max(now, next);
            next = at + intervalNanos;
            wait = at - now;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while rate-limited", e);
            }
        }
    }
}
