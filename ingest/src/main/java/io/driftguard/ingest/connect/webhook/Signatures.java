package io.driftguard.ingest.connect.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC and constant-time comparison for webhook verification. */
final class Signatures {

    private static final HexFormat HEX = HexFormat.of();

    static byte[] hmacSha256(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * True if {@code hex} (case-insensitive) is the HMAC-SHA256 of {@code body} under {@code secret};
     * compared in constant time so the comparison leaks nothing about the expected value.
     */
    static boolean hmacMatches(byte[] secret, byte[] body, String hex) {
        if (hex == null) {
            return false;
        }
        byte[] given;
        try {
            given = HEX.parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, body), given);
    }

    /** Constant-time equality of two secrets (tokens, bearer values). */
    static boolean tokenMatches(byte[] secret, String given) {
        return given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private Signatures() {}
}
