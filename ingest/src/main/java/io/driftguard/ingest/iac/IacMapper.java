package io.driftguard.ingest.iac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.ingest.catalog.CatalogTables;
import io.driftguard.ingest.catalog.IacRow;
import io.driftguard.ingest.catalog.ResourceKind;
import io.driftguard.ingest.catalog.RuleEvaluator;
import io.driftguard.ingest.catalog.ValueFunction.FnContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns one IaC resource (Terraform state attributes, resolved CloudFormation properties, a
 * manifest) into canonical declared attributes by the catalog's IaC rows: the readers' shared
 * back end, so every reader declares exactly what the call rows can change.
 */
public final class IacMapper {

    private final CatalogTables tables;
    private final Map<String, List<IacRow>> rows = new HashMap<>();

    public IacMapper(CatalogTables tables) {
        this.tables = tables;
        for (IacRow r : tables.iacRows()) {
            rows.computeIfAbsent(r.source() + ' ' + r.type(), k -> new ArrayList<>())
                    .add(r);
        }
    }

    public static IacMapper builtIn() {
        return new IacMapper(CatalogTables.builtIn());
    }

    /** Whether any row maps this IaC type. */
    public boolean knows(String source, String type) {
        return rows.containsKey(source + ' ' + type);
    }

    /**
     * Maps one IaC resource.
     *
     * @param doc the attributes or properties the rules read
     * @param idDoc the document the id is read from (the same, or with extra fields such as the
     *     CloudFormation physical id under {@code $physical})
     * @param defaultId the id when a row names none (CloudFormation's physical id), or null
     * @param account the account the IaC names, or null
     * @param notes receives attributes left undeclared and why
     * @return one declaration per matching row; rows whose id cannot be found are reported to notes
     */
    public List<DeclaredResource> map(
            String source,
            String type,
            JsonNode doc,
            JsonNode idDoc,
            String defaultId,
            String account,
            IacRef ref,
            Consumer<String> notes) {
        return map(source, type, doc, idDoc, defaultId, account, Scope.UNKNOWN, ref, notes);
    }

    /**
     * Where an IaC resource lives, for the rows of account-wide settings whose id is scoped by
     * account and region ({@link io.driftguard.ingest.catalog.IdSpec#scope()}).
     *
     * @param account the account, or null when the IaC does not say
     * @param region the region, or null when the IaC does not say
     */
    public record Scope(String account, String region) {
        public static final Scope UNKNOWN = new Scope(null, null);
    }

    /** As {@link #map(String, String, JsonNode, JsonNode, String, String, IacRef, Consumer)}, with the resource's scope. */
    public List<DeclaredResource> map(
            String source,
            String type,
            JsonNode doc,
            JsonNode idDoc,
            String defaultId,
            String account,
            Scope scope,
            IacRef ref,
            Consumer<String> notes) {
        List<IacRow> matching = rows.get(source + ' ' + type);
        if (matching == null) {
            return List.of();
        }
        List<DeclaredResource> out = new ArrayList<>(matching.size());
        for (IacRow row : matching) {
            if (row.each() != null) {
                // One declaration per element (an NSG's inline rules), each read with its parent.
                for (JsonNode element : doc.at(row.each())) {
                    if (!element.isObject()) {
                        continue;
                    }
                    ObjectNode part = ((ObjectNode) element).deepCopy();
                    part.set("$parent", doc);
                    mapOne(row, type, part, part, null, account, scope, ref, notes, out);
                }
                continue;
            }
            mapOne(row, type, doc, idDoc, defaultId, account, scope, ref, notes, out);
        }
        return out;
    }

    private void mapOne(
            IacRow row,
            String type,
            JsonNode doc,
            JsonNode idDoc,
            String defaultId,
            String account,
            Scope scope,
            IacRef ref,
            Consumer<String> notes,
            List<DeclaredResource> out) {
        String id = row.id() == null ? defaultId : row.id().single(idDoc);
        if (id == null) {
            notes.accept(ref.address() + ": no resource id ("
                    + (row.id() == null ? "no physical id" : "id field absent or unresolved") + ")");
            return;
        }
        if (row.id() != null && !row.id().scope().isEmpty()) {
            String scoped = row.id().scoped(id, scope.account(), scope.region());
            if (scoped == null) {
                notes.accept(ref.address() + ": a setting of the account, keyed by "
                        + String.join(" and ", row.id().scope())
                        + ", but the IaC does not say which (account " + scope.account() + ", region " + scope.region()
                        + "); not compared");
                return;
            }
            id = scoped;
        }
        ResourceKind kind = tables.kinds().get(row.kind());
        Map<String, String> attrs = new LinkedHashMap<>();
        RuleEvaluator.evaluate(
                row.rules(),
                doc,
                new FnContext(id, doc),
                (AttributeChange c) -> {
                    if (c.op() == AttributeChange.Op.SET) {
                        attrs.put(c.path(), c.value());
                    }
                },
                note -> notes.accept(ref.address() + ": " + note + " (left undeclared)"));
        DesiredResource r = new DesiredResource(
                ResourceKey.of(kind.cloud(), id), kind.cloud(), account, id, type, ref, attrs, labels(attrs));
        out.add(new DeclaredResource(r, kind.name(), row.primary()));
    }

    /** Declared tags and labels, for service ownership. */
    static Map<String, String> labels(Map<String, String> attrs) {
        Map<String, String> labels = new LinkedHashMap<>();
        attrs.forEach((path, value) -> {
            String key = path.startsWith("tags.")
                    ? path.substring(5)
                    : path.startsWith("labels.") ? path.substring(7) : null;
            if (key != null) {
                JsonNode v = AttributeValues.parse(value);
                labels.put(key, v == null ? "" : v.asText());
            }
        });
        return labels;
    }
}
