package io.driftguard.ingest.split;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One native record of a {@link SplitResult}.
 *
 * @param bytes the exact bytes, or null when only trees were asked for
 * @param tree the record parsed, or null when only slices were asked for
 */
public record SplitRecord(Position position, byte[] bytes, JsonNode tree) {}
