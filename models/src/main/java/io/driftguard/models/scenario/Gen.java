package io.driftguard.models.scenario;

/** What every driver and event builder needs: the random stream, the organisation, the IaC being declared. */
record Gen(Rng rng, World world, IacModel iac, String uid) {

    Gen withRng(Rng other) {
        return new Gen(other, world, iac, uid);
    }
}
