package io.driftguard.reconcile.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.LiveResource;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One Compute Engine collection ({@code projects/P/global/firewalls}, {@code projects/P/zones/Z/instances}):
 * one paginated list per collection that holds declared resources, each live resource rendered as the
 * Terraform resource that declares it and mapped by the catalog's Terraform rows, so the comparison
 * runs on the same canonical attributes as the declaration's. A declared resource the list does not
 * return was deleted outside the IaC.
 */
final class ComputeCollectionReader implements LiveReader {

    private static final IacRef LIVE = new IacRef("live", "live", null);

    private final ComputeApi api;
    private final IacMapper mapper;
    private final String terraformType;
    private final String collection;
    private final String reader;
    private final List<String> covered;
    private final Function<JsonNode, ObjectNode> asTerraform;
    private final boolean ownsApi;

    /**
     * @param collection the collection's last segment ({@code firewalls}, {@code instances})
     * @param reader the call, for the finding's trigger ({@code compute.firewalls.list})
     * @param asTerraform the API resource as Terraform state attributes
     */
    ComputeCollectionReader(
            ComputeApi api,
            boolean ownsApi,
            IacMapper mapper,
            String terraformType,
            String collection,
            String reader,
            List<String> covered,
            Function<JsonNode, ObjectNode> asTerraform) {
        this.api = api;
        this.ownsApi = ownsApi;
        this.mapper = mapper;
        this.terraformType = terraformType;
        this.collection = collection;
        this.reader = reader;
        this.covered = List.copyOf(covered);
        this.asTerraform = asTerraform;
    }

    @Override
    public Set<String> iacTypes() {
        return Set.of(terraformType);
    }

    @Override
    public List<LiveResource> read(List<DesiredResource> resources, List<String> problems) {
        // collection path (projects/P/global/firewalls) → declared resources in it
        Map<String, List<DesiredResource>> byCollection = new LinkedHashMap<>();
        for (DesiredResource d : resources) {
            String id = d.resourceId();
            int slash = id == null ? -1 : id.lastIndexOf('/');
            if (slash < 0
                    || !id.startsWith("projects/")
                    || !id.substring(0, slash).endsWith("/" + collection)) {
                problems.add(id + ": not a Compute " + collection + " resource name");
                continue;
            }
            byCollection
                    .computeIfAbsent(id.substring(0, slash), c -> new ArrayList<>())
                    .add(d);
        }
        List<LiveResource> out = new ArrayList<>();
        byCollection.forEach((path, declared) -> {
            Map<String, JsonNode> live = new HashMap<>();
            try {
                for (JsonNode item : api.list("compute/v1/" + path)) {
                    live.put(item.path("name").asText(), item);
                }
            } catch (ComputeApi.ApiException e) {
                String why = e.status == 403
                        ? "forbidden (HTTP 403): the scanner's role must include compute." + collection + ".list ("
                                + e.getMessage() + ")"
                        : "list failed (HTTP " + e.status + "): " + e.getMessage();
                declared.forEach(d -> problems.add(d.resourceId() + ": " + why));
                return;
            } catch (UncheckedIOException e) {
                declared.forEach(d -> problems.add(d.resourceId() + ": " + e.getMessage()));
                return;
            }
            for (DesiredResource d : declared) {
                JsonNode item = live.get(d.resourceId().substring(path.length() + 1));
                out.add(
                        item == null
                                ? LiveResource.deleted(d.key(), reader, covered)
                                : new LiveResource(d.key(), reader, attributes(d, item), covered));
            }
        });
        return out;
    }

    private Map<String, String> attributes(DesiredResource declared, JsonNode item) {
        ObjectNode doc = asTerraform.apply(item);
        Map<String, String> attrs = new LinkedHashMap<>();
        for (DeclaredResource d : mapper.map("terraform", terraformType, doc, doc, null, null, LIVE, n -> {})) {
            if (d.resource().key().equals(declared.key())) {
                attrs.putAll(d.resource().attributes());
            }
        }
        return attrs;
    }

    @Override
    public void close() {
        if (ownsApi) {
            api.close();
        }
    }
}
