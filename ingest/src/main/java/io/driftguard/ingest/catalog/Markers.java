package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Values that stand for "not known": a provider hid the new value, or an IaC value cannot be
 * computed offline. A rule whose input holds one does not compare a value: a hidden audit value
 * becomes {@code UNKNOWN}, an unresolvable IaC value leaves the attribute undeclared.
 */
public final class Markers {

    /** CloudTrail's placeholder for secrets such as Lambda environment variables. */
    public static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
    /** CloudTrail's placeholder for user data and similar blobs. */
    public static final String SENSITIVE_REMOVED = "<sensitiveDataRemoved>";

    private static final String UNRESOLVED_PREFIX = "\u0000unresolved:";

    private Markers() {}

    /** A placeholder for an IaC value that cannot be resolved offline, carrying the reason. */
    public static TextNode unresolved(String reason) {
        return TextNode.valueOf(UNRESOLVED_PREFIX + reason);
    }

    public static boolean isUnresolved(JsonNode node) {
        return node != null && node.isTextual() && node.textValue().startsWith(UNRESOLVED_PREFIX);
    }

    /** The reason an unresolved marker carries. */
    public static String reason(String markerText) {
        return markerText.startsWith(UNRESOLVED_PREFIX) ? markerText.substring(UNRESOLVED_PREFIX.length()) : markerText;
    }

    public static boolean isHidden(String text) {
        return HIDDEN.equals(text) || SENSITIVE_REMOVED.equals(text);
    }

    /** The first marker text anywhere in the node, or null. */
    public static String find(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String t = node.textValue();
            return isHidden(t) || t.startsWith(UNRESOLVED_PREFIX) ? t : null;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                String found = find(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
