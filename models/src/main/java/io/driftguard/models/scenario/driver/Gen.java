package io.driftguard.models.scenario.driver;

import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.World;

/** What every driver and event builder needs: the random stream, the organisation, the IaC being declared. */
public record Gen(Rng rng, World world, IacModel iac, String uid) {

    public Gen withRng(Rng other) {
        return new Gen(other, world, iac, uid);
    }
}
