package io.driftguard.models.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One native record the generator produced.
 *
 * @param source the input name ({@link io.driftguard.ingest.Sources})
 * @param time the event time
 * @param eventId the id docs/design/replay-contract.md's {@code source_events} would use for an audit record; for a
 *     context record, its own delivery or event id
 * @param partition where the file lives inside the source folder: {@code account/region} for
 *     CloudTrail, the cluster for Kubernetes audit, null otherwise
 * @param record the record exactly as the provider writes it
 */
public record Emitted(String source, Instant time, String eventId, String partition, ObjectNode record) {}
