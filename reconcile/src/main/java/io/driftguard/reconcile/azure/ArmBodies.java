package io.driftguard.reconcile.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.state.IacRef;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a resource as ARM returns it is not the body the catalog's rows read from a write, and how
 * the scan bridges the gap. Everything else is read by the rows unchanged: a {@code GET} returns the
 * body a {@code PUT} writes, with read-only properties added that no row reads.
 */
final class ArmBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final IacRef LIVE = new IacRef("live", "live", null);

    private ArmBodies() {}

    /**
     * The body as a write of it reads. A SQL database's vCore SKU comes back as {@code name: GP_Gen5},
     * {@code family: Gen5}, {@code capacity: 2}; Terraform (and the catalog's row) name it
     * {@code GP_Gen5_2}. DTU SKUs ({@code S0}, no family) are whole already.
     */
    static JsonNode asWritten(ArmType type, JsonNode body) {
        if (type.type().equals("Microsoft.Sql/servers/databases")) {
            JsonNode sku = body.path("sku");
            String name = sku.path("name").asText("");
            if (!name.isEmpty()
                    && sku.hasNonNull("family")
                    && sku.path("capacity").canConvertToInt()) {
                String capacity = "_" + sku.path("capacity").asInt();
                if (!name.endsWith(capacity)) {
                    ObjectNode copy = body.deepCopy();
                    ((ObjectNode) copy.path("sku")).put("name", name + capacity);
                    return copy;
                }
            }
        }
        return body;
    }

    /**
     * A network security group's own attributes: its tags and the names of its rules. No catalog row
     * reads an NSG's own write (its rules are written, and read, as resources of their own), so the
     * group is rendered as the {@code azurerm_network_security_group} Terraform state that declares it
     * and mapped by that row. A group without rules has the empty set of rule names, so declared rules
     * that are all gone differ.
     */
    static Map<String, String> securityGroup(IacMapper mapper, String key, JsonNode nsg) {
        ObjectNode tf = NODES.objectNode();
        tf.put("id", nsg.path("id").asText());
        tf.set("tags", nsg.path("tags").isObject() ? nsg.path("tags") : NODES.objectNode());
        ArrayNode rules = tf.putArray("security_rule");
        for (JsonNode r : nsg.path("properties").path("securityRules")) {
            rules.addObject().put("name", r.path("name").asText());
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (DeclaredResource d :
                mapper.map("terraform", "azurerm_network_security_group", tf, tf, null, null, LIVE, n -> {})) {
            if (d.resource().key().equals(key)) {
                attrs.putAll(d.resource().attributes());
            }
        }
        attrs.putIfAbsent("rule_names", "[]");
        return attrs;
    }
}
