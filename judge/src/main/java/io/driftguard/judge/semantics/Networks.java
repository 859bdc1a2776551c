package io.driftguard.judge.semantics;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Addresses and ports as the catalog writes them: CIDRs normalised ({@code 0.0.0.0/0},
 * {@code 2001:db8::/32}), Azure prefixes ({@code *}, service tags in lower case such as
 * {@code internet}), port ranges ({@code 22}, {@code 1000-2000}, {@code *}).
 */
public final class Networks {

    /**
     * Ports whose exposure to the Internet docs/design/taxonomy.md counts as "admin or database port open":
     * remote administration and the common databases and caches.
     */
    public static final Map<Integer, String> ADMIN_PORTS = new TreeMap<>(Map.ofEntries(
            Map.entry(22, "SSH"),
            Map.entry(23, "Telnet"),
            Map.entry(135, "Windows RPC"),
            Map.entry(445, "SMB"),
            Map.entry(3389, "RDP"),
            Map.entry(5985, "WinRM"),
            Map.entry(5986, "WinRM over HTTPS"),
            Map.entry(2375, "Docker API"),
            Map.entry(2376, "Docker API over TLS"),
            Map.entry(6443, "Kubernetes API"),
            Map.entry(10250, "kubelet"),
            Map.entry(5432, "PostgreSQL"),
            Map.entry(3306, "MySQL"),
            Map.entry(1433, "SQL Server"),
            Map.entry(1521, "Oracle"),
            Map.entry(27017, "MongoDB"),
            Map.entry(6379, "Redis"),
            Map.entry(9200, "Elasticsearch"),
            Map.entry(9300, "Elasticsearch transport"),
            Map.entry(5984, "CouchDB"),
            Map.entry(11211, "Memcached"),
            Map.entry(9042, "Cassandra"),
            Map.entry(7000, "Cassandra inter-node"),
            Map.entry(5601, "Kibana")));

    /** Sources that mean "anyone on the Internet". */
    private static final Set<String> WORLD =
            Set.of("0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0-255.255.255.255");

    private Networks() {}

    public static boolean isWorld(String source) {
        return source != null && WORLD.contains(source.trim().toLowerCase(Locale.ROOT));
    }

    /** A port range {@code [from, to]}; {@code *}, null or blank is every port. */
    public record PortRange(int from, int to) {
        public static final PortRange ALL = new PortRange(0, 65535);

        public static PortRange parse(String text) {
            if (text == null || text.isBlank() || text.equals("*")) {
                return ALL;
            }
            String t = text.trim();
            int dash = t.indexOf('-', 1);
            try {
                if (dash < 0) {
                    int p = Integer.parseInt(t);
                    return new PortRange(p, p);
                }
                return new PortRange(
                        Integer.parseInt(t.substring(0, dash).trim()),
                        Integer.parseInt(t.substring(dash + 1).trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        public boolean contains(int port) {
            return from <= port && port <= to;
        }

        public boolean covers(PortRange other) {
            return from <= other.from && other.to <= to;
        }

        public boolean isAll() {
            return from <= 1 && to >= 65535;
        }
    }

    /** The admin and database ports a range exposes, named ({@code 22 (SSH)}), in port order. */
    public static String adminPortsIn(PortRange range) {
        if (range == null) {
            return "";
        }
        if (range.isAll()) {
            return "all ports";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Integer, String> e : ADMIN_PORTS.entrySet()) {
            if (range.contains(e.getKey())) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(e.getKey()).append(" (").append(e.getValue()).append(')');
            }
        }
        return b.toString();
    }

    /**
     * Whether network {@code inner} lies inside {@code outer} (both CIDRs or single addresses);
     * false when either is not an address (security group ids, service tags).
     */
    public static boolean contains(String outer, String inner) {
        if (outer == null || inner == null) {
            return false;
        }
        if (outer.equals(inner) || isWorld(outer) && (isWorld(inner) || parse(inner) != null)) {
            return true;
        }
        Net o = parse(outer);
        Net i = parse(inner);
        if (o == null || i == null || o.bytes != i.bytes || i.bits < o.bits) {
            return false;
        }
        int shift = o.bytes * 8 - o.bits;
        return o.address.shiftRight(shift).equals(i.address.shiftRight(shift));
    }

    /** The number of addresses a CIDR holds (2^(32-bits)), or -1 when it is not a CIDR. */
    public static double size(String cidr) {
        if (isWorld(cidr)) {
            return Math.pow(2, 32);
        }
        Net n = parse(cidr);
        return n == null ? -1 : Math.pow(2, n.bytes * 8 - n.bits);
    }

    /** The number of addresses from {@code start} to {@code end} inclusive, or -1 when not IPv4. */
    public static double rangeSize(String start, String end) {
        Net a = parse(start);
        Net b = parse(end);
        if (a == null || b == null || a.bytes != 4 || b.bytes != 4) {
            return -1;
        }
        return b.address.subtract(a.address).doubleValue() + 1;
    }

    /** 255.255.255.255 as a number. */
    public static final BigInteger IPV4_LAST = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);

    /** A single IPv4 address as a number, or null when it is not one. */
    public static BigInteger ipv4(String address) {
        if (address == null || address.indexOf('/') >= 0) {
            return null;
        }
        Net n = parse(address);
        return n == null || n.bytes != 4 ? null : n.address;
    }

    private record Net(BigInteger address, int bits, int bytes) {}

    private static Net parse(String cidr) {
        if (cidr == null) {
            return null;
        }
        String t = cidr.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (host.isEmpty() || !looksLikeAddress(host)) {
            return null;
        }
        byte[] bytes;
        try {
            // literal addresses only (checked above), so no name is ever resolved
            bytes = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (bits < 0 || bits > bytes.length * 8) {
            return null;
        }
        return new Net(new BigInteger(1, bytes), bits, bytes.length);
    }

    private static boolean looksLikeAddress(String h) {
        boolean colon = h.indexOf(':') >= 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = Values.isAsciiDigit(c)
                    || c == '.'
                    || colon && (c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return colon || h.chars().filter(c -> c == '.').count() == 3;
    }
}
