package io.driftguard.reconcile.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ARM resource id taken apart: {@code /subscriptions/S/resourceGroups/RG/providers/NS/T1/n1[/T2/n2…]}
 * or a resource group's {@code /subscriptions/S/resourceGroups/RG}. The catalog keys Azure resources by
 * their id in lower case, so the parts are kept in lower case; {@link #path(ArmType)} spells the
 * types as ARM does for the request (ARM matches paths case-insensitively, authorisation messages
 * and permissions use that spelling).
 *
 * @param id the whole id, lower case
 * @param typeKey namespace and types joined by {@code /}, lower case
 *     ({@code microsoft.network/networksecuritygroups/securityrules}; {@code microsoft.resources/resourcegroups})
 * @param names the resource's name and its ancestors', outermost first (a resource group: its name)
 */
record ArmId(String id, String subscription, String resourceGroup, String typeKey, List<String> names) {

    static final String RESOURCE_GROUPS = "microsoft.resources/resourcegroups";

    ArmId {
        names = List.copyOf(names);
    }

    /** The id's parts, or null when it is not an ARM resource id. */
    static ArmId parse(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String id = resourceId.toLowerCase(Locale.ROOT);
        while (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        String[] p = id.split("/", -1);
        if (p.length < 3 || !p[0].isEmpty() || !p[1].equals("subscriptions") || p[2].isEmpty()) {
            return null;
        }
        String group = null;
        int i = 3;
        if (p.length > 4 && p[3].equals("resourcegroups") && !p[4].isEmpty()) {
            group = p[4];
            i = 5;
            if (p.length == 5) {
                return new ArmId(id, p[2], group, RESOURCE_GROUPS, List.of(group));
            }
        }
        if (p.length < i + 4 || !p[i].equals("providers") || (p.length - i - 2) % 2 != 0) {
            return null;
        }
        StringBuilder type = new StringBuilder(p[i + 1]);
        List<String> names = new ArrayList<>();
        for (int j = i + 2; j < p.length; j += 2) {
            if (p[j].isEmpty() || p[j + 1].isEmpty()) {
                return null;
            }
            type.append('/').append(p[j]);
            names.add(p[j + 1]);
        }
        return new ArmId(id, p[2], group, type.toString(), names);
    }

    /** The resource this one is a child of ({@code …/networkSecurityGroups/n} for one of its rules); null at the top. */
    ArmId parent() {
        if (typeKey.equals(RESOURCE_GROUPS) || names.size() < 2) {
            return null;
        }
        String parentId = id.substring(0, id.lastIndexOf('/', id.lastIndexOf('/') - 1));
        return new ArmId(
                parentId,
                subscription,
                resourceGroup,
                typeKey.substring(0, typeKey.lastIndexOf('/')),
                names.subList(0, names.size() - 1));
    }

    /** The request path of the resource, its types spelled as {@code type} spells them. */
    String path(ArmType type) {
        StringBuilder out = new StringBuilder("/subscriptions/").append(subscription);
        if (resourceGroup != null) {
            out.append("/resourceGroups/").append(resourceGroup);
        }
        if (typeKey.equals(RESOURCE_GROUPS)) {
            return out.toString();
        }
        String[] types = type.type().split("/");
        out.append("/providers/").append(types[0]);
        for (int i = 0; i < names.size(); i++) {
            out.append('/').append(types[i + 1]).append('/').append(names.get(i));
        }
        return out.toString();
    }

    /** The path that lists the resource with its siblings: its own path without its name. */
    String collectionPath(ArmType type) {
        String path = path(type);
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** The last name: the resource's own. */
    String name() {
        return names.get(names.size() - 1);
    }
}
