package io.driftguard.ingest.catalog.normalise;

import java.util.Locale;

/**
 * Identifiers the provider folds to one case, so both sides use that case: RDS stores DB instance
 * identifiers in lower case whatever the caller typed; IP protocol names are case-insensitive;
 * Azure resource ids are case-insensitive (folding those is {@code ResourceKey}'s job, but the id
 * a reader reports is folded here too so it matches the key).
 */
public final class IdentifierCase {

    private IdentifierCase() {}

    public static String rdsIdentifier(String id) {
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    public static String azureResourceId(String id) {
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    /**
     * One name per IP protocol: numbers that have a name become the name ({@code 6} → {@code tcp}),
     * {@code all} becomes {@code -1} (EC2's "all traffic"), names are lower case.
     */
    public static String ipProtocol(String protocol) {
        if (protocol == null) {
            return "-1";
        }
        String p = protocol.trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "icmpv6";
            case "all", "-1", "" -> "-1";
            default -> p;
        };
    }
}
