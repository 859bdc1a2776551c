package io.driftguard.reconcile.azure;

import java.util.List;

/**
 * One Azure Resource Manager resource type the scan reads.
 *
 * @param type the type as ARM spells it ({@code Microsoft.Network/networkSecurityGroups/securityRules}),
 *     for the request paths; resource groups are {@code Microsoft.Resources/resourceGroups}
 * @param operation the type as authorisation actions and Activity Log operations name it (the same
 *     but for resource groups: {@code Microsoft.Resources/subscriptions/resourceGroups}); the scan
 *     needs {@code <operation>/read}, and reads the body with the catalog's rows of {@code <operation>/write}
 * @param apiVersion the ARM API version the scan asks for (every type needs one)
 * @param inParent whether the parent's body lists this type's resources in full (an NSG its rules, a
 *     virtual network its subnets, a load balancer its rules), so the scan reads the parent instead:
 *     one list for a group and all its rules, and the catalog rows that read the child from its
 *     parent's body (load balancer rules) see it
 * @param companions paths under a resource read with one more {@code GET} each, because the catalog
 *     reads part of the resource from them (a web app's {@code config/web}); empty for most types
 */
record ArmType(String type, String operation, String apiVersion, boolean inParent, List<String> companions) {

    ArmType {
        companions = List.copyOf(companions);
    }

    /** The authorisation action the scan needs to list or get this type. */
    String readAction() {
        return operation + "/read";
    }

    /** The Activity Log operation (and catalog call) that writes this type. */
    String writeOperation() {
        return operation + "/write";
    }

    /** The resource provider namespace ({@code Microsoft.Network}): the Activity Log's service. */
    String namespace() {
        return type.substring(0, type.indexOf('/'));
    }
}
