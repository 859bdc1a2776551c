package io.driftguard.models.scenario.random;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's only source of randomness. Seeded, never the wall clock, so a seed and a set of
 * parameters always give the same folder byte for byte.
 */
public final class Rng {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] ALNUM_LOWER = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SplittableRandom random;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream, so one part's draws do not shift another's. */
    public Rng fork() {
        return new Rng(random.split());
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Inclusive on both ends. */
    public int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    public long betweenLong(long low, long high) {
        return low + random.nextLong(high - low + 1);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    public final <T> T pickOf(T... items) {
        return items[random.nextInt(items.length)];
    }

    public String hex(int length) {
        return chars(HEX, length);
    }

    public String upperAlnum(int length) {
        return chars(ALNUM_UPPER, length);
    }

    public String lowerAlnum(int length) {
        return chars(ALNUM_LOWER, length);
    }

    public String digits(int length) {
        StringBuilder b = new StringBuilder(length);
        b.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < length; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    /** A version-4 UUID in the usual 8-4-4-4-12 form. */
    public String uuid() {
        String h = hex(32);
        char variant = HEX[8 + random.nextInt(4)];
        return h.substring(0, 8) + '-' + h.substring(8, 12) + "-4" + h.substring(13, 16) + '-' + variant
                + h.substring(17, 20) + '-' + h.substring(20, 32);
    }

    private String chars(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
