package io.driftguard.ingest.iac;

import io.driftguard.core.state.DesiredResource;

/**
 * One IaC resource as a reader found it, before resources sharing a key are merged.
 *
 * @param resource the declaration in canonical attributes
 * @param kind the canonical kind (see the catalog tables)
 * @param primary whether the IaC resource is the cloud resource itself, rather than a part
 *     declared separately (a rule, a policy, an attachment)
 */
public record DeclaredResource(DesiredResource resource, String kind, boolean primary) {}
