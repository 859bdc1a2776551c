package io.driftguard.ingest.iac;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rules declared as their own resources belong to their parent's rule list too: an
 * {@code azurerm_network_security_rule} named {@code allow-ssh} is one of its security group's
 * {@code rule_names}, as the provider's refreshed state of the group would list it. Without this,
 * rewriting a declared standalone rule would look like a new rule on the group.
 */
public final class ChildRules {

    private static final String AZURE_RULE = "/securityrules/";
    private static final String RULE_NAMES = "rule_names";

    private ChildRules() {}

    static List<DesiredResource> foldIntoParents(List<DesiredResource> resources) {
        Map<String, List<String>> namesByParent = new HashMap<>();
        for (DesiredResource r : resources) {
            if (r.cloud() != Cloud.AZURE) {
                continue;
            }
            String id = r.resourceId().toLowerCase(Locale.ROOT);
            int at = id.lastIndexOf(AZURE_RULE);
            if (at > 0) {
                namesByParent
                        .computeIfAbsent(id.substring(0, at), k -> new ArrayList<>())
                        .add(id.substring(at + AZURE_RULE.length()));
            }
        }
        if (namesByParent.isEmpty()) {
            return resources;
        }
        List<DesiredResource> out = new ArrayList<>(resources.size());
        for (DesiredResource r : resources) {
            List<String> names =
                    r.cloud() == Cloud.AZURE ? namesByParent.get(r.resourceId().toLowerCase(Locale.ROOT)) : null;
            out.add(names == null ? r : withRules(r, names));
        }
        return out;
    }

    /**
     * The parent a rule declared as its own resource belongs to: its resource key and the rule's
     * name, or null when {@code r} is no such rule.
     */
    public static String[] parentAndName(DesiredResource r) {
        if (r.cloud() != Cloud.AZURE) {
            return null;
        }
        String id = r.resourceId().toLowerCase(Locale.ROOT);
        int at = id.lastIndexOf(AZURE_RULE);
        return at > 0
                ? new String[] {ResourceKey.of(Cloud.AZURE, id.substring(0, at)), id.substring(at + AZURE_RULE.length())
                }
                : null;
    }

    /** {@code parent} with the rules declared as their own resources among its {@code rule_names}. */
    public static DesiredResource withRules(DesiredResource parent, List<String> names) {
        if (!parent.attributes().containsKey(RULE_NAMES)) {
            return parent;
        }
        Map<String, String> attrs = new HashMap<>(parent.attributes());
        String added = AttributeValues.canonicalSet(names.stream()
                .map(n -> (com.fasterxml.jackson.databind.JsonNode)
                        com.fasterxml.jackson.databind.node.TextNode.valueOf(n))
                .toList());
        attrs.put(
                RULE_NAMES,
                AttributeValues.apply(
                        attrs.get(RULE_NAMES), new AttributeChange(RULE_NAMES, AttributeChange.Op.ADD, added)));
        return parent.withAttributes(attrs);
    }
}
