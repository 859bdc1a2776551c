package io.driftguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScenarioClockTest {

    private static final Instant SCENARIO = Instant.parse("2025-03-03T08:00:00Z");
    private static final Instant WALL = Instant.parse("2026-12-05T05:00:00Z");

    @Test
    void theFirstRecordIsDueNow() {
        ScenarioClock clock = new ScenarioClock(Duration.ofSeconds(10));
        assertThat(clock.due(SCENARIO.plusSeconds(3600), WALL)).isEqualTo(WALL);
    }

    @Test
    void shortGapsKeepTheirLengthAndLongGapsAreCompressed() {
        ScenarioClock clock = new ScenarioClock(Duration.ofSeconds(10));
        clock.published(SCENARIO, WALL);
        // 4 s later in the scenario: 4 s later on the wall.
        assertThat(clock.due(SCENARIO.plusSeconds(4), WALL)).isEqualTo(WALL.plusSeconds(4));
        clock.published(SCENARIO.plusSeconds(4), WALL.plusSeconds(4));
        // Two quiet hours between episodes: 10 s on the wall.
        assertThat(clock.due(SCENARIO.plusSeconds(4 + 7200), WALL.plusSeconds(4)))
                .isEqualTo(WALL.plusSeconds(14));
    }

    @Test
    void aRecordIsNeverDueBeforeNow() {
        ScenarioClock clock = new ScenarioClock(Duration.ofSeconds(10));
        clock.published(SCENARIO, WALL);
        Instant late = WALL.plusSeconds(60);
        assertThat(clock.due(SCENARIO.plusSeconds(5), late)).isEqualTo(late);
    }

    @Test
    void aNewWindowStartsAtOnce() {
        ScenarioClock clock = new ScenarioClock(Duration.ofSeconds(10));
        clock.published(SCENARIO, WALL);
        clock.reset();
        assertThat(clock.due(SCENARIO.plusSeconds(9), WALL)).isEqualTo(WALL);
    }
}
