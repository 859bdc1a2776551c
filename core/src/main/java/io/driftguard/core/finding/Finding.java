package io.driftguard.core.finding;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.IacRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One drift episode (or unmanaged change) as it stands now: the record REPLAY.md specifies, written
 * to PostgreSQL, the findings topic and the replay output.
 *
 * <p>Judgement fields (cause, severity, recommendation, correlations, narrative) stay null until
 * the judge has decided them; null fields are left out of the JSON, never filled with placeholders.
 *
 * @param version grows with every update of the same finding; sinks keep the highest
 * @param trigger the call that opened the episode
 * @param suppressedBy the ignore rule that would silence this finding, as the user would write it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"finding_id", "version", "kind", "cloud", "account", "region", "resource_id", "resource_type",
    "iac", "status", "resolution", "changes", "source_events", "actor", "first_event_time", "last_event_time",
    "detected_at", "resolved_at", "trigger", "service"})
public record Finding(
        String findingId,
        long version,
        String kind,
        Cloud cloud,
        String account,
        String region,
        String resourceId,
        String resourceType,
        IacRef iac,
        String status,
        String resolution,
        List<Change> changes,
        List<String> sourceEvents,
        FindingActor actor,
        Instant firstEventTime,
        Instant lastEventTime,
        Instant detectedAt,
        Instant resolvedAt,
        Trigger trigger,
        String service,
        String suppressedBy,
        String cause,
        Double causeConfidence,
        Map<String, Double> causeScores,
        String severity,
        List<SeverityEntry> severityBreakdown,
        String recommendation,
        Double recommendationConfidence,
        String reasoning,
        String risk,
        String policyRule,
        List<Correlation> correlations,
        Narrative narrative,
        Remediation remediation) {

    public static final String KIND_DRIFT = "drift";
    public static final String KIND_UNMANAGED = "unmanaged";
    public static final String STATUS_OPEN = "open";
    public static final String STATUS_RESOLVED = "resolved";
    public static final String RESOLUTION_REVERTED = "reverted";
    public static final String RESOLUTION_CODIFIED = "codified";

    public Finding {
        changes = changes == null ? List.of() : List.copyOf(changes);
        sourceEvents = sourceEvents == null ? List.of() : List.copyOf(sourceEvents);
        severityBreakdown = severityBreakdown == null ? null : List.copyOf(severityBreakdown);
        correlations = correlations == null ? null : List.copyOf(correlations);
    }

    public boolean isOpen() {
        return STATUS_OPEN.equals(status);
    }

    /** The actor as a finding reports it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FindingActor(String id, String type, String display) {}

    /** The call that opened the episode. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Trigger(String eventId, String operation, String sourceIp, String userAgent, boolean viaConsole) {}

    /** One rule of the severity policy that fired. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SeverityEntry(String dimension, String rule, String detail, String level) {}

    /** Evidence related to the episode: a ticket, incident, commit, alert, finding or read activity. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Correlation(String kind, String id, String source, String relation, Instant time, String detail) {}

    /** Plain sentences for people. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Narrative(String who, String when, String whatTriggered, String summary) {}

    /** What following the recommendation would mean: shown, never executed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Remediation(String revertCommand, String codifyPatch, String ignoreRule) {}
}
