package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.ingest.catalog.ValueFunction.FnContext;
import io.driftguard.ingest.catalog.kubernetes.KubernetesCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operation catalog: which mutating calls change which canonical attributes, read from the
 * tables under {@code catalog/} (see {@code DISCUSSION.md} beside this class).
 *
 * <p>Thread-safe and immutable; lookups are a hash of (service, operation) built once.
 */
public final class Catalog {

    private final CatalogTables tables;
    private final Map<String, List<CallRow>> byCall;

    private Catalog(CatalogTables tables) {
        this.tables = tables;
        Map<String, List<CallRow>> index = new HashMap<>();
        for (CallRow row : tables.calls()) {
            index.computeIfAbsent(lookupKey(row.service(), row.operation()), k -> new ArrayList<>())
                    .add(row);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byCall = Map.copyOf(index);
    }

    /**
     * The built-in catalog.
     *
     * @throws IllegalStateException naming the table, row and problem when a table is bad
     */
    public static Catalog load() {
        return new Catalog(CatalogTables.builtIn());
    }

    /** A catalog over other tables (tests, or a user's extension). */
    public static Catalog of(CatalogTables tables) {
        return new Catalog(tables);
    }

    public CatalogTables tables() {
        return tables;
    }

    /** Whether some row reads this call (whatever its outcome). */
    public boolean covers(AuditEvent event) {
        return !rowsFor(event).isEmpty();
    }

    /**
     * What a call did, in canonical attributes: one {@link ResourceChange} per resource it names.
     * Empty for calls the catalog does not know, read-only or failed calls, and requests that are
     * not JSON.
     *
     * <p>A record that opens a long-running operation ({@link Outcome#IN_PROGRESS}: an Azure
     * {@code Start} record, a GCP {@code operation.first} entry) is read too, because it is the
     * one carrying the request; the episode operator holds its changes until the completion
     * record with the same correlation id says the operation succeeded.
     */
    public List<ResourceChange> interpret(AuditEvent event) {
        if (event.readOnly() || event.outcome() == Outcome.FAILURE) {
            return List.of();
        }
        List<CallRow> rows = rowsFor(event);
        if (rows.isEmpty()) {
            return List.of();
        }
        JsonNode request = parse(event.request());
        JsonNode response = null;
        List<ResourceChange> out = new ArrayList<>();
        for (CallRow row : rows) {
            JsonNode doc = request;
            if (row.readsResponse() || row.document() != null) {
                response = response == null ? parse(event.response()) : response;
                doc = row.readsResponse() ? response : request;
            }
            if (row.document() != null) {
                ObjectNode input = Json.MAPPER.createObjectNode();
                if (!request.isMissingNode()) {
                    input.set("request", request);
                }
                if (!response.isMissingNode()) {
                    input.set("response", response);
                }
                input.put("resource_id", event.resourceId());
                JsonNode built = row.document().fn().apply(input, new FnContext(event.resourceId(), input));
                doc = built == null ? MissingNode.getInstance() : built;
            }
            JsonNode idDoc = row.document() != null ? doc : request;
            for (String unscoped : row.id().ids(idDoc, event.resourceId())) {
                // An account-wide setting is keyed by the account and region the record names.
                String id = row.id().scoped(unscoped, event.account(), event.region());
                if (id == null) {
                    continue;
                }
                ResourceKind kind = tables.kinds().get(row.id().kindOf(id, row.kind()));
                List<AttributeChange> changes = new ArrayList<>();
                RuleEvaluator.evaluate(row.rules(), doc, new FnContext(id, doc), changes::add, note -> {});
                if (!changes.isEmpty()) {
                    out.add(new ResourceChange(ResourceKey.of(row.cloud(), id), id, kind.resourceType(), changes));
                }
            }
        }
        return out;
    }

    /** Every supported call, for the user manual. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (CallRow row : tables.calls()) {
            List<String> paths = new ArrayList<>();
            for (AttributeRule r : row.rules()) {
                String p = switch (r.op()) {
                    case SET_ENTRIES, UNSET_ENTRIES, REPLACE_ENTRIES -> r.path() + ".<key>";
                    default -> r.path();
                };
                if (!paths.contains(p)) {
                    paths.add(p);
                }
            }
            out.add(new Entry(
                    row.cloud(),
                    row.service(),
                    row.operation(),
                    row.kind(),
                    tables.kinds().get(row.kind()).resourceType(),
                    paths));
        }
        return out;
    }

    /** One supported call as the user manual lists it. */
    public record Entry(
            Cloud cloud, String service, String operation, String kind, String resourceType, List<String> attributes) {}

    private List<CallRow> rowsFor(AuditEvent event) {
        if (event.service() == null || event.operation() == null) {
            return List.of();
        }
        String service = event.service();
        String operation = event.operation();
        if (event.cloud() == Cloud.KUBERNETES) {
            // GKE logs Kubernetes calls through Cloud Audit Logs: io.k8s.apps.v1.deployments.scale.patch
            KubernetesCall call = KubernetesCall.of(service, operation);
            if (call != null) {
                service = call.apiGroup();
                operation = call.operation();
            }
        }
        List<CallRow> rows = byCall.get(lookupKey(service, operation));
        if (rows == null && event.cloud() == Cloud.AWS) {
            // Lambda names carry an API version (UpdateFunctionConfiguration20150331v2); parsers
            // strip it, but a record from elsewhere may not have been.
            String stripped = stripApiVersion(event.operation());
            if (!stripped.equals(event.operation())) {
                rows = byCall.get(lookupKey(event.service(), stripped));
            }
        }
        if (rows == null) {
            return List.of();
        }
        if (rows.size() == 1 && rows.get(0).resourceType() == null) {
            return rows;
        }
        List<CallRow> matching = new ArrayList<>(rows.size());
        for (CallRow r : rows) {
            if (r.resourceType() == null || r.resourceType().equalsIgnoreCase(event.resourceType())) {
                matching.add(r);
            }
        }
        return matching;
    }

    static String stripApiVersion(String op) {
        int end = op.length();
        int i = end;
        // optional v\d+ suffix, then exactly eight digits
        int j = i;
        while (j > 0 && Character.isDigit(op.charAt(j - 1))) {
            j--;
        }
        if (j < i && j > 0 && op.charAt(j - 1) == 'v') {
            i = j - 1;
        }
        int k = i;
        while (k > 0 && Character.isDigit(op.charAt(k - 1))) {
            k--;
        }
        return i - k == 8 && k > 0 ? op.substring(0, k) : op;
    }

    private static String lookupKey(String service, String operation) {
        return service.toLowerCase(Locale.ROOT) + ' ' + operation.toLowerCase(Locale.ROOT);
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return n == null ? MissingNode.getInstance() : n;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
