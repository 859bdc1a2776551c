package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.ingest.catalog.ValueFunction.FnContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a row finds the provider id(s) of the resource(s) a document is about.
 *
 * @param from pointers tried in order
 * @param fn optional function turning the value into the id (an ARN into a name)
 * @param many optional function returning several ids (CreateTags on three instances)
 * @param kindByPrefix id prefix → kind, for calls whose resources are of several kinds
 * @param scope for a setting of the account rather than an object with an id of its own (EBS
 *     encryption by default, the API Gateway account): {@code account} and/or {@code region}, which
 *     qualify the id as {@code <account>/<region>/<id>} so two accounts' or regions' settings do not
 *     share a key; empty for ordinary resources
 */
public record IdSpec(
        List<JsonPointer> from,
        FunctionRegistry.Bound fn,
        FunctionRegistry.Bound many,
        Map<String, String> kindByPrefix,
        List<String> scope) {

    /** The scope parts a row may name. */
    public static final List<String> SCOPES = List.of("account", "region");

    public IdSpec {
        scope = List.copyOf(scope);
    }

    /** An id spec without scope. */
    public IdSpec(
            List<JsonPointer> from,
            FunctionRegistry.Bound fn,
            FunctionRegistry.Bound many,
            Map<String, String> kindByPrefix) {
        this(from, fn, many, kindByPrefix, List.of());
    }

    /**
     * The id qualified by the row's scope: {@code <account>/<region>/<id>} (the parts the scope
     * names, in that order); the id itself when the row has no scope; null when the scope names a
     * part that is unknown, so a setting is never keyed without its account or region.
     */
    public String scoped(String id, String account, String region) {
        if (id == null || scope.isEmpty()) {
            return id;
        }
        StringBuilder b = new StringBuilder();
        for (String part : SCOPES) {
            if (!scope.contains(part)) {
                continue;
            }
            String v = part.equals("account") ? account : region;
            if (v == null || v.isBlank()) {
                return null;
            }
            b.append(v).append('/');
        }
        return b.append(id).toString();
    }

    /** The ids in the document; {@code fallback} (the parser's resource id) when it names none. */
    public List<String> ids(JsonNode doc, String fallback) {
        if (many != null) {
            JsonNode node = select(doc);
            JsonNode out = node == null ? null : many.fn().apply(node, new FnContext(fallback, doc));
            List<String> ids = new ArrayList<>();
            if (out != null) {
                out.forEach(n -> {
                    if (n.isTextual() && !n.textValue().isEmpty()) {
                        ids.add(n.textValue());
                    }
                });
            }
            if (ids.isEmpty() && fallback != null) {
                ids.add(fallback);
            }
            return ids;
        }
        String id = single(doc);
        if (id == null) {
            id = fallback;
        }
        return id == null ? List.of() : List.of(id);
    }

    /** The single id in the document, or null. */
    public String single(JsonNode doc) {
        JsonNode node = select(doc);
        if (node == null) {
            return null;
        }
        if (Markers.find(node) != null) {
            return null;
        }
        JsonNode v = fn == null ? node : fn.fn().apply(node, new FnContext(null, doc));
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String text = v.asText();
        return text.isEmpty() ? null : text;
    }

    /** The kind of an id by its prefix, or the default. */
    public String kindOf(String id, String defaultKind) {
        for (Map.Entry<String, String> e : kindByPrefix.entrySet()) {
            if (id.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return defaultKind;
    }

    private JsonNode select(JsonNode doc) {
        if (from.isEmpty()) {
            return doc;
        }
        for (JsonPointer p : from) {
            JsonNode n = doc.at(p);
            if (!n.isMissingNode() && !n.isNull()) {
                return n;
            }
        }
        return null;
    }
}
