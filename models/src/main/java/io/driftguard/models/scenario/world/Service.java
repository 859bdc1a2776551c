package io.driftguard.models.scenario.world;

/**
 * A team-owned service: what incidents, tickets and alerts name, and what resources belong to.
 *
 * @param noiseOnly a service that only carries unrelated context (incidents, findings, tickets)
 *     and background resources, never a labelled case, so that context cannot change a label
 */
public record Service(
        String name,
        String team,
        String pagerdutyService,
        String pagerdutyServiceId,
        String jiraProject,
        String jiraComponent,
        String namespace,
        String cluster,
        String azureResourceGroup,
        boolean noiseOnly) {}
