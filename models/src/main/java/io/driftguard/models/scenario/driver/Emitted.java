package io.driftguard.models.scenario.driver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import java.time.Instant;

/**
 * One native record the generator produced.
 *
 * @param source the input name ({@link Sources})
 * @param time the event time
 * @param eventId the id docs/design/replay-contract.md's {@code source_events} would use for an audit record; for a
 *     context record, its own delivery or event id
 * @param partition where the file lives inside the source folder: {@code account/region} for
 *     CloudTrail, the cluster for Kubernetes audit, null otherwise
 * @param record the record exactly as the provider writes it
 */
public record Emitted(String source, Instant time, String eventId, String partition, ObjectNode record) {

    /** Whether this is an audit record (a provider API call), as opposed to context (Git, incidents, tickets, alerts, findings). */
    public boolean audit() {
        return switch (source) {
            case Sources.AWS_CLOUDTRAIL, Sources.GCP_AUDIT, Sources.AZURE_ACTIVITY, Sources.K8S_AUDIT -> true;
            case Sources.AWS_EVENTBRIDGE ->
                "AWS API Call via CloudTrail".equals(record.path("detail-type").asText());
            default -> false;
        };
    }
}
