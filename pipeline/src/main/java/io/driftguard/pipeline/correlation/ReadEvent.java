package io.driftguard.pipeline.correlation;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.pipeline.EventIdHash;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A read-only call reduced to what read-activity correlation needs. Reads are most of the traffic,
 * so they leave the parse operator as this flat class, not as the full event, and cross the
 * exchange to the read-activity operator gathered per actor ({@link ReadBundler}, {@link ReadBundle}).
 */
@TypeInfo(ReadEventSerializer.Factory.class)
public final class ReadEvent {

    /** The actor's canonical identity: the key reads and findings meet on. */
    public String actor;
    /** Resource key of the resource read, or null when the call named none (a List call). */
    public String resource;
    /** cloud|account|API namespace: reads of "the same service" when no resource is named. */
    public String scope;

    public long time;
    /**
     * The 64-bit hash of the event id ({@link EventIdHash}), all the read-activity operator keeps
     * of it to count a redelivered read once: a read travels with 8 bytes instead of its id's text.
     */
    public long idHash;
    /** False when the call had no event id (then every delivery counts). */
    public boolean hasId;

    public ReadEvent() {}

    public ReadEvent(String actor, String resource, String scope, long time, String eventId) {
        this.actor = actor;
        this.resource = resource;
        this.scope = scope;
        this.time = time;
        this.hasId = eventId != null;
        this.idHash = eventId == null ? 0 : EventIdHash.of(eventId);
    }

    /** The read of {@code e}, its scope and resource key from {@code keys}. */
    public static ReadEvent of(AuditEvent e, ReadKeys keys) {
        String resource = e.resourceId() == null ? null : keys.resource(e.cloud(), e.resourceId());
        return new ReadEvent(
                e.actor() == null ? "unknown" : e.actor().id(),
                resource,
                keys.scope(e.cloud(), e.account(), e.service()),
                e.eventTime().toEpochMilli(),
                e.eventId());
    }

    public static String scope(String cloud, String account, String api) {
        return cloud + "|" + account + "|" + api;
    }
}
