package io.driftguard.judge.policy;

import java.util.List;

/** The severity scale, low &lt; medium &lt; high. */
final class Levels {

    static final String LOW = "low";
    static final String MEDIUM = "medium";
    static final String HIGH = "high";
    static final List<String> ORDER = List.of(LOW, MEDIUM, HIGH);

    private Levels() {}

    static String max(String a, String b) {
        return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
    }

    static boolean valid(String level) {
        return ORDER.contains(level);
    }
}
