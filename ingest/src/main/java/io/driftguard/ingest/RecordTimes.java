package io.driftguard.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A native record's event time, read without parsing the record: what a replay source needs to merge
 * time-partitioned files into one stream in event-time order. The fields are the ones the parsers
 * read, in the same preference; the parser stays the authority on a record's time (the job's
 * watermarks come from parsed events), so a wrong or missing answer here only costs ordering.
 *
 * <p>The audit sources (most of all records) are searched byte by byte for {@code "field":"text"}
 * of their time field as the providers write it (a tenth of the cost of tokenizing the record,
 * which mattered: a streaming scan was 15 % of a replay's CPU), falling back to a streaming scan
 * of the top-level fields in any letter case; the few context records are read as trees and
 * searched for the first time field anywhere. A record that comes with its reduced tree (every
 * audit record a replay reads) takes its time from the tree instead ({@link #of(String, byte[],
 * JsonNode)}): the bytes are not searched a second time.
 */
public final class RecordTimes {

    /** No time found. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final JsonFactory JSON = Json.MAPPER.getFactory();

    /**
     * Top-level time fields per audit source as the providers spell them, most preferred first:
     * looked up in a reduced tree, searched for as bytes.
     */
    private static final Map<String, List<String>> SPELLED_NAMES = Map.of(
            Sources.AWS_CLOUDTRAIL, List.of("eventTime"),
            Sources.AWS_EVENTBRIDGE, List.of("time"),
            Sources.GCP_AUDIT, List.of("timestamp", "receiveTimestamp"),
            Sources.AZURE_ACTIVITY, List.of("time", "eventTimestamp"),
            Sources.K8S_AUDIT, List.of("stageTimestamp", "requestReceivedTimestamp", "timestamp"));

    /** The same in lower case, for the top-level fields in any letter case. */
    private static final Map<String, List<String>> TOP_LEVEL = SPELLED_NAMES.entrySet().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(
                    Map.Entry::getKey,
                    e -> e.getValue().stream()
                            .map(n -> n.toLowerCase(Locale.ROOT))
                            .toList()));

    private static final Map<String, List<Needle>> SPELLED = SPELLED_NAMES.entrySet().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> quoted(e.getValue())));

    /** Fields searched anywhere in a context record, most preferred first. */
    private static final List<String> NESTED =
            List.of("occurred_at", "startsAt", "timestamp", "updatedAt", "createdAt", "time", "eventTime", "created");

    private RecordTimes() {}

    /** The record's event time in epoch milliseconds, or {@link #UNKNOWN}. Never throws. */
    public static long of(String source, byte[] json) {
        if (json == null || json.length == 0) {
            return UNKNOWN;
        }
        try {
            List<String> fields = TOP_LEVEL.get(source);
            if (fields == null) {
                return nested(json);
            }
            for (Needle name : SPELLED.get(source)) {
                long t = valueAfter(json, name);
                if (t != UNKNOWN) {
                    return t;
                }
            }
            return topLevel(json, fields);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * Like {@link #of(String, byte[])} for a record that comes with its reduced tree ({@link
     * ReadScan}): its top-level time field, spelled as the provider spells it, read from the tree
     * without searching the bytes; the bytes are searched only when the tree has no readable time.
     */
    public static long of(String source, byte[] json, JsonNode reduced) {
        List<String> names = reduced == null ? null : SPELLED_NAMES.get(source);
        if (names != null) {
            for (String name : names) {
                JsonNode v = reduced.get(name);
                if (v != null && v.isTextual()) {
                    long t = millis(v.textValue());
                    if (t != UNKNOWN) {
                        return t;
                    }
                }
            }
        }
        return of(source, json);
    }

    private static List<Needle> quoted(List<String> names) {
        return names.stream()
                .map(n -> new Needle(('"' + n + '"').getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .toList();
    }

    /**
     * A quoted field name with its Horspool shift table: the search compares the name's last byte
     * first and skips by up to its length, where comparing at every {@code "} (a third of JSON's
     * bytes) made the search 3 % of a replay's CPU samples.
     */
    static final class Needle {
        final byte[] bytes;
        final int[] shift = new int[256];

        Needle(byte[] bytes) {
            this.bytes = bytes;
            java.util.Arrays.fill(shift, bytes.length);
            for (int i = 0; i < bytes.length - 1; i++) {
                shift[bytes[i] & 0xff] = bytes.length - 1 - i;
            }
        }

        /** The first index of the name in {@code b} at or after {@code from}, or -1. */
        int in(byte[] b, int from) {
            byte[] p = bytes;
            int last = p.length - 1;
            byte end = p[last];
            for (int i = from; i + last < b.length; ) {
                byte c = b[i + last];
                if (c == end) {
                    int j = last - 1;
                    while (j >= 0 && b[i + j] == p[j]) {
                        j--;
                    }
                    if (j < 0) {
                        return i;
                    }
                }
                i += shift[c & 0xff];
            }
            return -1;
        }
    }

    /** The time in the string value after the first {@code "name"} followed by a colon, or UNKNOWN. */
    private static long valueAfter(byte[] json, Needle needle) {
        byte[] name = needle.bytes;
        int from = 0;
        while (true) {
            int at = needle.in(json, from);
            if (at < 0) {
                return UNKNOWN;
            }
            int i = skipSpace(json, at + name.length);
            if (i < json.length && json[i] == ':') {
                i = skipSpace(json, i + 1);
                if (i >= json.length || json[i] != '"') {
                    return UNKNOWN;
                }
                int end = i + 1;
                while (end < json.length && json[end] != '"' && json[end] != '\\') {
                    end++;
                }
                if (end >= json.length || json[end] != '"') {
                    return UNKNOWN;
                }
                return millis(new String(json, i + 1, end - i - 1, java.nio.charset.StandardCharsets.US_ASCII));
            }
            from = at + 1; // the name as a value, not a key
        }
    }

    private static int skipSpace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static long topLevel(byte[] json, List<String> fields) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            // the best field seen so far and its rank (lower is preferred)
            String best = null;
            int bestRank = Integer.MAX_VALUE;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int rank = fields.indexOf(name.toLowerCase(Locale.ROOT));
                if (rank >= 0 && rank < bestRank && value == JsonToken.VALUE_STRING) {
                    best = p.getText();
                    bestRank = rank;
                    if (rank == 0) {
                        break;
                    }
                } else {
                    p.skipChildren();
                }
            }
            return millis(best);
        }
    }

    private static long nested(byte[] json) throws IOException {
        JsonNode tree = Json.MAPPER.readTree(json);
        if (tree == null) {
            return UNKNOWN;
        }
        for (String name : NESTED) {
            JsonNode v = tree.findValue(name);
            if (v == null) {
                continue;
            }
            if (v.isNumber()) {
                return v.asLong();
            }
            long t = millis(v.asText());
            if (t != UNKNOWN) {
                return t;
            }
        }
        return UNKNOWN;
    }

    private static long millis(String text) {
        Instant t = Timestamps.parse(text);
        return t == null ? UNKNOWN : t.toEpochMilli();
    }
}
