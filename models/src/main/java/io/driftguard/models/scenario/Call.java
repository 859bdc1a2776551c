package io.driftguard.models.scenario;

import java.time.Instant;
import java.util.List;

/** One provider call a change is made of, rendered for a given actor, time and outcome. */
@FunctionalInterface
interface Call {
    List<Emitted> emit(Actor actor, Instant time, boolean fail);
}
