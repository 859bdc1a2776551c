package io.driftguard.models.scenario.driver;

import io.driftguard.models.scenario.world.Actor;
import java.time.Instant;
import java.util.List;

/** One provider call a change is made of, rendered for a given actor, time and outcome. */
@FunctionalInterface
public interface Call {
    List<Emitted> emit(Actor actor, Instant time, boolean fail);
}
