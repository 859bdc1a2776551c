package io.driftguard.models.scenario.label;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One labelled case, one line of {@code labels.jsonl}.
 *
 * @param expect {@code drift}, {@code not_drift} or {@code unmanaged}
 * @param eventIds every audit event of the case, as REPLAY.md's {@code source_events} would name them
 * @param contextIds the context records the scenario produced for it (incidents, tickets, commits,
 *     findings), for reference only
 * @param severityBreakdown the default-policy rules that fired, for drift cases
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"case_id", "expect", "family", "variant", "cloud", "catalog_row", "resource_id", "resource_type",
    "iac_source", "iac_address", "event_ids", "context_ids", "cause", "severity", "severity_breakdown", "recommendation",
    "policy_rule", "status", "resolution", "actor", "first_event_time", "note"})
public record Label(
        String caseId,
        String expect,
        String family,
        String variant,
        String cloud,
        String catalogRow,
        String resourceId,
        String resourceType,
        String iacSource,
        String iacAddress,
        List<String> eventIds,
        List<String> contextIds,
        String cause,
        String severity,
        List<LabelPolicy.Entry> severityBreakdown,
        String recommendation,
        String policyRule,
        String status,
        String resolution,
        String actor,
        Instant firstEventTime,
        String note) {

    public static final String DRIFT = "drift";
    public static final String NOT_DRIFT = "not_drift";
    public static final String UNMANAGED = "unmanaged";
}
