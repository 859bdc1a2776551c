package io.driftguard.models.scenario.driver;

import io.driftguard.models.scenario.label.Effect;
import io.driftguard.models.scenario.label.Sizing;
import io.driftguard.models.scenario.world.Actor;
import java.util.List;

/**
 * A change a driver can make to a resource, with its inverse.
 *
 * @param summary what it does, for the label's note
 * @param effects the severity-relevant effects of applying it
 * @param sizing the capacity and cost before and after, or null where size does not change
 * @param actor the actor that makes it when the change is automation's own, else null
 * @param apply the call(s) that make the change
 * @param revert the call(s) that restore the declared value
 */
public record Change(String summary, List<Effect> effects, Sizing sizing, Actor actor, Call apply, Call revert) {

    public Change {
        effects = List.copyOf(effects);
    }
}
