package io.driftguard.core.state;

import java.util.List;

/**
 * What one call did to one resource, in canonical attributes: the catalog's reading of an audit
 * event. A call that touches several resources (CreateTags on three instances) yields one each.
 *
 * @param key the resource key ({@link ResourceKey}) the change is joined on
 * @param resourceId the provider's identifier, as docs/design/replay-contract.md's {@code resource_id}
 * @param resourceType the provider's resource kind for unmanaged reporting ({@code AWS::EC2::SecurityGroup}
 *     style where known), used only when no IaC declares the resource
 * @param changes the canonical attributes the call set, added to, removed from, unset or hid
 */
public record ResourceChange(String key, String resourceId, String resourceType, List<AttributeChange> changes) {

    public ResourceChange {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
