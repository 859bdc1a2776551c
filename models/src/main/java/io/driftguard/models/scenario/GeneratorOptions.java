package io.driftguard.models.scenario;

import io.driftguard.models.scenario.world.WorldShape;
import java.time.Duration;
import java.time.Instant;

/**
 * The knobs of one generated data set. Equal options give byte-identical output.
 *
 * @param seed the random seed
 * @param scenarios how many labelled cases (drift episodes, not-drift and unmanaged cases)
 * @param totalEvents when positive, pad the data set with background traffic up to this many audit
 *     and context records (throughput mode); when zero, background follows {@code backgroundRatio}
 * @param backgroundRatio the share of all records that is background (mostly read-only calls)
 * @param start the event time the window opens at; a fixed default, never the wall clock
 * @param span the length of the window
 * @param world the organisation's shape ({@link WorldShape#ACME} unless told)
 */
public record GeneratorOptions(
        long seed,
        int scenarios,
        long totalEvents,
        double backgroundRatio,
        Instant start,
        Duration span,
        WorldShape world) {

    public static final Instant DEFAULT_START = Instant.parse("2025-03-03T08:00:00Z");

    public GeneratorOptions {
        if (scenarios < 0) {
            throw new IllegalArgumentException("scenarios must be >= 0, got " + scenarios);
        }
        if (backgroundRatio < 0 || backgroundRatio >= 1) {
            throw new IllegalArgumentException("background ratio must be in [0, 1), got " + backgroundRatio);
        }
        if (world == null) {
            throw new IllegalArgumentException("world must be set");
        }
        if (span.toHours() < 6) {
            throw new IllegalArgumentException("span must be at least 6 hours, got " + span);
        }
    }

    public static GeneratorOptions defaults() {
        return new GeneratorOptions(42L, 150, 0L, 0.85, DEFAULT_START, Duration.ofHours(48), WorldShape.ACME);
    }

    public GeneratorOptions withSeed(long value) {
        return new GeneratorOptions(value, scenarios, totalEvents, backgroundRatio, start, span, world);
    }

    public GeneratorOptions withScenarios(int value) {
        return new GeneratorOptions(seed, value, totalEvents, backgroundRatio, start, span, world);
    }

    public GeneratorOptions withTotalEvents(long value) {
        return new GeneratorOptions(seed, scenarios, value, backgroundRatio, start, span, world);
    }

    public GeneratorOptions withBackgroundRatio(double value) {
        return new GeneratorOptions(seed, scenarios, totalEvents, value, start, span, world);
    }

    public GeneratorOptions withStart(Instant value) {
        return new GeneratorOptions(seed, scenarios, totalEvents, backgroundRatio, value, span, world);
    }

    public GeneratorOptions withSpan(Duration value) {
        return new GeneratorOptions(seed, scenarios, totalEvents, backgroundRatio, start, value, world);
    }

    public GeneratorOptions withWorld(WorldShape value) {
        return new GeneratorOptions(seed, scenarios, totalEvents, backgroundRatio, start, span, value);
    }

    Instant end() {
        return start.plus(span);
    }
}
