package io.driftguard.models.scenario.cases;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.models.scenario.driver.Intent;
import java.util.List;
import java.util.Locale;

/** The scenario families: five drift causes, a drift-after-deploy pair, and the not-drift kinds docs/design/taxonomy.md lists. */
public enum Family {
    EMERGENCY_FIX(Intent.EMERGENCY, Cause.EMERGENCY_FIX),
    MANUAL_TROUBLESHOOTING(Intent.TROUBLESHOOT, Cause.MANUAL_TROUBLESHOOTING),
    SECURITY_RESPONSE(Intent.TIGHTEN, Cause.SECURITY_RESPONSE),
    CONFIGURATION_ERROR(Intent.MISCONFIGURE, Cause.CONFIGURATION_ERROR),
    AUTOMATED_RESPONSE(Intent.AUTOMATE, Cause.AUTOMATED_RESPONSE),
    /** The deploy identity changes a value (not drift); later a human sets the old value back (drift). */
    DEPLOY_THEN_RESTORE(Intent.EMERGENCY, Cause.MANUAL_TROUBLESHOOTING),
    DEPLOY_IDENTITY(null, null),
    FAILED_CALL(null, null),
    READ_ONLY(null, null),
    NOOP_EQUIVALENT(Intent.NOOP, null),
    UNDECLARED_ATTRIBUTE(Intent.UNDECLARED, null),
    IGNORED_BY_RULE(Intent.IGNORED, null),
    UNMANAGED_RESOURCE(null, null);

    /** Families whose cases must produce no drift finding. */
    public static final List<Family> NOT_DRIFT = List.of(
            DEPLOY_IDENTITY,
            FAILED_CALL,
            READ_ONLY,
            NOOP_EQUIVALENT,
            UNDECLARED_ATTRIBUTE,
            IGNORED_BY_RULE,
            UNMANAGED_RESOURCE);

    private final Intent intent;
    private final Cause cause;

    Family(Intent intent, Cause cause) {
        this.intent = intent;
        this.cause = cause;
    }

    /** The change a case of this family needs, or null where any mutating change will do. */
    public Intent intent() {
        return intent;
    }

    /** The labelled cause of the drift episode, or null for not-drift families. */
    public Cause cause() {
        return cause;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
