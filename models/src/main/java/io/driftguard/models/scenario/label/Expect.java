package io.driftguard.models.scenario.label;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.Term;

/**
 * What a replay should report for a labelled case, written as its id in {@code labels.jsonl}'s
 * {@code expect}. The lab's own word: the product has findings of a {@link FindingKind}, never a
 * "not drift" finding.
 */
public enum Expect implements Term {
    /** A finding of kind {@link FindingKind#DRIFT} listing the case's events. */
    DRIFT,
    /** No drift finding listing any of the case's events. */
    NOT_DRIFT,
    /** A finding of kind {@link FindingKind#UNMANAGED}, and no drift finding. */
    UNMANAGED;

    @JsonCreator
    public static Expect of(String id) {
        return Term.parse(Expect.class, id);
    }

    /** The id, so that prose and logs read {@code not_drift}, never {@code NOT_DRIFT}. */
    @Override
    public String toString() {
        return id();
    }
}
