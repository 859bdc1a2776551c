package io.driftguard.judge.context;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One piece of evidence the correlation stage found for an episode, in a form both the feature
 * extractor and the policies read. Levels are normalised across tools so the model and the rules
 * never re-learn each vendor's vocabulary.
 *
 * @param kind incident, ticket, alert, finding, commit or read_activity (docs/design/replay-contract.md's correlation kinds)
 * @param relation how it relates in time to the episode's first change; see {@link Relation}
 * @param time when it started (incident triggered, alert startsAt, ticket created, finding seen,
 *     commit time, the first read of a read activity)
 * @param endTime when it ended (incident resolved, alert endsAt, ticket resolved), else null
 * @param level normalised severity: critical, high, medium, low, or null when the tool gives none
 *     (PagerDuty urgency high → high, low → low; Jira Highest → critical, High → high, Medium →
 *     medium, Low/Lowest → low; Alertmanager severity critical/page → critical, error/high → high,
 *     warning → medium, info → low; GuardDuty ≥ 7 → high, ≥ 4 → medium, else low)
 * @param type the tool's own type: Jira issue type (Incident, Task, Bug…), alert name, finding type
 * @param security whether it is security work: a GuardDuty finding, a ticket or alert labelled or
 *     componented security, an incident titled as one
 * @param text title, summary or commit message (for narratives and hotfix detection)
 * @param count for read_activity, how many reads; else 1
 * @param sameResource for read_activity and findings, whether it names the episode's resource
 *     itself rather than only its service or account
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ContextFact(
        String kind,
        String id,
        String source,
        String relation,
        Instant time,
        Instant endTime,
        String level,
        String type,
        boolean security,
        String text,
        int count,
        boolean sameResource) {

    /** The relations the correlation stage writes. */
    public static final class Relation {
        /** Open when the change was made (started before it, not ended more than 15 minutes before it). */
        public static final String OPEN_DURING_CHANGE = "open_during_change";
        /** Ended more than 15 minutes before the change. */
        public static final String ENDED_BEFORE_CHANGE = "ended_before_change";
        /** Seen before the change (security findings within 2 hours, reads within 30 minutes). */
        public static final String BEFORE_CHANGE = "before_change";
        /** Happened after the first change (commits touching the IaC, later incidents). */
        public static final String AFTER_CHANGE = "after_change";

        private Relation() {}
    }
}
