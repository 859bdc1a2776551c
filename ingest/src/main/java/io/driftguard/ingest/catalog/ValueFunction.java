package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A named step that turns a value as a provider or IaC writes it into its canonical form. The
 * tables refer to these by name ({@code fn: ec2_ip_permissions}); {@link FunctionRegistry} holds
 * them.
 */
@FunctionalInterface
public interface ValueFunction {

    /**
     * @param input the node the rule's {@code from} pointer selected (or the whole document)
     * @param ctx the resource being read
     * @return the canonical value; for {@link Shape#SET} an array of elements, for
     *     {@link Shape#ENTRIES} an object of key → value; null when the input declares nothing
     */
    JsonNode apply(JsonNode input, FnContext ctx);

    /** What a function returns, which decides how a rule emits it. */
    enum Shape {
        /** One value, written as is. */
        VALUE,
        /** An array whose order carries no meaning: written as a canonical set. */
        SET,
        /** An object whose keys are separate attributes ({@code tags.<key>}). */
        ENTRIES,
        /**
         * An array of changes {@code {"path": <suffix>, "op": set|add|remove|unset|unknown, "value": …}};
         * each path is appended to the rule's path with a dot (an empty suffix is the rule's path).
         * {@code add}/{@code remove} values are arrays of elements. Build them with {@link Changes}.
         */
        CHANGES
    }

    /**
     * The resource a function reads for.
     *
     * @param resourceId the provider id the row resolved (a security group id for a rule that
     *     names {@code self})
     * @param root the whole document (request, state attributes, template properties)
     */
    record FnContext(String resourceId, JsonNode root) {}
}
