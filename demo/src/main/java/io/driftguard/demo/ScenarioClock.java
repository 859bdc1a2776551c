package io.driftguard.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * The demo's scenario clock: scenario traffic happens now. Each scenario record is published at
 * wall time, keeping the gap to the previous scenario record up to {@code maxGap} and compressing
 * longer gaps (the quiet stretches between episodes) to {@code maxGap}. Nothing is back-dated: a
 * record is stamped with the moment it is published, so what the dashboard shows as detection lag
 * is the pipeline's own.
 *
 * <p>Background records (reads, failed writes, unrelated context) carry no timing of their own
 * worth keeping; they are published as soon as the rate allows and stamped with that moment.
 */
final class ScenarioClock {

    private final Duration maxGap;
    private Instant lastScenarioTime;
    private Instant lastScenarioWall;

    ScenarioClock(Duration maxGap) {
        if (maxGap.isNegative()) {
            throw new IllegalArgumentException("maxGap must not be negative: " + maxGap);
        }
        this.maxGap = maxGap;
    }

    /** The wall time a scenario record with event time {@code eventTime} is due, never before {@code now}. */
    Instant due(Instant eventTime, Instant now) {
        if (lastScenarioTime == null) {
            return now;
        }
        Duration gap = Duration.between(lastScenarioTime, eventTime);
        if (gap.isNegative()) {
            gap = Duration.ZERO;
        }
        if (gap.compareTo(maxGap) > 0) {
            gap = maxGap;
        }
        Instant due = lastScenarioWall.plus(gap);
        return due.isBefore(now) ? now : due;
    }

    /** Records that the scenario record with {@code eventTime} was published at {@code wall}. */
    void published(Instant eventTime, Instant wall) {
        lastScenarioTime = eventTime;
        lastScenarioWall = wall;
    }

    /** Starts a new scenario window: its first record is due at once. */
    void reset() {
        lastScenarioTime = null;
        lastScenarioWall = null;
    }
}
