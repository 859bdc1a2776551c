package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.catalog.AttributeRule.Missing;
import io.driftguard.ingest.catalog.AttributeRule.RuleOp;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The catalog tables, loaded and checked: kinds, call rows and IaC rows of every cloud.
 *
 * <p>The built-in tables are the resources listed in {@code catalog/index.yaml}. Loading checks
 * every row (known keys, known functions, paths that belong to the row's kind, valid pointers) and
 * fails with a message naming the file and row, so a bad table never reaches a running job.
 */
public final class CatalogTables {

    static final String INDEX = "catalog/index.yaml";

    private static volatile CatalogTables builtIn;

    private final Map<String, ResourceKind> kinds;
    private final List<CallRow> calls;
    private final List<IacRow> iacRows;
    private final FunctionRegistry functions;

    private CatalogTables(
            Map<String, ResourceKind> kinds, List<CallRow> calls, List<IacRow> iacRows, FunctionRegistry functions) {
        this.kinds = Map.copyOf(kinds);
        this.calls = List.copyOf(calls);
        this.iacRows = List.copyOf(iacRows);
        this.functions = functions;
    }

    /** The built-in tables, loaded once per class loader. */
    public static CatalogTables builtIn() {
        CatalogTables t = builtIn;
        if (t == null) {
            synchronized (CatalogTables.class) {
                if (builtIn == null) {
                    builtIn = loadBuiltIn();
                }
                t = builtIn;
            }
        }
        return t;
    }

    private static CatalogTables loadBuiltIn() {
        JsonNode index = readYaml(INDEX, resource(INDEX));
        JsonNode tables = index.path("tables");
        if (!tables.isArray() || tables.isEmpty()) {
            throw new IllegalStateException(INDEX + ": 'tables' must list the table files");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (JsonNode t : tables) {
            String name = "catalog/" + t.asText();
            texts.put(name, resource(name));
        }
        return fromYaml(texts);
    }

    /**
     * Loads tables from YAML texts (file name → content).
     *
     * @throws IllegalStateException with the file, row and reason of the first problem
     */
    public static CatalogTables fromYaml(Map<String, String> tables) {
        FunctionRegistry functions = FunctionRegistry.builtIn();
        Map<String, ResourceKind> kinds = new LinkedHashMap<>();
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        tables.forEach((name, text) -> docs.put(name, readYaml(name, text)));
        for (Map.Entry<String, JsonNode> d : docs.entrySet()) {
            readKinds(d.getKey(), d.getValue(), kinds);
        }
        List<CallRow> calls = new ArrayList<>();
        List<IacRow> iac = new ArrayList<>();
        for (Map.Entry<String, JsonNode> d : docs.entrySet()) {
            Reader r = new Reader(d.getKey(), functions, kinds);
            r.readCalls(d.getValue(), calls);
            r.readIac(d.getValue(), iac);
        }
        return new CatalogTables(kinds, calls, iac, functions);
    }

    public Map<String, ResourceKind> kinds() {
        return kinds;
    }

    public List<CallRow> calls() {
        return calls;
    }

    public List<IacRow> iacRows() {
        return iacRows;
    }

    public FunctionRegistry functions() {
        return functions;
    }

    private static String resource(String name) {
        try (InputStream in = CatalogTables.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("catalog table " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog table " + name, e);
        }
    }

    private static JsonNode readYaml(String name, String text) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(loaded instanceof Map)) {
            throw new IllegalStateException(name + ": a catalog table must be a YAML mapping");
        }
        return Json.MAPPER.valueToTree(loaded);
    }

    private static void readKinds(String file, JsonNode doc, Map<String, ResourceKind> kinds) {
        checkKeys(file, "top level", doc, Set.of("cloud", "kinds", "calls", "iac", "description"));
        Cloud cloud = cloud(file, doc);
        Iterator<Map.Entry<String, JsonNode>> it = doc.path("kinds").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "kind " + e.getKey();
            JsonNode k = e.getValue();
            checkKeys(file, where, k, Set.of("resource_type", "attributes", "exclusive_sets", "description"));
            List<String> attrs = strings(file, where, k.path("attributes"));
            if (attrs.isEmpty()) {
                throw fail(file, where, "no attributes");
            }
            Map<String, String> exclusive = new LinkedHashMap<>();
            k.path("exclusive_sets")
                    .fields()
                    .forEachRemaining(
                            x -> exclusive.put(x.getKey(), x.getValue().asText()));
            ResourceKind kind =
                    new ResourceKind(e.getKey(), cloud, required(file, where, k, "resource_type"), attrs, exclusive);
            if (kinds.putIfAbsent(kind.name(), kind) != null) {
                throw fail(file, where, "defined twice");
            }
        }
    }

    private static Cloud cloud(String file, JsonNode doc) {
        String c = required(file, "top level", doc, "cloud");
        try {
            return Cloud.fromWire(c);
        } catch (IllegalArgumentException e) {
            throw fail(file, "top level", "unknown cloud '" + c + "'");
        }
    }

    /** Reads the rows of one table file against the shared kinds and functions. */
    private record Reader(String file, FunctionRegistry functions, Map<String, ResourceKind> kinds) {

        void readCalls(JsonNode doc, List<CallRow> out) {
            Cloud cloud = cloud(file, doc);
            int i = 0;
            for (JsonNode row : doc.path("calls")) {
                String where = "calls[" + i++ + "]";
                checkKeys(
                        file,
                        where,
                        row,
                        Set.of(
                                "service",
                                "operations",
                                "resource_type",
                                "kind",
                                "id",
                                "attributes",
                                "response",
                                "document",
                                "comment"));
                String service = required(file, where, row, "service");
                List<String> ops = strings(file, where, row.path("operations"));
                if (ops.isEmpty()) {
                    throw fail(file, where, "no operations");
                }
                where = where + " (" + service + " " + ops + ")";
                ResourceKind kind = kind(where, required(file, where, row, "kind"));
                IdSpec id = idSpec(where, row.path("id"));
                List<AttributeRule> rules = rules(where, row.path("attributes"), kind, id);
                String resourceType = row.hasNonNull("resource_type")
                        ? row.get("resource_type").asText()
                        : null;
                FunctionRegistry.Bound document = row.has("document") ? bind(where, row.get("document")) : null;
                if (document != null && document.shape() != Shape.VALUE) {
                    throw fail(file, where, "'document' must be a value function, not " + document.spec());
                }
                for (String op : ops) {
                    out.add(new CallRow(
                            file,
                            cloud,
                            service,
                            op,
                            resourceType,
                            kind.name(),
                            id,
                            rules,
                            row.path("response").asBoolean(false),
                            document));
                }
            }
        }

        void readIac(JsonNode doc, List<IacRow> out) {
            int i = 0;
            for (JsonNode row : doc.path("iac")) {
                String where = "iac[" + i++ + "]";
                checkKeys(
                        file,
                        where,
                        row,
                        Set.of("source", "types", "kind", "id", "attributes", "primary", "each", "comment"));
                String source = required(file, where, row, "source");
                if (!Set.of("terraform", "cloudformation", "kubernetes").contains(source)) {
                    throw fail(file, where, "unknown source '" + source + "'");
                }
                List<String> types = strings(file, where, row.path("types"));
                if (types.isEmpty()) {
                    throw fail(file, where, "no types");
                }
                where = where + " (" + source + " " + types + ")";
                ResourceKind kind = kind(where, required(file, where, row, "kind"));
                IdSpec id = row.has("id") ? idSpec(where, row.get("id")) : null;
                if (id == null && source.equals("terraform")) {
                    throw fail(
                            file,
                            where,
                            "needs an id (CloudFormation rows default to the physical id, "
                                    + "Kubernetes rows to <cluster>/<namespace>/<Kind>/<name>)");
                }
                List<AttributeRule> rules = rules(where, row.path("attributes"), kind, id);
                for (AttributeRule r : rules) {
                    if (!Set.of(RuleOp.SET, RuleOp.SET_ENTRIES, RuleOp.DECLARE_ELEMENTS, RuleOp.CHANGES)
                            .contains(r.op())) {
                        throw fail(
                                file,
                                where,
                                "IaC rows declare values: op " + r.op() + " on " + r.path() + " is for calls");
                    }
                }
                JsonPointer each =
                        row.hasNonNull("each") ? pointer(where, row.get("each").asText()) : null;
                for (String t : types) {
                    out.add(new IacRow(
                            file,
                            source,
                            t,
                            kind.name(),
                            id,
                            rules,
                            row.path("primary").asBoolean(true),
                            each));
                }
            }
        }

        private ResourceKind kind(String where, String name) {
            ResourceKind k = kinds.get(name);
            if (k == null) {
                throw fail(file, where, "unknown kind '" + name + "'");
            }
            return k;
        }

        private IdSpec idSpec(String where, JsonNode id) {
            if (id.isMissingNode() || id.isNull()) {
                return new IdSpec(List.of(), null, null, Map.of());
            }
            checkKeys(file, where + " id", id, Set.of("from", "fn", "many", "kind_by_prefix", "scope"));
            List<String> scope = strings(file, where + " id", id.path("scope"));
            for (String s : scope) {
                if (!IdSpec.SCOPES.contains(s)) {
                    throw fail(file, where, "id scope '" + s + "' is not one of " + IdSpec.SCOPES);
                }
            }
            Map<String, String> byPrefix = new LinkedHashMap<>();
            id.path("kind_by_prefix").fields().forEachRemaining(e -> {
                kind(where, e.getValue().asText());
                byPrefix.put(e.getKey(), e.getValue().asText());
            });
            FunctionRegistry.Bound many = id.has("many") ? bind(where, id.get("many")) : null;
            if (many != null && many.shape() != Shape.SET) {
                throw fail(file, where, "id 'many' must be a set function, not " + many.spec());
            }
            return new IdSpec(
                    pointers(where, id.path("from")),
                    id.has("fn") ? bind(where, id.get("fn")) : null,
                    many,
                    byPrefix,
                    scope);
        }

        private List<AttributeRule> rules(String where, JsonNode list, ResourceKind kind, IdSpec id) {
            List<AttributeRule> rules = new ArrayList<>();
            int i = 0;
            for (JsonNode r : list) {
                String at = where + " attributes[" + i++ + "]";
                checkKeys(file, at, r, Set.of("path", "op", "from", "fn", "when", "missing", "elements", "comment"));
                String path = required(file, at, r, "path");
                RuleOp op;
                try {
                    op = RuleOp.valueOf(r.path("op").asText("set").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw fail(file, at, "unknown op '" + r.path("op").asText() + "'");
                }
                FunctionRegistry.Bound fn = r.has("fn") ? bind(at, r.get("fn")) : null;
                boolean entries =
                        op == RuleOp.SET_ENTRIES || op == RuleOp.UNSET_ENTRIES || op == RuleOp.REPLACE_ENTRIES;
                if (op == RuleOp.CHANGES) {
                    if (fn == null || fn.shape() != Shape.CHANGES) {
                        throw fail(file, at, "op changes needs a changes function");
                    }
                    if (!kind.allows(path, false)
                            && !kind.allows(path, true)
                            && kind.attributes().stream().noneMatch(a -> a.startsWith(path + "."))) {
                        throw fail(
                                file,
                                at,
                                "path '" + path + "' is not an attribute (or prefix of one) of kind " + kind.name());
                    }
                } else if (op == RuleOp.DECLARE_ELEMENTS) {
                    if (!kind.allows(path + ".x", false)) {
                        throw fail(
                                file,
                                at,
                                "per-element prefix '" + path + "' is not an attribute of kind " + kind.name());
                    }
                } else if (!kind.allows(path, entries)) {
                    throw fail(
                            file,
                            at,
                            "path '" + path + (entries ? ".*" : "") + "' is not an attribute of kind " + kind.name());
                }
                if (entries && op != RuleOp.UNSET_ENTRIES && (fn == null || fn.shape() != Shape.ENTRIES)) {
                    throw fail(file, at, "op " + op + " needs an entries function");
                }
                if ((op == RuleOp.ADD || op == RuleOp.REMOVE || op == RuleOp.DECLARE_ELEMENTS)
                        && (fn == null || fn.shape() != Shape.SET)) {
                    throw fail(file, at, "op " + op + " needs a set function");
                }
                String elements = r.hasNonNull("elements") ? r.get("elements").asText() : null;
                if (elements != null && !kind.allows(elements + ".x", false)) {
                    throw fail(
                            file, at, "elements prefix '" + elements + "' is not an attribute of kind " + kind.name());
                }
                Map<JsonPointer, String> when = new LinkedHashMap<>();
                r.path("when")
                        .fields()
                        .forEachRemaining(e ->
                                when.put(pointer(at, e.getKey()), e.getValue().asText()));
                Missing missing = Missing.SKIP;
                JsonNode missingValue = null;
                JsonNode m = r.get("missing");
                if (m != null) {
                    if (m.isObject() && m.has("value")) {
                        missing = Missing.VALUE;
                        missingValue = m.get("value");
                    } else if (m.asText().equals("unset")) {
                        missing = Missing.UNSET;
                    } else if (m.asText().equals("unknown")) {
                        missing = Missing.UNKNOWN;
                    } else if (!m.asText().equals("skip")) {
                        throw fail(file, at, "missing must be skip, unset, unknown or {value: …}");
                    }
                }
                rules.add(new AttributeRule(
                        path, op, pointers(at, r.path("from")), fn, when, missing, missingValue, elements));
            }
            return List.copyOf(rules);
        }

        private FunctionRegistry.Bound bind(String where, JsonNode spec) {
            try {
                return functions.bind(strings(file, where, spec));
            } catch (IllegalArgumentException e) {
                throw fail(file, where, e.getMessage());
            }
        }

        private List<JsonPointer> pointers(String where, JsonNode from) {
            List<JsonPointer> out = new ArrayList<>();
            for (String s : strings(file, where, from)) {
                out.add(pointer(where, s));
            }
            return List.copyOf(out);
        }

        private JsonPointer pointer(String where, String s) {
            try {
                return JsonPointer.compile(s);
            } catch (IllegalArgumentException e) {
                throw fail(file, where, "bad JSON pointer '" + s + "' (pointers start with /)");
            }
        }
    }

    private static List<String> strings(String file, String where, JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isValueNode()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw fail(file, where, "expected a string or a list of strings, got " + node);
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String required(String file, String where, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw fail(file, where, "missing '" + key + "'");
        }
        return v.asText();
    }

    private static void checkKeys(String file, String where, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw fail(file, where, "expected a mapping");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw fail(file, where, "unknown key '" + k + "' (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        });
    }

    private static IllegalStateException fail(String file, String where, String why) {
        return new IllegalStateException("catalog table " + file + ", " + where + ": " + why);
    }
}
