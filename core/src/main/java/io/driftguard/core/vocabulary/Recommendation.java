package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What to do about a drift episode: exactly one per episode (docs/design/taxonomy.md). */
public enum Recommendation implements Term {
    /** Put the declared value back. */
    AUTO_REVERT,
    /** Keep the live value and change the IaC to declare it. */
    CODIFY_INTO_IAC,
    /** A person decides. */
    ESCALATE_FOR_REVIEW,
    /** Leave it, and silence it with an ignore rule. */
    ACCEPT_AS_EXCEPTION;

    @JsonCreator
    public static Recommendation of(String id) {
        return Term.parse(Recommendation.class, id);
    }

    /** The id, so that prose and logs read {@code emergency_fix}, never {@code EMERGENCY_FIX}. */
    @Override
    public String toString() {
        return id();
    }
}
