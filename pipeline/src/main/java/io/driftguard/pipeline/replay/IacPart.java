package io.driftguard.pipeline.replay;

import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacProblem;

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
 * @param problem for a file or document of the unit that could not be read, what went wrong (then the key is
 *     {@link #PROBLEMS}, and {@code index} its sequence among the unit's problems)
 */
public record IacPart(
        String key,
        int unit,
        int index,
        DeclaredResource declared,
        String childKey,
        String ruleName,
        IacProblem problem) {

    /** The key of problem parts: they go to the merge, which hands them to the command, not to a resource. */
    static final String PROBLEMS = "";

    IacPart(String key, int unit, int index, DeclaredResource declared, String childKey, String ruleName) {
        this(key, unit, index, declared, childKey, ruleName, null);
    }

    static IacPart problem(int unit, int sequence, IacProblem problem) {
        return new IacPart(PROBLEMS, unit, sequence, null, null, null, problem);
    }

    /** Reading order: the order {@code IacFolderReader.read} sees the parts in. */
    long order() {
        return ((long) unit << 32) | index;
    }
}
