package io.driftguard.ingest.iac;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.SourceExcerpt;

/**
 * One IaC resource as a reader found it, before resources sharing a key are merged.
 *
 * @param resource the declaration in canonical attributes
 * @param kind the canonical kind (see the catalog tables)
 * @param primary whether the IaC resource is the cloud resource itself, rather than a part
 *     declared separately (a rule, a policy, an attachment)
 */
public record DeclaredResource(DesiredResource resource, String kind, boolean primary) {

    /** The same declaration, with the lines of the file that hold it. */
    public DeclaredResource withExcerpt(SourceExcerpt excerpt) {
        DesiredResource r = resource;
        return new DeclaredResource(
                new DesiredResource(
                        r.key(),
                        r.cloud(),
                        r.account(),
                        r.resourceId(),
                        r.resourceType(),
                        r.iac().withExcerpt(excerpt),
                        r.attributes(),
                        r.labels()),
                kind,
                primary);
    }
}
