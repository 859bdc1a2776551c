package io.driftguard.reconcile;

import java.util.List;
import java.util.Map;

/**
 * What a {@link LiveReader} read of one resource, in canonical attributes.
 *
 * @param key the resource key
 * @param reader the API call that read it, for the finding's trigger
 * @param attributes canonical path → canonical JSON value, as the catalog's IaC rows map the live
 *     object rendered in an IaC source's shape
 * @param covered the attribute paths this reader reads ({@code ingress}, {@code tags.*}): a declared
 *     path they match that is missing from {@code attributes} is absent live
 */
public record LiveResource(String key, String reader, Map<String, String> attributes, List<String> covered) {

    /** For {@code covered}: the reader reads the whole object, so every declared path missing live is absent. */
    public static final String EVERYTHING = "*";

    /** A declared resource the API no longer has: every declared path it covers is absent. */
    public static LiveResource deleted(String key, String reader, List<String> covered) {
        return new LiveResource(key, reader, Map.of(), covered);
    }

    public boolean covers(String path) {
        for (String c : covered) {
            if (c.equals(EVERYTHING)) {
                return true;
            }
            if (c.endsWith(".*") ? path.startsWith(c.substring(0, c.length() - 1)) : c.equals(path)) {
                return true;
            }
        }
        return false;
    }
}
