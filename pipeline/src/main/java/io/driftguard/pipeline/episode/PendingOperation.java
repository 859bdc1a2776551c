package io.driftguard.pipeline.episode;

import io.driftguard.core.state.AttributeChange;
import java.util.List;

/**
 * The start record of a long-running operation (Azure {@code Start}, GCP {@code operation.first}):
 * its request carries the new values, but only the completion record with the same correlation id
 * says whether they took effect.
 *
 * @param expiresAt event time after which an operation with no completion is forgotten
 */
public record PendingOperation(List<AttributeChange> changes, long expiresAt) {

    public PendingOperation {
        changes = List.copyOf(changes);
    }
}
