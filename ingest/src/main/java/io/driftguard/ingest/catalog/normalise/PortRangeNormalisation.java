package io.driftguard.ingest.catalog.normalise;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One spelling per port or port range: {@code 80}, {@code "80"} and {@code "80-80"} are {@code "80"};
 * a range keeps its bounds ({@code "1000-2000"}, spaces dropped); the whole range
 * ({@code "0-65535"}, {@code "1-65535"}, {@code "*"}, {@code "Any"}) is {@link #ALL}. GCP firewalls
 * and Azure NSG rules write ports as text, Terraform and hand-written requests sometimes as numbers.
 */
public final class PortRangeNormalisation {

    /** Every port. */
    public static final String ALL = "*";

    private PortRangeNormalisation() {}

    /** The canonical form, or null for absent or blank input. */
    public static String normalise(JsonNode port) {
        if (port == null || port.isNull() || port.isMissingNode() || !port.isValueNode()) {
            return null;
        }
        return normalise(port.asText());
    }

    public static String normalise(String port) {
        if (port == null) {
            return null;
        }
        String p = port.trim().replace(" ", "");
        if (p.isEmpty()) {
            return null;
        }
        if (p.equals("*") || p.equalsIgnoreCase("any") || p.equals("0-65535") || p.equals("1-65535")) {
            return ALL;
        }
        int dash = p.indexOf('-', 1);
        if (dash < 0) {
            return stripZeros(p);
        }
        String from = stripZeros(p.substring(0, dash));
        String to = stripZeros(p.substring(dash + 1));
        return from.equals(to) ? from : from + "-" + to;
    }

    /** {@code 080} → {@code 80}; text that is not a number stays as it is. */
    private static String stripZeros(String s) {
        try {
            return Long.toString(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
