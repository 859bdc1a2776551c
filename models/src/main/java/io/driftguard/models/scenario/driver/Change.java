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
 * @param valueHidden whether the audit log hides the value the calls set (CloudTrail's
 *     {@code HIDDEN_DUE_TO_SECURITY_REASONS} for Lambda environment variables): then even the revert
 *     cannot be seen to restore the declared value, and the episode stays open (docs/design/taxonomy.md:
 *     the actual value is unknown)
 */
public record Change(
        String summary,
        List<Effect> effects,
        Sizing sizing,
        Actor actor,
        Call apply,
        Call revert,
        boolean valueHidden) {

    public Change {
        effects = List.copyOf(effects);
    }

    public Change(String summary, List<Effect> effects, Sizing sizing, Actor actor, Call apply, Call revert) {
        this(summary, effects, sizing, actor, apply, revert, false);
    }

    /** The same change, its values hidden in the audit log. */
    public Change withValueHidden() {
        return new Change(summary, effects, sizing, actor, apply, revert, true);
    }
}
