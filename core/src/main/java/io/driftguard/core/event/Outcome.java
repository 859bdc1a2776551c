package io.driftguard.core.event;

/**
 * Whether a call took effect. {@code IN_PROGRESS} marks records that open a long-running operation
 * (an Azure {@code Start}/{@code Accept} record, a GCP {@code operation.first} entry): the change
 * counts only when the matching completion record says {@code SUCCESS}.
 */
public enum Outcome {
    SUCCESS,
    FAILURE,
    IN_PROGRESS
}
