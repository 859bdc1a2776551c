package io.driftguard.ingest.iac;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
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
final class ChildRules {

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
            if (names == null || !r.attributes().containsKey(RULE_NAMES)) {
                out.add(r);
                continue;
            }
            Map<String, String> attrs = new HashMap<>(r.attributes());
            String added = AttributeValues.canonicalSet(names.stream()
                    .map(n -> (com.fasterxml.jackson.databind.JsonNode)
                            com.fasterxml.jackson.databind.node.TextNode.valueOf(n))
                    .toList());
            attrs.put(
                    RULE_NAMES,
                    AttributeValues.apply(
                            attrs.get(RULE_NAMES), new AttributeChange(RULE_NAMES, AttributeChange.Op.ADD, added)));
            out.add(r.withAttributes(attrs));
        }
        return out;
    }
}
