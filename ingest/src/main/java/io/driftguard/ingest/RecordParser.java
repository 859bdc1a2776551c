package io.driftguard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Turns one native record of one input format into normalised events.
 *
 * <p>Implementations are stateless and thread-safe. They never throw for bad input: a record they
 * cannot use comes back as {@link ParsedRecord.Rejected} with a reason a person can act on.
 */
public interface RecordParser {

    /** The input name this parser reads ({@link Sources}). */
    String source();

    /**
     * @param record one native record, already parsed as JSON
     * @param cluster the Kubernetes cluster named by the transport, or null
     */
    List<ParsedRecord> parse(JsonNode record, String cluster);

    /**
     * The fields this parser reads to make a read-only or failed call of a record, for
     * {@link ParserRegistry#parseForDetection}: every field its code looks at before it knows the
     * call mutates nothing, bodies of reads excepted. Null (the default): records are always parsed
     * in full.
     */
    default ReadScan.Fields readFields() {
        return null;
    }
}
