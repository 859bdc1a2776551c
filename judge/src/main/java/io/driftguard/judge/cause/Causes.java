package io.driftguard.judge.cause;

import java.util.List;

/**
 * The five causes of docs/design/taxonomy.md in its precedence order. This order is also the class order of
 * the cause model's probability vector, so it must never be reordered without retraining.
 */
public final class Causes {

    public static final String AUTOMATED_RESPONSE = "automated_response";
    public static final String SECURITY_RESPONSE = "security_response";
    public static final String EMERGENCY_FIX = "emergency_fix";
    public static final String MANUAL_TROUBLESHOOTING = "manual_troubleshooting";
    public static final String CONFIGURATION_ERROR = "configuration_error";

    /** Class index i of the model is {@code ORDER.get(i)}. */
    public static final List<String> ORDER = List.of(AUTOMATED_RESPONSE, SECURITY_RESPONSE, EMERGENCY_FIX,
            MANUAL_TROUBLESHOOTING, CONFIGURATION_ERROR);

    private Causes() {}

    /** The class index of a cause, or -1 when it is not one of the five. */
    public static int index(String cause) {
        return cause == null ? -1 : ORDER.indexOf(cause);
    }
}
