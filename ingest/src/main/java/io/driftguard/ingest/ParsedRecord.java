package io.driftguard.ingest;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.ContextEvent;
import java.util.List;

/**
 * What a parser made of one native record. A record may yield several results (a CreateTags call on
 * three instances, an Alertmanager delivery with five alerts, a push with four commits).
 */
public sealed interface ParsedRecord {

    /** A control-plane call. */
    record Audit(AuditEvent event) implements ParsedRecord {}

    /** A commit, incident, ticket, alert or security finding. */
    record Context(ContextEvent event) implements ParsedRecord {}

    /**
     * A well-formed record DriftGuard has no use for (a Kubernetes {@code RequestReceived} stage, a
     * Jira comment, a console sign-in): counted, not dead-lettered.
     */
    record Skipped(String reason) implements ParsedRecord {}

    /** Bad input: goes to the dead-letter sink with this reason. */
    record Rejected(String reason) implements ParsedRecord {}

    /** One rejection, as a parser's whole answer. */
    static List<ParsedRecord> rejected(String reason) {
        return List.of(new Rejected(reason));
    }

    /** One skip, as a parser's whole answer. */
    static List<ParsedRecord> skipped(String reason) {
        return List.of(new Skipped(reason));
    }
}
