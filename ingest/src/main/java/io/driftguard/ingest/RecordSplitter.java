package io.driftguard.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Splits a whole file or transport payload into single native records, whatever the wrapping:
 * a CloudTrail log file {@code {"Records": [...]}}, an Event Hubs batch {@code {"records": [...]}},
 * a Kubernetes {@code EventList}, a bare JSON array, a single record, or JSON lines (each line may
 * itself be any of these). Gzip is recognised by its magic bytes, not by the file name.
 *
 * <p>Large documents are streamed: the elements of a top-level records array are read one at a time
 * with Jackson's streaming parser, so a 100 MB CloudTrail file is never one tree. JSON lines are
 * read line by line, so one bad line costs one rejection and the rest are kept.
 *
 * <p>Nothing escapes as an exception: a syntax error, a truncated gzip stream or a read error is
 * reported to the sink with a reason; records already split stay delivered.
 */
public final class RecordSplitter {

    /** Receives records and rejections in file order. */
    public interface Sink {
        /**
         * @param position {@code #<index>} for the n-th record of a document, {@code :<line>} or
         *     {@code :<line>#<index>} for JSON lines; append it to the file name for an origin
         */
        void record(String position, JsonNode record);

        void rejected(String position, String reason);
    }

    /** The whole result of a split, for callers that want lists. */
    public record Result(List<Item> records, List<Item> rejected) {
        /** A record or a rejection (then {@code record} is null and {@code reason} set). */
        public record Item(String position, JsonNode record, String reason) {}
    }

    // the first line longer than this is taken as one big document, to be streamed
    private static final int LINE_PROBE_LIMIT = 1 << 20;
    private static final ObjectReader ONE_VALUE = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RecordSplitter() {}

    public static Result split(byte[] payload) {
        return split(new ByteArrayInputStream(payload));
    }

    public static Result split(InputStream in) {
        List<Result.Item> records = new ArrayList<>();
        List<Result.Item> rejected = new ArrayList<>();
        split(in, new Sink() {
            @Override
            public void record(String position, JsonNode record) {
                records.add(new Result.Item(position, record, null));
            }

            @Override
            public void rejected(String position, String reason) {
                rejected.add(new Result.Item(position, null, reason));
            }
        });
        return new Result(records, rejected);
    }

    /** Splits the stream into the sink. Does not close {@code raw}. */
    public static void split(InputStream raw, Sink sink) {
        Counter counter = new Counter();
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            InputStream data = in;
            if (isGzip(in)) {
                data = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            BufferedInputStream buffered = (BufferedInputStream) data;
            if (looksLikeJsonLines(buffered)) {
                splitLines(buffered, sink, counter);
            } else {
                splitDocument(buffered, sink, counter);
            }
        } catch (JsonProcessingException e) {
            sink.rejected(counter.position(), ParserRegistry.malformed(e)
                    + (counter.emitted > 0 ? "; the " + counter.emitted + " records before it were kept" : ""));
        } catch (EOFException | ZipException e) {
            sink.rejected(counter.position(), "truncated or corrupt gzip data: " + e.getMessage()
                    + "; the " + counter.emitted + " records before it were kept");
        } catch (IOException e) {
            sink.rejected(counter.position(), "read error: " + e.getMessage());
        } catch (RuntimeException e) {
            sink.rejected(counter.position(), "could not split input: " + e);
        }
    }

    private static final class Counter {
        long index;
        long emitted;
        long line;
        String position() {
            return line > 0 ? ":" + line : "#" + index;
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    /** JSON lines when the first non-blank line is, by itself, one complete JSON value. */
    private static boolean looksLikeJsonLines(BufferedInputStream in) throws IOException {
        in.mark(LINE_PROBE_LIMIT + 1);
        try {
            byte[] buf = new byte[8192];
            int len = 0;
            int b;
            boolean content = false;
            while ((b = readOrEnd(in)) != -1) {
                if (b == '\n') {
                    if (content) {
                        break;
                    }
                    len = 0;
                    continue;
                }
                if (!content && !isSpace(b)) {
                    content = true;
                }
                if (len == LINE_PROBE_LIMIT) {
                    return false;
                }
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                buf[len++] = (byte) b;
            }
            if (!content) {
                return false;
            }
            try {
                JsonNode n = ONE_VALUE.readTree(buf, 0, len);
                return n != null && n.isContainerNode();
            } catch (JsonProcessingException e) {
                return false;
            }
        } finally {
            in.reset();
        }
    }

    // A read error while probing (a truncated gzip stream) is reported by the real pass, after the
    // records before it have been delivered.
    private static int readOrEnd(BufferedInputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void splitLines(BufferedInputStream in, Sink sink, Counter counter) throws IOException {
        byte[] buf = new byte[8192];
        while (true) {
            int len = 0;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                buf[len++] = (byte) b;
            }
            if (b == -1 && len == 0) {
                return;
            }
            counter.line++;
            if (!isBlank(buf, len)) {
                String pos = ":" + counter.line;
                try {
                    JsonNode node = ONE_VALUE.readTree(buf, 0, len);
                    unwrap(node, pos, sink, counter);
                } catch (JsonProcessingException e) {
                    sink.rejected(pos, ParserRegistry.malformed(e).replace("at line 1, column", "at column"));
                }
            }
            if (b == -1) {
                return;
            }
        }
    }

    /** Records inside one already-read JSON value (a line, a payload). */
    private static void unwrap(JsonNode node, String pos, Sink sink, Counter counter) {
        JsonNode array = node.isArray() ? node : recordsArray(node);
        if (array == null) {
            emit(sink, counter, pos, node);
            return;
        }
        int i = 0;
        for (JsonNode e : array) {
            emit(sink, counter, pos + "#" + i++, e);
        }
    }

    private static JsonNode recordsArray(JsonNode obj) {
        if (!obj.isObject()) {
            return null;
        }
        JsonNode r = obj.get("Records");
        if (r == null) {
            r = obj.get("records");
        }
        if (r == null && isListKind(obj.get("kind"))) {
            r = obj.get("items");
        }
        return r != null && r.isArray() ? r : null;
    }

    private static boolean isListKind(JsonNode kind) {
        return kind != null && kind.isTextual() && kind.textValue().endsWith("List");
    }

    private static void splitDocument(BufferedInputStream in, Sink sink, Counter counter) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    streamArray(p, sink, counter);
                } else if (t == JsonToken.START_OBJECT) {
                    streamObject(p, sink, counter);
                } else {
                    sink.rejected("#" + counter.index++, "top-level JSON value is a " + t.asString()
                            + ", not an object or array");
                }
            }
        }
    }

    private static void streamArray(JsonParser p, Sink sink, Counter counter) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonNode element = Json.MAPPER.readTree(p);
            emit(sink, counter, "#" + counter.index, element);
        }
    }

    /**
     * At an object's start: streams a {@code Records}/{@code records}/{@code items} array if the
     * object has one, else emits the object itself as one record.
     */
    private static void streamObject(JsonParser p, Sink sink, Counter counter) throws IOException {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        boolean streamed = false;
        JsonNode bufferedItems = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            boolean recordsField = name.equals("Records") || name.equals("records");
            if (value == JsonToken.START_ARRAY && !streamed && recordsField) {
                streamArray(p, sink, counter);
                streamed = true;
            } else if (value == JsonToken.START_ARRAY && !streamed && name.equals("items")
                    && isListKind(fields.get("kind"))) {
                streamArray(p, sink, counter);
                streamed = true;
            } else if (value == JsonToken.START_ARRAY && name.equals("items") && !fields.has("kind")) {
                bufferedItems = Json.MAPPER.readTree(p); // kind may follow; decide at the end
            } else {
                fields.set(name, Json.MAPPER.readTree(p));
            }
        }
        if (streamed) {
            return;
        }
        if (bufferedItems != null && isListKind(fields.get("kind"))) {
            for (JsonNode e : bufferedItems) {
                emit(sink, counter, "#" + counter.index, e);
            }
            return;
        }
        if (bufferedItems != null) {
            fields.set("items", bufferedItems);
        }
        emit(sink, counter, "#" + counter.index, fields);
    }

    private static void emit(Sink sink, Counter counter, String pos, JsonNode record) {
        counter.index++;
        counter.emitted++;
        sink.record(pos, record);
    }

    private static boolean isBlank(byte[] buf, int len) {
        for (int i = 0; i < len; i++) {
            if (!isSpace(buf[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
