package io.driftguard.models.scenario.driver;

/** The kind of change a scenario asks a resource's driver for. */
public enum Intent {
    /** A misconfiguration or unusual value (configuration_error). */
    MISCONFIGURE,
    /** Scale up, raise memory or timeouts, open a port needed to restore service (emergency_fix). */
    EMERGENCY,
    /** Raise log level, allow own IP, tweak an environment variable (manual_troubleshooting). */
    TROUBLESHOOT,
    /** Revoke ingress, remove public access, detach a policy, enable encryption (security_response). */
    TIGHTEN,
    /** A change by the cloud's or cluster's own automation (automated_response). */
    AUTOMATE,
    /** Set a managed attribute to its declared value, written in an equivalent form. */
    NOOP,
    /** Change an attribute the IaC does not declare. */
    UNDECLARED,
    /** Change an attribute the config's ignore rules exclude. */
    IGNORED
}
