package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * Builds the output of a {@link ValueFunction.Shape#CHANGES} function: an ordered list of changes
 * relative to the rule's path. Order matters: an {@code unset("x.*")} before the {@code set}s of a
 * replaced map removes the declared keys the new map leaves out.
 */
public final class Changes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ArrayNode out = NODES.arrayNode();

    public Changes set(String suffix, JsonNode value) {
        if (value != null && !value.isMissingNode()) {
            out.add(change(suffix, "set").set("value", value));
        }
        return this;
    }

    public Changes set(String suffix, String text) {
        return set(suffix, text == null ? null : NODES.textNode(text));
    }

    /** The whole set value; elements in any order (the evaluator writes the canonical set). */
    public Changes setSet(String suffix, Collection<? extends JsonNode> elements) {
        ObjectNode c = change(suffix, "set_set");
        c.set("value", NODES.arrayNode().addAll(elements));
        out.add(c);
        return this;
    }

    public Changes add(String suffix, Collection<? extends JsonNode> elements) {
        if (!elements.isEmpty()) {
            out.add(change(suffix, "add").set("value", NODES.arrayNode().addAll(elements)));
        }
        return this;
    }

    public Changes remove(String suffix, Collection<? extends JsonNode> elements) {
        if (!elements.isEmpty()) {
            out.add(change(suffix, "remove").set("value", NODES.arrayNode().addAll(elements)));
        }
        return this;
    }

    public Changes unset(String suffix) {
        out.add(change(suffix, "unset"));
        return this;
    }

    public Changes unknown(String suffix) {
        out.add(change(suffix, "unknown"));
        return this;
    }

    public boolean isEmpty() {
        return out.isEmpty();
    }

    /** The list, or null when empty (a function returning null declares nothing). */
    public ArrayNode build() {
        return out.isEmpty() ? null : out;
    }

    /** {@code a.b} from a prefix and a suffix, either possibly empty. */
    public static String join(String prefix, String suffix) {
        if (prefix == null || prefix.isEmpty()) {
            return suffix == null ? "" : suffix;
        }
        return suffix == null || suffix.isEmpty() ? prefix : prefix + "." + suffix;
    }

    private ObjectNode change(String suffix, String op) {
        ObjectNode c = NODES.objectNode();
        c.put("path", suffix == null ? "" : suffix);
        c.put("op", op);
        return c;
    }
}
