package io.driftguard.core.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.driftguard.core.event.Cloud;
import java.util.Map;
import java.util.TreeMap;

/**
 * One managed resource as its IaC declares it, reduced to the attributes the catalog can see change.
 *
 * @param key the resource key ({@link ResourceKey}) changes are joined on
 * @param resourceId the provider's identifier, as docs/design/replay-contract.md's {@code resource_id}
 * @param resourceType the IaC type ({@code aws_security_group}, {@code AWS::EC2::SecurityGroup},
 *     {@code Deployment})
 * @param attributes canonical attribute path → canonical JSON value (see {@link AttributeValues});
 *     only declared attributes are present, and only they are managed
 * @param labels the resource's declared tags or labels, used for service ownership
 */
public record DesiredResource(
        String key,
        Cloud cloud,
        String account,
        String resourceId,
        String resourceType,
        IacRef iac,
        Map<String, String> attributes,
        Map<String, String> labels) {

    public DesiredResource {
        attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
        labels = labels == null ? Map.of() : new TreeMap<>(labels);
    }

    /**
     * The IaC stopped declaring the object at {@code iacAddress} for resource {@code key} (an
     * {@code iac-sync} tombstone on the desired-state topic). It carries no cloud, type or
     * attributes, and is never stored as a declaration.
     */
    public static DesiredResource removal(String key, String iacAddress) {
        return new DesiredResource(key, null, null, null, null, new IacRef(null, iacAddress, null), Map.of(), Map.of());
    }

    /** True for a {@link #removal}: every real declaration names its cloud. */
    @JsonIgnore
    public boolean isRemoval() {
        return cloud == null;
    }

    public DesiredResource withAttributes(Map<String, String> newAttributes) {
        return new DesiredResource(key, cloud, account, resourceId, resourceType, iac, newAttributes, labels);
    }
}
