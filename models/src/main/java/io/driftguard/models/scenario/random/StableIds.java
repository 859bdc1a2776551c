package io.driftguard.models.scenario.random;

/**
 * Identifiers that must stay the same for one principal, account or alert across calls (role ids,
 * detector ids, fingerprints): derived from a name only, never from the seed's random stream, so
 * drawing one does not shift any other draw.
 */
public final class StableIds {

    private StableIds() {}

    /** {@code length} characters of base32 (A–Z, 2–7) derived from {@code key}. */
    public static String base32(String key, int length) {
        return stable(key, length, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    }

    /** {@code length} lower-case hex digits derived from {@code key}. */
    public static String hex(String key, int length) {
        return stable(key, length, "0123456789abcdef");
    }

    private static String stable(String key, int length, String alphabet) {
        long h = 1125899906842597L;
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < key.length(); j++) {
                h = 31 * h + key.charAt(j);
            }
            h ^= (h >>> 29) + i;
            b.append(alphabet.charAt((int) Math.floorMod(h, (long) alphabet.length())));
        }
        return b.toString();
    }
}
