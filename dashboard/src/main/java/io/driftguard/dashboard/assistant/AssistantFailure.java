package io.driftguard.dashboard.assistant;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request to the model that ended without an answer, with the plain message the page shows. */
final class AssistantFailure extends ResponseStatusException {

    /** How it ended, as the audit row and the metrics name it. */
    enum Outcome {
        DISABLED,
        TIMEOUT,
        QUOTA,
        REFUSED,
        ERROR;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Outcome outcome;

    AssistantFailure(Outcome outcome, HttpStatus status, String message) {
        super(status, message);
        this.outcome = outcome;
    }

    Outcome outcome() {
        return outcome;
    }

    String plainMessage() {
        return getReason();
    }
}
