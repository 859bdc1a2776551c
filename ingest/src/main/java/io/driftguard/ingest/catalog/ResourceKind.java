package io.driftguard.ingest.catalog;

import io.driftguard.core.event.Cloud;
import java.util.List;

/**
 * A canonical resource kind: the vocabulary both the calls and the IaC types of one kind of
 * resource are read into.
 *
 * @param name e.g. {@code aws.ec2.security_group}
 * @param resourceType the provider's type name reported for unmanaged resources
 *     ({@code AWS::EC2::SecurityGroup})
 * @param attributes the canonical paths; {@code name.*} allows any key under {@code name.}
 * @param exclusiveSets set attribute → its per-element prefix: when non-exclusive IaC resources
 *     declare elements of a resource, the full set its own IaC records is not managed as a whole
 */
public record ResourceKind(
        String name,
        Cloud cloud,
        String resourceType,
        List<String> attributes,
        java.util.Map<String, String> exclusiveSets) {

    /** Whether a path (or a path prefix used by an entries rule) is one of this kind's attributes. */
    public boolean allows(String path, boolean entries) {
        for (String a : attributes) {
            if (a.equals(path) && !entries) {
                return true;
            }
            if (a.endsWith(".*")) {
                String prefix = a.substring(0, a.length() - 2);
                if (entries ? path.equals(prefix) : path.startsWith(prefix + ".")) {
                    return true;
                }
            }
        }
        return false;
    }
}
