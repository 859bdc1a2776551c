package io.driftguard.pipeline.episode;

import io.driftguard.core.event.Actor;
import io.driftguard.core.finding.Finding;

/** The actor of a call as a finding reports it. */
public final class FindingActors {

    private FindingActors() {}

    public static Finding.FindingActor of(Actor actor) {
        return of(actor, false);
    }

    public static Finding.FindingActor of(Actor actor, boolean security) {
        Actor a = actor == null ? Actor.unknown() : actor;
        return new Finding.FindingActor(
                a.id(), a.type().findingType(), a.display() == null ? a.id() : a.display(), security);
    }
}
