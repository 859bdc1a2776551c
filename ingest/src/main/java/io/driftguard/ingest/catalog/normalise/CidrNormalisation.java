package io.driftguard.ingest.catalog.normalise;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One spelling per network: {@code 10.0.0.1} and {@code 10.0.0.1/32} are the same rule, and so are
 * {@code 208.236.235.254/0} and {@code 0.0.0.0/0} (EC2 accepts host bits and ignores them).
 *
 * <p>IPv6 is written in its compressed form ({@code 2001:db8::/32}). Text that is not an address is
 * returned trimmed and unchanged, so an odd value still compares with itself.
 */
public final class CidrNormalisation {

    private CidrNormalisation() {}

    public static String normalise(String cidr) {
        if (cidr == null) {
            return null;
        }
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (!looksLikeAddress(host)) {
            return text;
        }
        byte[] bytes;
        try {
            // Literal addresses only (checked above), so this never resolves a name.
            bytes = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return text;
        }
        int maxBits = bytes.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                return text;
            }
            if (bits < 0 || bits > maxBits) {
                return text;
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xFF << (8 - keep)));
        }
        try {
            return format(InetAddress.getByAddress(bytes), bytes.length) + "/" + bits;
        } catch (UnknownHostException e) {
            return text;
        }
    }

    private static boolean looksLikeAddress(String host) {
        if (host.isEmpty()) {
            return false;
        }
        boolean v6 = host.indexOf(':') >= 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || c == '.'
                    || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return v6 || host.chars().filter(c -> c == '.').count() == 3;
    }

    private static String format(InetAddress address, int length) {
        if (length == 4) {
            return address.getHostAddress();
        }
        return compressV6(address.getAddress());
    }

    /** RFC 5952 form: lower case, leading zeros dropped, the longest run of zero groups as "::". */
    static String compressV6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
