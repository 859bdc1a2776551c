package io.driftguard.ingest.split;

/**
 * Part of an input that is not a record, with a reason a person can act on.
 *
 * @param bytes the rejected value's exact bytes when the splitter has them (a value that is not an
 *     object, split from bytes in memory); null otherwise
 */
public record Rejection(Position position, Problem problem, String reason, byte[] bytes) {

    /** Whether this concerns the input rather than one value in it, i.e. it is not {@link Problem#NOT_AN_OBJECT}. */
    public boolean aboutInput() {
        return problem != Problem.NOT_AN_OBJECT;
    }
}
