package io.driftguard.core.event;

import java.time.Instant;
import java.util.List;

/**
 * A ticket as of one webhook delivery (Jira).
 *
 * @param id the issue key ({@code OPS-123})
 * @param issueType Jira issue type name (Incident, Task, Bug, ...)
 * @param priority Jira priority name (Highest, High, Medium, Low, Lowest)
 * @param status the workflow status name; {@code resolved} whether it has a resolution
 */
public record Ticket(
        String id,
        String source,
        Instant time,
        String webhookEvent,
        String issueType,
        String priority,
        String status,
        boolean resolved,
        String summary,
        String project,
        List<String> components,
        List<String> labels,
        String url)
        implements ContextEvent {

    public Ticket {
        components = components == null ? List.of() : List.copyOf(components);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
