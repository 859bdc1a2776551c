package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.ingest.catalog.ValueFunction.FnContext;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs {@link AttributeRule}s over a document: the one engine behind both the audit-call
 * interpretation and the IaC readers, so both sides produce the same canonical text.
 */
public final class RuleEvaluator {

    /** The path suffix that marks "every key under this prefix" ({@code tags.*}). */
    public static final String ALL_KEYS = ".*";

    private RuleEvaluator() {}

    /**
     * Evaluates rules over a document.
     *
     * @param changes receives each attribute change in rule order
     * @param notes receives why an attribute was left out (an unresolvable IaC value)
     */
    public static void evaluate(
            List<AttributeRule> rules,
            JsonNode doc,
            FnContext ctx,
            Consumer<AttributeChange> changes,
            Consumer<String> notes) {
        for (AttributeRule rule : rules) {
            evaluate(rule, doc, ctx, changes, notes);
        }
    }

    static void evaluate(
            AttributeRule rule,
            JsonNode doc,
            FnContext ctx,
            Consumer<AttributeChange> changes,
            Consumer<String> notes) {
        for (Map.Entry<JsonPointer, String> w : rule.when().entrySet()) {
            JsonNode v = doc.at(w.getKey());
            if (v.isMissingNode() || !w.getValue().equals(v.asText())) {
                return;
            }
        }
        JsonNode node = select(rule, doc);
        if (node == null) {
            switch (rule.onMissing()) {
                case SKIP -> {
                    return;
                }
                case UNSET -> {
                    emitUnset(rule, changes);
                    return;
                }
                case VALUE -> node = rule.missingValue();
                case UNKNOWN -> {
                    // Only a document that is there but silent about the value says "changed, value
                    // hidden"; no document at all is a completion record whose start carried it.
                    if (isPresent(doc)) {
                        changes.accept(AttributeChange.unknown(rule.path()));
                    }
                    return;
                }
            }
        }
        if (rule.op() == AttributeRule.RuleOp.UNSET) {
            changes.accept(AttributeChange.unset(rule.path()));
            return;
        }
        if (rule.op() == AttributeRule.RuleOp.UNKNOWN) {
            changes.accept(AttributeChange.unknown(rule.path()));
            return;
        }
        boolean entries = isEntries(rule.op());
        String marker = Markers.find(node);
        if (marker != null) {
            if (Markers.isHidden(marker)) {
                changes.accept(AttributeChange.unknown(rule.path()));
                return;
            }
            if (!entries) {
                notes.accept(rule.path() + ": " + Markers.reason(marker));
                return;
            }
            // Each key of a map is its own attribute: only the unresolved keys stay undeclared.
        }
        JsonNode value = rule.fn() == null ? node : rule.fn().fn().apply(node, ctx);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        Shape shape = rule.fn() == null ? Shape.VALUE : rule.fn().shape();
        if (rule.op() == AttributeRule.RuleOp.CHANGES) {
            emitChanges(rule.path(), value, changes);
            return;
        }
        emit(rule, value, shape, changes, notes);
    }

    /** Whether there is a document at all: anything but the fields a {@code document} function adds ({@code $…}). */
    static boolean isPresent(JsonNode doc) {
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
            return false;
        }
        if (!doc.isObject()) {
            return true;
        }
        Iterator<String> names = doc.fieldNames();
        while (names.hasNext()) {
            if (!names.next().startsWith("$")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a document holds anything besides a type tag ({@code @type}) and the fields a
     * {@code document} function adds ({@code $…}).
     */
    public static boolean hasContent(JsonNode doc) {
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
            return false;
        }
        if (!doc.isObject()) {
            return true;
        }
        Iterator<String> names = doc.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("@type") && !n.startsWith("$")) {
                return true;
            }
        }
        return false;
    }

    private static void emitChanges(String prefix, JsonNode list, Consumer<AttributeChange> changes) {
        if (!list.isArray()) {
            return;
        }
        for (JsonNode c : list) {
            String path = Changes.join(prefix, c.path("path").asText(""));
            JsonNode v = c.get("value");
            switch (c.path("op").asText()) {
                case "set" -> changes.accept(AttributeChange.set(path, AttributeValues.canonical(v)));
                case "set_set" -> changes.accept(AttributeChange.set(path, AttributeValues.canonicalSet(elements(v))));
                case "add" ->
                    changes.accept(new AttributeChange(
                            path, AttributeChange.Op.ADD, AttributeValues.canonicalSet(elements(v))));
                case "remove" ->
                    changes.accept(new AttributeChange(
                            path, AttributeChange.Op.REMOVE, AttributeValues.canonicalSet(elements(v))));
                case "unset" -> changes.accept(AttributeChange.unset(path));
                case "unknown" -> changes.accept(AttributeChange.unknown(path));
                default -> throw new IllegalStateException("unknown change op " + c.path("op") + " from " + prefix);
            }
        }
    }

    private static boolean isEntries(AttributeRule.RuleOp op) {
        return op == AttributeRule.RuleOp.SET_ENTRIES
                || op == AttributeRule.RuleOp.UNSET_ENTRIES
                || op == AttributeRule.RuleOp.REPLACE_ENTRIES;
    }

    private static JsonNode select(AttributeRule rule, JsonNode doc) {
        if (rule.from().isEmpty()) {
            return doc;
        }
        for (JsonPointer p : rule.from()) {
            JsonNode n = doc.at(p);
            if (!n.isMissingNode() && !n.isNull()) {
                return n;
            }
        }
        return null;
    }

    private static void emitUnset(AttributeRule rule, Consumer<AttributeChange> changes) {
        changes.accept(AttributeChange.unset(isEntries(rule.op()) ? rule.path() + ALL_KEYS : rule.path()));
    }

    private static void emit(
            AttributeRule rule,
            JsonNode value,
            Shape shape,
            Consumer<AttributeChange> changes,
            Consumer<String> notes) {
        String path = rule.path();
        switch (rule.op()) {
            case SET ->
                changes.accept(AttributeChange.set(
                        path,
                        shape == Shape.SET
                                ? AttributeValues.canonicalSet(elements(value))
                                : AttributeValues.canonical(value)));
            case ADD, REMOVE -> {
                List<JsonNode> elements = elements(value);
                AttributeChange.Op op =
                        rule.op() == AttributeRule.RuleOp.ADD ? AttributeChange.Op.ADD : AttributeChange.Op.REMOVE;
                changes.accept(new AttributeChange(path, op, AttributeValues.canonicalSet(elements)));
                if (rule.elementPrefix() != null) {
                    for (JsonNode e : elements) {
                        String p = rule.elementPrefix() + "." + elementKey(e);
                        changes.accept(
                                op == AttributeChange.Op.ADD
                                        ? AttributeChange.set(p, "true")
                                        : AttributeChange.unset(p));
                    }
                }
            }
            case DECLARE_ELEMENTS -> {
                for (JsonNode e : elements(value)) {
                    changes.accept(AttributeChange.set(path + "." + elementKey(e), "true"));
                }
            }
            case SET_ENTRIES, UNSET_ENTRIES, REPLACE_ENTRIES -> {
                if (rule.op() == AttributeRule.RuleOp.REPLACE_ENTRIES) {
                    changes.accept(AttributeChange.unset(path + ALL_KEYS));
                }
                Iterator<Map.Entry<String, JsonNode>> it = value.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String p = path + "." + e.getKey();
                    String marker = Markers.find(e.getValue());
                    if (marker != null && !Markers.isHidden(marker)) {
                        notes.accept(p + ": " + Markers.reason(marker));
                        continue;
                    }
                    if (rule.op() == AttributeRule.RuleOp.UNSET_ENTRIES
                            || e.getValue() == null
                            || e.getValue().isNull()) {
                        changes.accept(AttributeChange.unset(p));
                    } else {
                        changes.accept(AttributeChange.set(p, AttributeValues.canonical(e.getValue())));
                    }
                }
            }
            case UNSET -> changes.accept(AttributeChange.unset(path));
            case UNKNOWN -> changes.accept(AttributeChange.unknown(path));
        }
    }

    /** The key of one set element in a per-element path: a string as is, else its canonical JSON. */
    public static String elementKey(JsonNode element) {
        return element.isTextual() ? element.textValue() : AttributeValues.canonical(element);
    }

    private static List<JsonNode> elements(JsonNode value) {
        List<JsonNode> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(out::add);
        } else {
            out.add(value);
        }
        return out;
    }
}
