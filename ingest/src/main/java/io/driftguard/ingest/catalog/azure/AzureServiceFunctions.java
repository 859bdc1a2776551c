package io.driftguard.ingest.catalog.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.CommonFunctions;
import io.driftguard.ingest.catalog.FunctionRegistry;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import java.util.Locale;

/**
 * Azure ids of resources a body names but does not own alone: the site a {@code config/web} write
 * belongs to, the rules a load balancer's body carries inline (each read at its own id).
 */
public final class AzureServiceFunctions {

    private AzureServiceFunctions() {}

    public static void register(FunctionRegistry.Builder b) {
        b.addWithArgument(
                "azure_ancestor",
                Shape.VALUE,
                "an ARM id without its last N type/name pairs (argument N): …/sites/s/config/web → …/sites/s",
                n -> (in, ctx) -> {
                    JsonNode s = CommonFunctions.string(in);
                    if (s == null) {
                        return null;
                    }
                    String id = s.textValue().toLowerCase(Locale.ROOT);
                    for (int i = 0; i < 2 * Integer.parseInt(n) - 1; i++) {
                        id = id.substring(0, Math.max(0, id.lastIndexOf('/')));
                    }
                    return TextNode.valueOf(id.substring(0, Math.max(0, id.lastIndexOf('/'))));
                });
        b.addWithArgument(
                "azure_children",
                Shape.SET,
                "the ids of the children a body lists under properties.<argument> (a load balancer's rules): $resource_id/<argument>/<name>",
                segment -> (in, ctx) -> {
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
                    String parent = in.path("$resource_id").asText("");
                    for (JsonNode c :
                            CommonFunctions.items(in.path("properties").path(segment))) {
                        String name = c.path("name").asText("");
                        if (!parent.isEmpty() && !name.isEmpty()) {
                            out.add((parent + "/" + segment + "/" + name).toLowerCase(Locale.ROOT));
                        }
                    }
                    return out;
                });
        b.addWithArgument(
                "azure_child",
                Shape.VALUE,
                "a field of the listed child being read (argument: list name,pointer into the child)",
                arg -> {
                    String[] p = arg.split(",", 2);
                    return (in, ctx) -> {
                        String id = ctx.resourceId();
                        String name = id == null ? "" : id.substring(id.lastIndexOf('/') + 1);
                        for (JsonNode c :
                                CommonFunctions.items(in.path("properties").path(p[0]))) {
                            if (c.path("name").asText("").equalsIgnoreCase(name)) {
                                JsonNode v = c.at(p[1]);
                                return v.isMissingNode() ? null : v;
                            }
                        }
                        return null;
                    };
                });
    }
}
