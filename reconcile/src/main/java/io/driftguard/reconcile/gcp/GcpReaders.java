package io.driftguard.reconcile.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.RateLimiter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The GCP readers: Compute Engine firewalls and instances, through the Compute REST API (see
 * {@link ComputeApi}). Each API resource is rendered as the {@code google_compute_*} Terraform state
 * the catalog's rows read: lists and maps the API leaves out when empty are written empty, as
 * Terraform's state writes them.
 */
public final class GcpReaders {

    /** Items a list call asks for ({@code maxResults}; the API's maximum is 500). */
    public static final long PAGE_SIZE = 500;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GcpReaders() {}

    /**
     * @param endpoint the Compute API's root, or null for {@code https://compute.googleapis.com}
     * @param credentialsFile a credentials file, or null for Application Default Credentials
     * @param callsPerSecond list calls per second, for both collections together
     */
    public static List<LiveReader> create(URI endpoint, Path credentialsFile, double callsPerSecond, long pageSize) {
        IacMapper mapper = IacMapper.builtIn();
        ComputeApi api = new ComputeApi(endpoint, credentialsFile, new RateLimiter(callsPerSecond), pageSize);
        return List.of(
                new ComputeCollectionReader(
                        api,
                        true,
                        mapper,
                        "google_compute_firewall",
                        "firewalls",
                        "compute.firewalls.list",
                        List.of(
                                "source_ranges",
                                "destination_ranges",
                                "source_tags",
                                "target_tags",
                                "allow",
                                "deny",
                                "disabled",
                                "priority"),
                        GcpReaders::firewall),
                new ComputeCollectionReader(
                        api,
                        false,
                        mapper,
                        "google_compute_instance",
                        "instances",
                        "compute.instances.list",
                        List.of("machine_type", "tags", "labels", "labels.*", "metadata", "metadata.*"),
                        GcpReaders::instance));
    }

    /** A {@code compute#firewall} as {@code google_compute_firewall} state. */
    static ObjectNode firewall(JsonNode f) {
        ObjectNode tf = NODES.objectNode();
        tf.put("self_link", f.path("selfLink").asText());
        tf.put("name", f.path("name").asText());
        tf.set("source_ranges", list(f.path("sourceRanges")));
        tf.set("destination_ranges", list(f.path("destinationRanges")));
        tf.set("source_tags", list(f.path("sourceTags")));
        tf.set("target_tags", list(f.path("targetTags")));
        tf.set("allow", rules(f.path("allowed")));
        tf.set("deny", rules(f.path("denied")));
        tf.put("disabled", f.path("disabled").asBoolean(false));
        tf.put("priority", f.path("priority").asInt(1000));
        return tf;
    }

    /** A {@code compute#instance} as {@code google_compute_instance} state. */
    static ObjectNode instance(JsonNode i) {
        ObjectNode tf = NODES.objectNode();
        tf.put("self_link", i.path("selfLink").asText());
        tf.put("name", i.path("name").asText());
        tf.put("machine_type", i.path("machineType").asText());
        tf.set("tags", list(i.path("tags").path("items")));
        ObjectNode labels = tf.putObject("labels");
        i.path("labels").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
        ObjectNode metadata = tf.putObject("metadata");
        for (JsonNode item : i.path("metadata").path("items")) {
            metadata.set(item.path("key").asText(), item.path("value"));
        }
        return tf;
    }

    private static ArrayNode list(JsonNode n) {
        ArrayNode out = NODES.arrayNode();
        if (n.isArray()) {
            out.addAll((ArrayNode) n);
        }
        return out;
    }

    /** {@code [{IPProtocol, ports}]} as Terraform's {@code [{protocol, ports}]}. */
    private static ArrayNode rules(JsonNode n) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode r : n) {
            ObjectNode rule = out.addObject();
            rule.put("protocol", r.path("IPProtocol").asText());
            rule.set("ports", list(r.path("ports")));
        }
        return out;
    }
}
