package io.driftguard.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Cuts a transport payload (a CloudTrail log file, an Event Hubs {@code {"records":[...]}} batch, a
 * Kubernetes {@code EventList}, a single webhook body) into native records.
 *
 * <p>Implementations never throw for bad input: a payload they cannot read comes back with
 * {@link Result#failure()} set, an unusable element as a {@link Rejected} part, and the caller
 * dead-letters both.
 */
public interface EnvelopeSplitter {

    /**
     * One native record: its bytes as the provider wrote them, and the same parsed.
     *
     * @param position where it sits in the payload: {@code #3} (fourth record), {@code :5} (line 5
     *     of JSON lines); appended to the payload's origin
     */
    record Part(String position, byte[] bytes, JsonNode json) {}

    /** An element of the envelope that is not a record (not an object). */
    record Rejected(String position, byte[] bytes, String reason) {}

    /**
     * @param records the records, in envelope order
     * @param rejected elements that could not be used
     * @param failure why the payload as a whole could not be read, or null
     */
    record Result(List<Part> records, List<Rejected> rejected, String failure) {
        public static Result failed(String reason) {
            return new Result(List.of(), List.of(), reason);
        }
    }

    /** @param source the input name ({@link io.driftguard.ingest.Sources}) the payload belongs to */
    Result split(String source, byte[] payload);
}
