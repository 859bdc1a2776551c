package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One row cell of a catalog table: how to read one canonical attribute from a document.
 *
 * @param path the canonical attribute path ({@code instance_type}, {@code tags} for entries)
 * @param op what the document does to the attribute
 * @param from JSON pointers tried in order; empty means the whole document
 * @param fn the bound function chain, or null to take the value as it is
 * @param when conditions (pointer → expected text) that must all hold for the rule to apply
 * @param onMissing what a document without any {@code from} value means
 * @param missingValue the value used when {@code onMissing} is {@link Missing#VALUE}
 * @param elementPrefix for set attributes, the prefix of per-element paths
 *     ({@code ingress_rule.<element>}) that non-exclusive IaC resources declare
 */
public record AttributeRule(
        String path,
        RuleOp op,
        List<JsonPointer> from,
        FunctionRegistry.Bound fn,
        Map<JsonPointer, String> when,
        Missing onMissing,
        JsonNode missingValue,
        String elementPrefix) {

    /** What a rule does to its attribute. */
    public enum RuleOp {
        /** The attribute has the value read. */
        SET,
        /** The elements read were added to the set (and each {@code <prefix>.<element>} set true). */
        ADD,
        /** The elements read were removed from the set (and each {@code <prefix>.<element>} unset). */
        REMOVE,
        /** The attribute was removed. */
        UNSET,
        /** Each key read becomes {@code <path>.<key>} with its value. */
        SET_ENTRIES,
        /** Each key read, {@code <path>.<key>}, was removed. */
        UNSET_ENTRIES,
        /** The whole map was replaced: {@code <path>.*} unset, then each key set. */
        REPLACE_ENTRIES,
        /** The attribute changed but the document does not say to what. */
        UNKNOWN,
        /** IaC only: a non-exclusive resource declares each element as {@code <prefix>.<element>}. */
        DECLARE_ELEMENTS,
        /**
         * The function reads the document into a list of changes itself ({@link ValueFunction.Shape#CHANGES}):
         * for documents whose meaning depends on their own structure, such as a Kubernetes patch
         * (strategic merge keys, {@code $patch: delete} directives) or per-role IAM bindings.
         */
        CHANGES
    }

    /** What a document without the value means. */
    public enum Missing {
        /** Nothing: the rule does not apply (the call did not touch the attribute). */
        SKIP,
        /** The attribute was removed. */
        UNSET,
        /** The attribute has {@code missingValue} (a provider default). */
        VALUE,
        /**
         * The call changed the attribute without logging the new value: UNKNOWN when the document
         * is there but lacks the value; nothing when there is no document at all (the completion
         * record of a long-running operation, whose start record carried the request).
         */
        UNKNOWN
    }
}
