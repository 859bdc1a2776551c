package io.driftguard.pipeline.replay;

import io.driftguard.ingest.iac.DeclaredResource;

/**
 * What the replay's IaC source reads, on its way to the merge of one resource's declarations
 * ({@link DeclaredStateMerge}): an IaC resource as a reader found it, or a note that a rule
 * declared as its own resource belongs to its parent's rule list.
 *
 * @param key the resource key the part is merged under (for a rule note, the parent's)
 * @param unit the ordinal of the IaC file or stack it was read from, in reading order
 * @param index its position in that unit
 * @param declared the IaC resource, or null for a rule note
 * @param childKey for a rule note, the rule's own resource key
 * @param ruleName for a rule note, the rule's name
 */
public record IacPart(String key, int unit, int index, DeclaredResource declared, String childKey, String ruleName) {

    /** Reading order: the order {@code IacFolderReader.read} sees the parts in. */
    long order() {
        return ((long) unit << 32) | index;
    }
}
