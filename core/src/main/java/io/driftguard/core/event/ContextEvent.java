package io.driftguard.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Something that explains a change without being one: a commit, an incident, a ticket, an alert or
 * a security finding. These are few compared with audit events; the job broadcasts them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Commit.class, name = "commit"),
    @JsonSubTypes.Type(value = Incident.class, name = "incident"),
    @JsonSubTypes.Type(value = Ticket.class, name = "ticket"),
    @JsonSubTypes.Type(value = Alert.class, name = "alert"),
    @JsonSubTypes.Type(value = SecurityFinding.class, name = "finding")
})
public sealed interface ContextEvent permits Commit, Incident, Ticket, Alert, SecurityFinding {

    /** Stable id of the thing (commit SHA, incident id, issue key, alert fingerprint, finding id). */
    String id();

    /** The input it came from: github, gitlab, pagerduty, jira, alertmanager, guardduty. */
    String source();

    /** Event time of this delivery (the state change it reports). */
    Instant time();
}
