package io.driftguard.models.scenario.label;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.core.vocabulary.Severity;
import java.time.Instant;
import java.util.List;

/**
 * One labelled case, one line of {@code labels.jsonl}.
 *
 * <p>The closed words are the product's own enums, written as the ids findings use ({@link Cause},
 * {@link Severity}, {@link Recommendation}, {@link FindingStatus}, {@link Resolution}, {@link Cloud}),
 * so that the evaluator compares labels and findings word for word. {@code family}, {@code variant}
 * and {@code catalog_row} are the lab's own ids ({@code cases.Family}, {@code driver.CatalogRow}).
 *
 * @param expect what the replay should report for the case
 * @param eventIds every audit event of the case, as docs/design/replay-contract.md's {@code source_events} would name them
 * @param contextIds the context records the scenario produced for it (incidents, tickets, commits,
 *     findings), for reference only
 * @param cause the episode's cause, for drift cases (null otherwise, as are the fields after it up to {@code resolution})
 * @param severityBreakdown the default-policy rules that fired ({@link LabelPolicy#severity})
 * @param recommendation the default policy's recommendation and {@code policyRule} the row that chose it
 * @param resolution how a resolved episode ended; null while {@code status} is open
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
    "case_id",
    "expect",
    "family",
    "variant",
    "cloud",
    "catalog_row",
    "resource_id",
    "resource_type",
    "iac_source",
    "iac_address",
    "event_ids",
    "context_ids",
    "cause",
    "severity",
    "severity_breakdown",
    "recommendation",
    "policy_rule",
    "status",
    "resolution",
    "actor",
    "first_event_time",
    "note"
})
public record Label(
        String caseId,
        Expect expect,
        String family,
        String variant,
        Cloud cloud,
        String catalogRow,
        String resourceId,
        String resourceType,
        String iacSource,
        String iacAddress,
        List<String> eventIds,
        List<String> contextIds,
        Cause cause,
        Severity severity,
        List<LabelPolicy.Entry> severityBreakdown,
        Recommendation recommendation,
        String policyRule,
        FindingStatus status,
        Resolution resolution,
        String actor,
        Instant firstEventTime,
        String note) {}
