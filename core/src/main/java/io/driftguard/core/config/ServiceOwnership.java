package io.driftguard.core.config;

import java.util.List;
import java.util.Map;

/**
 * Who owns what: joins incidents, tickets and alerts to resources.
 *
 * @param alertLabels labels an alert carries when it is about this service
 * @param tags resource tags or labels that mark a resource as this service's ({@code service: checkout})
 * @param resources resource ids as the output's {@code resource_id} (globs allowed)
 */
public record ServiceOwnership(
        String name,
        String team,
        String pagerdutyService,
        String pagerdutyServiceId,
        String jiraComponent,
        String jiraProject,
        Map<String, String> alertLabels,
        String kubernetesNamespace,
        Map<String, String> tags,
        List<Glob> resources)
        implements java.io.Serializable {

    public ServiceOwnership {
        alertLabels = alertLabels == null ? Map.of() : Map.copyOf(alertLabels);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        resources = resources == null ? List.of() : List.copyOf(resources);
    }
}
