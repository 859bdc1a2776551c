package io.driftguard.pipeline.sequence;

import java.io.Serializable;

/**
 * One event as the taxonomy's sequence patterns see it: a read, a change or a revert by an actor on
 * a resource, or an incident opening or resolving, or an alert firing, on a service.
 *
 * @param kind what happened
 * @param id the audit event id, or the incident or alert id
 * @param actor the actor's canonical identity (reads, changes, reverts), else null
 * @param resource the resource key (reads may name none: a listing of a whole service)
 * @param service the owning service, or null
 * @param automation true when the actor is an automation principal
 * @param time event time, epoch milliseconds
 */
public record SequenceEvent(
        Kind kind, String id, String actor, String resource, String service, boolean automation, long time)
        implements Serializable {

    /** The kinds the patterns tell apart. */
    public enum Kind {
        READ,
        CHANGE,
        REVERT,
        INCIDENT_OPENED,
        INCIDENT_RESOLVED,
        ALERT
    }

    public boolean is(Kind k) {
        return kind == k;
    }
}
