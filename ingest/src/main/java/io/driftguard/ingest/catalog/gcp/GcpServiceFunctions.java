package io.driftguard.ingest.catalog.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.FunctionRegistry;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GCP names that differ between the audit log and Terraform: GKE's zones and locations, Cloud Run's
 * v1 namespaces and v2 locations, service accounts by e-mail, their keys.
 */
public final class GcpServiceFunctions {

    private static final Pattern RUN = Pattern.compile("(?:namespaces|projects)/([^/]+)/.*?services/([^/]+)$");
    private static final Pattern SA = Pattern.compile("serviceAccounts/([^/]+)(?:/keys/([^/]+))?");

    private GcpServiceFunctions() {}

    public static void register(FunctionRegistry.Builder b) {
        b.add(
                "gcp_location_name",
                Shape.VALUE,
                "a resource name with zones/<z> and regions/<r> written as locations/<l> (GKE's two spellings)",
                (in, ctx) -> text(in, s -> strip(s).replaceAll("/(zones|regions)/", "/locations/")));
        b.add(
                "gcp_resource_name_set",
                Shape.SET,
                "full resource names (projects/…) from links or names, as a set (an instance group's instances)",
                (in, ctx) -> nameSet(in));
        b.add(
                "gcp_run_service",
                Shape.VALUE,
                "a Cloud Run service as projects/<p>/services/<s>, from its v1 (namespaces/<p>) or v2 (projects/<p>/locations/<l>) name",
                (in, ctx) -> text(in, s -> {
                    Matcher m = RUN.matcher(strip(s));
                    return m.find() ? "projects/" + m.group(1) + "/services/" + m.group(2) : null;
                }));
        b.add(
                "gcp_service_account",
                Shape.VALUE,
                "a service account (or its key: <email>/keys/<id>) by e-mail, from a resource name or the e-mail itself",
                (in, ctx) -> text(in, s -> {
                    Matcher m = SA.matcher(s);
                    if (!m.find()) {
                        return s.contains("@") ? s.toLowerCase(Locale.ROOT) : null;
                    }
                    String email = m.group(1).toLowerCase(Locale.ROOT);
                    return m.group(2) == null
                            ? email
                            : email + "/keys/" + m.group(2).toLowerCase(Locale.ROOT);
                }));
    }

    private static JsonNode nameSet(JsonNode in) {
        com.fasterxml.jackson.databind.node.ArrayNode out =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (JsonNode e : io.driftguard.ingest.catalog.CommonFunctions.items(in)) {
            if (e.isValueNode() && !e.asText().isEmpty()) {
                out.add(strip(e.asText()));
            }
        }
        return out;
    }

    private static String strip(String s) {
        int p = s.indexOf("projects/");
        int n = s.indexOf("namespaces/");
        int at = p < 0 ? n : n < 0 ? p : Math.min(p, n);
        return at > 0 ? s.substring(at) : s;
    }

    private static JsonNode text(JsonNode in, java.util.function.Function<String, String> f) {
        if (in == null || !in.isValueNode() || in.asText().isEmpty()) {
            return null;
        }
        String out = f.apply(in.asText());
        return out == null ? null : TextNode.valueOf(out);
    }
}
