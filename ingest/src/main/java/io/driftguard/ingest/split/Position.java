package io.driftguard.ingest.split;

/**
 * Where a record or rejection sits in its input, to append to the input's name ({@code file},
 * {@code s3://bucket/key}, a message id) for an origin.
 *
 * <ul>
 *   <li>{@code #3}: the fourth record of a document (counted across all its root values, rejected ones included)</li>
 *   <li>{@code :5}: line 5 of JSON lines</li>
 *   <li>{@code :5#3}: the fourth record of the envelope or array written on line 5</li>
 *   <li>empty: the input as a whole (a gzip stream that breaks off)</li>
 * </ul>
 *
 * @param line the 1-based line, or 0 when the input is not read as JSON lines
 * @param index the 0-based record index, or -1 for none
 */
public record Position(long line, long index) {

    /** The input as a whole. */
    public static final Position WHOLE_INPUT = new Position(0, -1);

    /** {@code origin} followed by this position, e.g. {@code s3://b/k.json.gz#3}. */
    public String after(String origin) {
        if (line > 0) {
            return index >= 0 ? origin + ":" + line + "#" + index : origin + ":" + line;
        }
        return index >= 0 ? origin + "#" + index : origin;
    }

    @Override
    public String toString() {
        return after("");
    }
}
