package io.driftguard.ingest.catalog.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.Changes;
import io.driftguard.ingest.catalog.CommonFunctions;
import io.driftguard.ingest.catalog.FunctionRegistry;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import io.driftguard.ingest.catalog.normalise.ProviderTagFilter;

/**
 * GCP functions the tables name: resource names from self links, firewall rules, labels and
 * metadata in both the API and the Terraform shapes, IAM bindings (see {@link GcpIam}).
 */
public final class GcpFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GcpFunctions() {}

    public static void register(FunctionRegistry.Builder b) {
        b.add(
                "gcp_resource_name",
                Shape.VALUE,
                "a full resource name (projects/P/…) from a self link, URL or name; a query (?size=3) is dropped",
                (in, ctx) -> text(GcpNames.resourceName(textOf(in))));
        b.add(
                "gcp_bucket_name",
                Shape.VALUE,
                "projects/_/buckets/<name> from a bucket name, b/<name> or a link",
                (in, ctx) -> text(GcpNames.bucket(textOf(in))));
        b.add(
                "gcp_project_name",
                Shape.VALUE,
                "projects/<id> from a project id or name",
                (in, ctx) -> text(GcpNames.project(textOf(in))));
        b.add(
                "gcp_last_segment",
                Shape.VALUE,
                "the last path segment (zones/z/machineTypes/e2-medium → e2-medium)",
                (in, ctx) -> text(GcpNames.lastSegment(textOf(in))));
        b.add(
                "gcp_firewall_rules",
                Shape.SET,
                "firewall allowed/denied blocks (API IPProtocol or Terraform protocol) as protocol:ports elements (see GcpFirewall)",
                (in, ctx) -> GcpFirewall.rules(in));
        b.add(
                "gcp_labels",
                Shape.ENTRIES,
                "labels from a map or a [{key, value}] list, goog- labels left out",
                (in, ctx) -> labels(in, true));
        b.add(
                "gcp_metadata_items",
                Shape.ENTRIES,
                "instance metadata from {items: [{key, value}]}, a list or a map",
                (in, ctx) -> labels(in.isObject() && in.has("items") ? in.get("items") : in, false));
        b.add(
                "gcp_metadata_delta",
                Shape.CHANGES,
                "a setMetadata audit entry's instanceMetadataDelta: added or modified keys changed to an unlogged value, deleted keys removed",
                (in, ctx) -> metadataDelta(in));
        b.add(
                "gcp_network_tags",
                Shape.SET,
                "network tags from a list, {items: [...]} or {tags: {items: [...]}}",
                (in, ctx) -> {
                    JsonNode n = in.isObject() && in.has("tags") ? in.get("tags") : in;
                    return CommonFunctions.stringSet(n.isObject() ? n.path("items") : n, false);
                });
        b.add(
                "gcp_iam_deltas",
                Shape.CHANGES,
                "serviceData.policyDelta.bindingDeltas (ADD/REMOVE role member) as IAM changes",
                (in, ctx) -> GcpIam.deltas(in));
        b.add(
                "gcp_iam_policy",
                Shape.CHANGES,
                "a whole IAM policy ({bindings: [{role, members}]}) replacing the IAM attributes",
                (in, ctx) -> GcpIam.policy(in, true));
        b.add(
                "tf_gcp_iam_policy",
                Shape.CHANGES,
                "a Terraform *_iam_policy resource's policy_data as declared IAM attributes",
                (in, ctx) -> GcpIam.policy(in, false));
        b.add(
                "tf_gcp_iam_member",
                Shape.CHANGES,
                "a Terraform *_iam_member resource (role, member) as a declared IAM element",
                (in, ctx) -> GcpIam.member(in));
        b.add(
                "tf_gcp_iam_binding",
                Shape.CHANGES,
                "a Terraform *_iam_binding resource (role, members) as a declared role binding",
                (in, ctx) -> GcpIam.binding(in));
        b.add(
                "gcp_sql_instance_id",
                Shape.VALUE,
                "a Cloud SQL instance's resource name from Terraform attributes: self_link, else projects/<project>/instances/<name>",
                (in, ctx) -> sqlInstanceId(in));
        b.add(
                "gcp_request_with_query",
                Shape.VALUE,
                "the request with the query parameters of the resource name (…/resize?size=3) added, and $resource_id without the query",
                (in, ctx) -> requestWithQuery(in));
    }

    private static String textOf(JsonNode in) {
        return in != null && in.isValueNode() && !in.isNull() ? in.asText() : null;
    }

    private static JsonNode text(String s) {
        return s == null || s.isEmpty() ? null : TextNode.valueOf(s);
    }

    /** Labels or metadata as key → text, from a map or Compute's [{key, value}] list. */
    static JsonNode labels(JsonNode in, boolean dropProviderOwned) {
        ObjectNode out = NODES.objectNode();
        if (in.isObject()) {
            in.fields().forEachRemaining(e -> put(out, e.getKey(), e.getValue(), dropProviderOwned));
        } else if (in.isArray()) {
            for (JsonNode item : in) {
                JsonNode k = item.get("key");
                if (k != null && k.isValueNode()) {
                    put(out, k.asText(), item.get("value"), dropProviderOwned);
                }
            }
        } else {
            return null;
        }
        return out;
    }

    private static void put(ObjectNode out, String key, JsonNode v, boolean dropProviderOwned) {
        if (dropProviderOwned && ProviderTagFilter.isProviderOwned(key)) {
            return;
        }
        if (v == null || v.isNull()) {
            out.putNull(key);
        } else {
            out.put(key, v.isValueNode() ? v.asText() : v.toString());
        }
    }

    static JsonNode metadataDelta(JsonNode in) {
        JsonNode delta = in.path("metadata").path("instanceMetadataDelta");
        if (delta.isMissingNode()) {
            delta = in.path("instanceMetadataDelta");
        }
        Changes c = new Changes();
        for (String field : new String[] {"addedMetadataKeys", "modifiedMetadataKeys"}) {
            for (JsonNode k : delta.path(field)) {
                c.unknown(k.asText());
            }
        }
        for (JsonNode k : delta.path("deletedMetadataKeys")) {
            c.unset(k.asText());
        }
        return c.build();
    }

    static JsonNode sqlInstanceId(JsonNode attrs) {
        String link = textOf(attrs.get("self_link"));
        if (link != null && !link.isBlank()) {
            return text(GcpNames.resourceName(link));
        }
        String project = textOf(attrs.get("project"));
        String name = textOf(attrs.get("name"));
        return project == null || name == null ? null : text(GcpNames.project(project) + "/instances/" + name);
    }

    static JsonNode requestWithQuery(JsonNode in) {
        ObjectNode out =
                in.path("request").isObject() ? ((ObjectNode) in.get("request")).deepCopy() : NODES.objectNode();
        String id = textOf(in.get("resource_id"));
        if (id != null) {
            int q = id.indexOf('?');
            if (q >= 0) {
                for (String kv : id.substring(q + 1).split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0 && !out.has(kv.substring(0, eq))) {
                        out.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                id = id.substring(0, q);
            }
            out.put("$resource_id", id);
        }
        return out;
    }

    /** Elements of an array as a fresh array (for functions that return sets). */
    static ArrayNode array() {
        return NODES.arrayNode();
    }
}
