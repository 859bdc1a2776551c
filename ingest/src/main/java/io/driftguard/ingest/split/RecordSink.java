package io.driftguard.ingest.split;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives what {@link EnvelopeSplitter} finds, in input order. */
public interface RecordSink {

    /**
     * One native record.
     *
     * @param bytes the record's exact bytes as the provider wrote them, or null when {@link SplitOptions.Output#TREES}
     * @param tree the record parsed, or null when {@link SplitOptions.Output#SLICES}
     */
    void record(Position position, byte[] bytes, JsonNode tree);

    void rejected(Rejection rejection);
}
