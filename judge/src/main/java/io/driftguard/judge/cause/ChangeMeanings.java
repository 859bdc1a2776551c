package io.driftguard.judge.cause;

import io.driftguard.core.finding.Finding;

/**
 * ADAPTER: the single switch that decides which reading of changes the cause features use. It is
 * the shared {@code semantics.ChangeSemantics} (through {@link SharedChangeMeaning}); a different
 * reading must change {@link #SOURCE}, which changes the schema hash and forces a retrain.
 */
public final class ChangeMeanings {

    /** Which reading of changes the features use; part of {@link CauseFeatures#schemaHash()}. */
    public static final String SOURCE = "semantics.ChangeSemantics/1";

    private ChangeMeanings() {}

    /** What the finding's changes mean. */
    public static ChangeMeaning of(Finding finding) {
        return SharedChangeMeaning.of(finding);
    }
}
