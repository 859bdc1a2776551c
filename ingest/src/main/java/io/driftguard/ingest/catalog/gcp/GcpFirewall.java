package io.driftguard.ingest.catalog.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.driftguard.ingest.catalog.CommonFunctions;
import io.driftguard.ingest.catalog.normalise.PortRangeNormalisation;
import java.util.Locale;

/**
 * GCP firewall allowed/denied blocks as a set of {@code <protocol>[:<ports>]} elements, one per
 * port or range: {@code {IPProtocol: TCP, ports: ["80", "443-443"]}} is {@code tcp:80} and
 * {@code tcp:443}; a block without ports is the protocol alone ({@code icmp}, {@code all}).
 *
 * <p>Reads the audit log's request ({@code alloweds}/{@code denieds} or {@code allowed}/{@code denied}
 * items with {@code IPProtocol}) and Terraform's {@code allow}/{@code deny} blocks ({@code protocol}).
 * Protocol names are lower case and the numbers with a name become the name (6 → tcp), since
 * Compute accepts either.
 */
public final class GcpFirewall {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GcpFirewall() {}

    public static ArrayNode rules(JsonNode blocks) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode b : CommonFunctions.items(blocks)) {
            if (!b.isObject()) {
                continue;
            }
            JsonNode p = b.has("IPProtocol")
                    ? b.get("IPProtocol")
                    : b.has("ipProtocol")
                            ? b.get("ipProtocol")
                            : b.has("I_p_protocol") ? b.get("I_p_protocol") : b.get("protocol");
            String proto = protocol(p == null || p.isNull() ? null : p.asText());
            boolean any = false;
            for (JsonNode port : CommonFunctions.items(b.path("ports"))) {
                String r = PortRangeNormalisation.normalise(port);
                if (r == null) {
                    continue;
                }
                any = true;
                out.add(r.equals(PortRangeNormalisation.ALL) ? proto : proto + ":" + r);
            }
            if (!any) {
                out.add(proto);
            }
        }
        return out;
    }

    /** Lower case; IANA numbers with a name become it; absent means {@code all}. */
    public static String protocol(String p) {
        if (p == null || p.isBlank()) {
            return "all";
        }
        String t = p.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "50" -> "esp";
            case "51" -> "ah";
            case "132" -> "sctp";
            default -> t;
        };
    }
}
