package io.driftguard.ingest.iac;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.state.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildRulesTest {

    private static final String NSG =
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/web";

    private static DesiredResource resource(String id, String type, Map<String, String> attrs) {
        return new DesiredResource(
                ResourceKey.of(Cloud.AZURE, id),
                Cloud.AZURE,
                "s",
                id,
                type,
                new IacRef("terraform", type + ".x", "terraform/azure/"),
                attrs,
                Map.of());
    }

    @Test
    void aStandaloneRuleIsOneOfItsGroupsRules() {
        DesiredResource nsg =
                resource(NSG, "azurerm_network_security_group", Map.of("rule_names", "[\"allow-https\"]"));
        DesiredResource rule = resource(
                NSG + "/securityrules/allow-ssh-bastion",
                "azurerm_network_security_rule",
                Map.of("access", "\"Allow\""));

        List<DesiredResource> out = ChildRules.foldIntoParents(List.of(nsg, rule));

        assertThat(out.get(0).attributes()).containsEntry("rule_names", "[\"allow-https\",\"allow-ssh-bastion\"]");
        assertThat(out.get(1)).isEqualTo(rule);
    }

    @Test
    void aGroupThatDeclaresNoRuleListIsLeftAlone() {
        DesiredResource nsg = resource(NSG, "azurerm_network_security_group", Map.of("tags.env", "\"prod\""));
        DesiredResource rule = resource(NSG + "/securityrules/allow-ssh", "azurerm_network_security_rule", Map.of());

        assertThat(ChildRules.foldIntoParents(List.of(nsg, rule)).get(0)).isEqualTo(nsg);
    }
}
