package io.driftguard.core.finding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.FoundBy;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.core.vocabulary.Severity;
import java.io.Serializable;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One drift episode (or unmanaged change) as it stands now: the record docs/design/replay-contract.md specifies, written
 * to PostgreSQL, the findings topic and the replay output.
 *
 * <p>Judgement fields (cause, severity, recommendation, correlations, narrative) stay null until
 * the judge has decided them; null fields are left out of the JSON, never filled with placeholders.
 *
 * @param version grows with every update of the same finding; sinks keep the highest
 * @param unchanged the declared attributes of the resource the episode did not change but that qualify
 *     what the changes mean (the source ranges of a firewall rule that gained a port, the role a
 *     binding that gained a subject grants); which ones is the judge's table
 *     ({@code io.driftguard.judge.semantics.Qualifiers}); left out of the JSON when empty
 * @param trigger the call that opened the episode
 * @param suppressedBy the ignore rule that would silence this finding, as the user would write it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
    "finding_id",
    "version",
    "kind",
    "cloud",
    "account",
    "region",
    "resource_id",
    "resource_type",
    "iac",
    "status",
    "resolution",
    "changes",
    "unchanged",
    "source_events",
    "actor",
    "first_event_time",
    "last_event_time",
    "detected_at",
    "resolved_at",
    "trigger",
    "service"
})
public record Finding(
        String findingId,
        long version,
        FindingKind kind,
        Cloud cloud,
        String account,
        String region,
        String resourceId,
        String resourceType,
        IacRef iac,
        FindingStatus status,
        Resolution resolution,
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
        Cause cause,
        Double causeConfidence,
        Map<Cause, Double> causeScores,
        CauseModelRef causeModel,
        Severity severity,
        List<SeverityEntry> severityBreakdown,
        Recommendation recommendation,
        Double recommendationConfidence,
        String reasoning,
        String risk,
        String policyRule,
        List<Correlation> correlations,
        Narrative narrative,
        Remediation remediation,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Unchanged> unchanged) {

    public Finding {
        changes = changes == null ? List.of() : List.copyOf(changes);
        unchanged = unchanged == null ? List.of() : List.copyOf(unchanged);
        sourceEvents = sourceEvents == null ? List.of() : List.copyOf(sourceEvents);
        severityBreakdown = severityBreakdown == null ? null : List.copyOf(severityBreakdown);
        correlations = correlations == null ? null : List.copyOf(correlations);
        causeScores = causeScores == null ? null : inCauseOrder(causeScores);
    }

    /**
     * The scores in the causes' declared order, whatever map they came in: Flink's map serializer hands a
     * finding on as a {@code HashMap}, whose order of enum keys follows identity hash codes and so differs
     * between JVMs; the JSON of the same finding would then differ between a replay in one JVM and one on a
     * cluster of several.
     */
    private static Map<Cause, Double> inCauseOrder(Map<Cause, Double> scores) {
        Map<Cause, Double> ordered = new EnumMap<>(Cause.class);
        ordered.putAll(scores);
        return ordered;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.findingId = findingId;
        b.version = version;
        b.kind = kind;
        b.cloud = cloud;
        b.account = account;
        b.region = region;
        b.resourceId = resourceId;
        b.resourceType = resourceType;
        b.iac = iac;
        b.status = status;
        b.resolution = resolution;
        b.changes = changes;
        b.sourceEvents = sourceEvents;
        b.actor = actor;
        b.firstEventTime = firstEventTime;
        b.lastEventTime = lastEventTime;
        b.detectedAt = detectedAt;
        b.resolvedAt = resolvedAt;
        b.trigger = trigger;
        b.service = service;
        b.suppressedBy = suppressedBy;
        b.cause = cause;
        b.causeConfidence = causeConfidence;
        b.causeScores = causeScores;
        b.causeModel = causeModel;
        b.severity = severity;
        b.severityBreakdown = severityBreakdown;
        b.recommendation = recommendation;
        b.recommendationConfidence = recommendationConfidence;
        b.reasoning = reasoning;
        b.risk = risk;
        b.policyRule = policyRule;
        b.correlations = correlations;
        b.narrative = narrative;
        b.remediation = remediation;
        b.unchanged = unchanged;
        return b;
    }

    /** Findings are built in stages (episode, then judgement); the builder keeps that readable. */
    public static final class Builder {
        private String findingId;
        private long version;
        private FindingKind kind;
        private Cloud cloud;
        private String account;
        private String region;
        private String resourceId;
        private String resourceType;
        private IacRef iac;
        private FindingStatus status;
        private Resolution resolution;
        private List<Change> changes;
        private List<String> sourceEvents;
        private FindingActor actor;
        private Instant firstEventTime;
        private Instant lastEventTime;
        private Instant detectedAt;
        private Instant resolvedAt;
        private Trigger trigger;
        private String service;
        private String suppressedBy;
        private Cause cause;
        private Double causeConfidence;
        private Map<Cause, Double> causeScores;
        private CauseModelRef causeModel;
        private Severity severity;
        private List<SeverityEntry> severityBreakdown;
        private Recommendation recommendation;
        private Double recommendationConfidence;
        private String reasoning;
        private String risk;
        private String policyRule;
        private List<Correlation> correlations;
        private Narrative narrative;
        private Remediation remediation;
        private List<Unchanged> unchanged;

        private Builder() {}

        public Builder findingId(String value) {
            this.findingId = value;
            return this;
        }

        public Builder version(long value) {
            this.version = value;
            return this;
        }

        public Builder kind(FindingKind value) {
            this.kind = value;
            return this;
        }

        public Builder cloud(Cloud value) {
            this.cloud = value;
            return this;
        }

        public Builder account(String value) {
            this.account = value;
            return this;
        }

        public Builder region(String value) {
            this.region = value;
            return this;
        }

        public Builder resourceId(String value) {
            this.resourceId = value;
            return this;
        }

        public Builder resourceType(String value) {
            this.resourceType = value;
            return this;
        }

        public Builder iac(IacRef value) {
            this.iac = value;
            return this;
        }

        public Builder status(FindingStatus value) {
            this.status = value;
            return this;
        }

        public Builder resolution(Resolution value) {
            this.resolution = value;
            return this;
        }

        public Builder changes(List<Change> value) {
            this.changes = value;
            return this;
        }

        public Builder sourceEvents(List<String> value) {
            this.sourceEvents = value;
            return this;
        }

        public Builder actor(FindingActor value) {
            this.actor = value;
            return this;
        }

        public Builder firstEventTime(Instant value) {
            this.firstEventTime = value;
            return this;
        }

        public Builder lastEventTime(Instant value) {
            this.lastEventTime = value;
            return this;
        }

        public Builder detectedAt(Instant value) {
            this.detectedAt = value;
            return this;
        }

        public Builder resolvedAt(Instant value) {
            this.resolvedAt = value;
            return this;
        }

        public Builder trigger(Trigger value) {
            this.trigger = value;
            return this;
        }

        public Builder service(String value) {
            this.service = value;
            return this;
        }

        public Builder suppressedBy(String value) {
            this.suppressedBy = value;
            return this;
        }

        public Builder cause(Cause value) {
            this.cause = value;
            return this;
        }

        public Builder causeConfidence(Double value) {
            this.causeConfidence = value;
            return this;
        }

        public Builder causeScores(Map<Cause, Double> value) {
            this.causeScores = value;
            return this;
        }

        public Builder causeModel(CauseModelRef value) {
            this.causeModel = value;
            return this;
        }

        public Builder severity(Severity value) {
            this.severity = value;
            return this;
        }

        public Builder severityBreakdown(List<SeverityEntry> value) {
            this.severityBreakdown = value;
            return this;
        }

        public Builder recommendation(Recommendation value) {
            this.recommendation = value;
            return this;
        }

        public Builder recommendationConfidence(Double value) {
            this.recommendationConfidence = value;
            return this;
        }

        public Builder reasoning(String value) {
            this.reasoning = value;
            return this;
        }

        public Builder risk(String value) {
            this.risk = value;
            return this;
        }

        public Builder policyRule(String value) {
            this.policyRule = value;
            return this;
        }

        public Builder correlations(List<Correlation> value) {
            this.correlations = value;
            return this;
        }

        public Builder narrative(Narrative value) {
            this.narrative = value;
            return this;
        }

        public Builder remediation(Remediation value) {
            this.remediation = value;
            return this;
        }

        public Builder unchanged(List<Unchanged> value) {
            this.unchanged = value;
            return this;
        }

        public Finding build() {
            return new Finding(
                    findingId,
                    version,
                    kind,
                    cloud,
                    account,
                    region,
                    resourceId,
                    resourceType,
                    iac,
                    status,
                    resolution,
                    changes,
                    sourceEvents,
                    actor,
                    firstEventTime,
                    lastEventTime,
                    detectedAt,
                    resolvedAt,
                    trigger,
                    service,
                    suppressedBy,
                    cause,
                    causeConfidence,
                    causeScores,
                    causeModel,
                    severity,
                    severityBreakdown,
                    recommendation,
                    recommendationConfidence,
                    reasoning,
                    risk,
                    policyRule,
                    correlations,
                    narrative,
                    remediation,
                    unchanged);
        }
    }

    @JsonIgnore
    public boolean isOpen() {
        return status == FindingStatus.OPEN;
    }

    /**
     * The actor as a finding reports it.
     *
     * @param security true when the actor is a security principal (configured, or named as one);
     *     left out of the JSON otherwise
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FindingActor(
            String id,
            String type,
            String display,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean security) {

        public FindingActor(String id, String type, String display) {
            this(id, type, display, false);
        }
    }

    /**
     * The call that opened the episode.
     *
     * @param api the provider's API namespace ({@code ec2.amazonaws.com}, {@code compute.googleapis.com},
     *     {@code Microsoft.Network}, a Kubernetes API group)
     * @param foundBy {@code reconcile_scan} when a reconcile scan found the drift (the trigger is then
     *     the scan's observation, not a call); null, and left out of the JSON, for an audit event
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Trigger(
            String eventId,
            String operation,
            String sourceIp,
            String userAgent,
            boolean viaConsole,
            String api,
            @JsonInclude(JsonInclude.Include.NON_NULL) FoundBy foundBy) {

        public Trigger(
                String eventId, String operation, String sourceIp, String userAgent, boolean viaConsole, String api) {
            this(eventId, operation, sourceIp, userAgent, viaConsole, api, null);
        }

        public Trigger(String eventId, String operation, String sourceIp, String userAgent, boolean viaConsole) {
            this(eventId, operation, sourceIp, userAgent, viaConsole, null, null);
        }

        /** True when a reconcile scan, not an audit event, opened the finding. */
        @JsonIgnore
        public boolean foundByScan() {
            return foundBy == FoundBy.RECONCILE_SCAN;
        }
    }

    /**
     * The cause model that judged the finding.
     *
     * @param version the model file's identity (a digest of its bytes), so two findings judged by the same
     *     file say the same version
     * @param featureSchema the hash of the feature schema the model was trained on
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CauseModelRef(String name, String version, String featureSchema) implements Serializable {}

    /** One rule of the severity policy that fired. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SeverityEntry(String dimension, String rule, String detail, Severity level) {}

    /** Evidence related to the episode: a ticket, incident, commit, alert, finding or read activity. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Correlation(
            CorrelationKind kind, String id, String source, String relation, Instant time, String detail) {}

    /**
     * Plain sentences for people. {@code whatTriggered} names only evidence that concerns the
     * change (the resource, its service or account, the actor) with the relation stated;
     * {@code context} lists every other piece of evidence, each with its relation, as context.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"who", "when", "what_triggered", "context", "summary"})
    public record Narrative(String who, String when, String whatTriggered, List<String> context, String summary) {
        @JsonCreator
        public Narrative {
            context = context == null ? List.of() : List.copyOf(context);
        }

        public Narrative(String who, String when, String whatTriggered, String summary) {
            this(who, when, whatTriggered, List.of(), summary);
        }
    }

    /** What following the recommendation would mean: shown, never executed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Remediation(String revertCommand, String codifyPatch, String ignoreRule) {}
}
