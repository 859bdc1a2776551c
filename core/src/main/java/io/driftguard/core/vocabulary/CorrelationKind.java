package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What a piece of evidence in a finding's {@code correlations} is. */
public enum CorrelationKind implements Term {
    /** A PagerDuty incident. */
    INCIDENT,
    /** A Jira issue. */
    TICKET,
    /** A pushed commit touching the resource's IaC folder. */
    COMMIT,
    /** An Alertmanager alert. */
    ALERT,
    /** A security finding (GuardDuty, Security Command Center, Defender for Cloud). */
    FINDING,
    /** The actor's reads of the resource or its service before the change. */
    READ_ACTIVITY;

    @JsonCreator
    public static CorrelationKind of(String id) {
        return Term.parse(CorrelationKind.class, id);
    }

    /** The id, so that prose and logs read {@code read_activity}, never {@code READ_ACTIVITY}. */
    @Override
    public String toString() {
        return id();
    }
}
