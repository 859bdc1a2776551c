package io.driftguard.ingest.split;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.ByteScan;
import io.driftguard.ingest.ReadScan;
import io.driftguard.ingest.split.SplitOptions.Layout;
import io.driftguard.ingest.split.SplitOptions.NonObjects;
import io.driftguard.ingest.split.SplitOptions.OnBadInput;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Splits a file or transport payload into single native records, whatever the wrapping: an
 * {@link Envelope} (CloudTrail {@code {"Records":[...]}}, Azure {@code {"records":[...]}}, a
 * Kubernetes list), a bare JSON array, a single object, several values one after another, or JSON
 * lines, each line again any of these. Gzip is recognised by its magic bytes. Replay, the live
 * connectors and the tests all split with this class; {@link SplitOptions} says what each needs.
 *
 * <p>Documents are walked with Jackson's tokenizer: a 100 MB CloudTrail file is never one tree, and
 * with {@link SplitOptions.Output#SLICES} no tree is built at all; each record's bytes are cut out
 * at the tokenizer's offsets, exactly as the provider wrote them. JSON lines are cut at newlines,
 * so one bad line costs one rejection. The one exception is the replay's common case, a clean batch
 * document reduced while it is cut ({@link #reducingBatch}): it is walked byte by byte ({@link
 * ByteScan}) and handed back to the tokenizer at the first byte that scan cannot vouch for.
 *
 * <p>Nothing escapes as an exception and nothing is dropped silently: every value that is not a
 * record, and every problem with the input, reaches the sink as a {@link Rejection} with a reason
 * and a {@link Position}. Only empty input yields nothing at all ({@link Shape#NOTHING}).
 *
 * <p>Thread-safe; share one instance per set of options.
 */
public final class EnvelopeSplitter {

    private static final JsonFactory JSON = Json.MAPPER.getFactory();
    // a first line longer than this is taken as the start of one big document
    private static final int LINE_PROBE_LIMIT = 1 << 20;

    private final SplitOptions options;

    public EnvelopeSplitter(SplitOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Splits an input held in memory into the sink.
     *
     * @return what the input turned out to hold
     */
    public Shape split(byte[] input, RecordSink sink) {
        Walk w = new Walk(options, sink);
        try {
            if (!Gzip.isGzip(input)) {
                bytes(input, input.length, w);
            } else {
                Gzip.Inflated inflated = Gzip.inflate(input);
                if (inflated.problem() != null && options.onBadInput() == OnBadInput.ALL_OR_NOTHING) {
                    w.stop(Problem.BAD_GZIP, Position.WHOLE_INPUT, inflated.problem());
                } else {
                    bytes(inflated.bytes(), inflated.length(), w);
                    if (inflated.problem() != null) {
                        w.stop(Problem.BAD_GZIP, Position.WHOLE_INPUT, inflated.problem());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            w.stop(Problem.READ_ERROR, Position.WHOLE_INPUT, "could not split the input: " + e);
        }
        return w.finish();
    }

    /**
     * Like {@link #split(byte[], RecordSink)} with {@link SplitOptions.Output#SLICES}, and every
     * object element of a batch ({@code Records}, {@code records}, a bare array) also reduced to
     * {@code reduce} in the same pass ({@link ReadScan#reduce(JsonParser, ReadScan.Fields)}): the
     * reduced tree (null: a required field is missing) is the sink's {@code tree}, so the record is
     * tokenized once. Only a batch in a UTF-8 document (its first byte {@code {} or {@code [}) is
     * reduced; a single object, a held Kubernetes list or another encoding ends the pass with
     * {@link ReduceFailed}, so every record delivered carries its reduced tree.
     *
     * @throws ReduceFailed when an element could not be reduced (malformed, or a value the scan cannot
     *     decode), after records may have reached the sink: the caller discards them and splits the
     *     input again with {@link #split(byte[], RecordSink)}, which gives the exact problem
     */
    public Shape splitReducing(byte[] input, RecordSink sink, ReadScan.Fields reduce) {
        if (!options.output().slices() || options.output().trees()) {
            throw new IllegalStateException("reducing needs slices without trees");
        }
        Walk w = new Walk(options, sink);
        w.reduce = Objects.requireNonNull(reduce, "reduce");
        try {
            if (!Gzip.isGzip(input)) {
                bytes(input, input.length, w);
            } else {
                Gzip.Inflated inflated = Gzip.inflate(input);
                if (inflated.problem() != null) {
                    throw new ReduceFailed(new IOException(inflated.problem()));
                }
                bytes(inflated.bytes(), inflated.length(), w);
            }
        } catch (ReduceFailed e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ReduceFailed(e);
        }
        if (w.stopped) {
            throw new ReduceFailed(new IOException("the input has a problem"));
        }
        return w.finish();
    }

    /**
     * {@link #splitReducing} one record at a time, for the common shape only: a UTF-8 document (gzip
     * or not) whose root object opens with its batch field ({@code Records}, {@code records}) and
     * holds objects. The document is walked byte by byte ({@link ByteScan}: no tokenizer, a record's
     * skipped fields are passed over by matching quotes and brackets) and each {@link
     * ReducingBatch#next} reads one element, so the caller works on a record while its bytes and
     * reduced tree are still in the processor's cache (split whole first, a 500-record CloudTrail
     * file had left it by the time its first record was parsed). Positions, bytes and trees are those
     * {@link #splitReducing} gives.
     *
     * @return null when the input does not open that way (nothing was read: split it whole)
     */
    public ReducingBatch reducingBatch(byte[] input, ReadScan.Fields reduce) {
        Objects.requireNonNull(reduce, "reduce");
        byte[] data = input;
        int length = input.length;
        if (Gzip.isGzip(input)) {
            Gzip.Inflated inflated = Gzip.inflate(input);
            if (inflated.problem() != null) {
                return null;
            }
            data = inflated.bytes();
            length = inflated.length();
        }
        ByteScan s = new ByteScan(data, 0, length);
        try {
            s.skipSpace();
            s.expect('{');
            s.skipSpace();
            Envelope envelope = Envelope.ofField(s.string());
            if (envelope == null || !envelope.holdsRecords(null)) {
                return null;
            }
            s.skipSpace();
            s.expect(':');
            s.skipSpace();
            s.expect('[');
            return new ReducingBatch(s, data, reduce);
        } catch (ByteScan.Unsure e) {
            return null;
        }
    }

    /**
     * A batch read by {@link #reducingBatch}. When the rest of the input is not more of the same (a
     * malformed or unusual byte, an element that is not an object, anything after the batch but the
     * end of its object), {@link #next} throws {@link ReduceFailed}: the caller splits the input whole
     * and skips the {@link #delivered} records it has, which a whole split gives first and alike.
     */
    public static final class ReducingBatch {
        private final ByteScan s;
        private final byte[] data;
        private final ReadScan.Fields reduce;
        private long delivered;
        private boolean done;

        private ReducingBatch(ByteScan s, byte[] data, ReadScan.Fields reduce) {
            this.s = s;
            this.data = data;
            this.reduce = reduce;
        }

        /**
         * Delivers the next record to {@code sink} and answers true, or answers false at the end.
         *
         * @throws ReduceFailed when the rest is not read this way (nothing was delivered by this call)
         */
        public boolean next(RecordSink sink) {
            if (done) {
                return false;
            }
            try {
                s.skipSpace();
                if (delivered > 0 && s.peek() != ']') {
                    // after an element: a comma and the next element
                    s.expect(',');
                    s.skipSpace();
                    if (s.peek() != '{') {
                        throw new ReduceFailed(new IOException("not only a batch of records"));
                    }
                }
                if (s.peek() == '{') {
                    int start = s.position();
                    ObjectNode tree = s.record(reduce);
                    byte[] bytes = Arrays.copyOfRange(data, start, s.position());
                    sink.record(new Position(0, delivered++), bytes, tree);
                    return true;
                }
                if (s.peek() == ']') {
                    // the rest of the root object is skipped, as a whole split skips it; nothing may follow
                    s.expect(']');
                    s.skipSpace();
                    while (s.peek() == ',') {
                        s.expect(',');
                        s.skipSpace();
                        s.string();
                        s.skipSpace();
                        s.expect(':');
                        s.skipSpace();
                        s.skipValue();
                        s.skipSpace();
                    }
                    s.expect('}');
                    if (s.atEnd()) {
                        done = true;
                        return false;
                    }
                }
            } catch (ByteScan.Unsure e) {
                throw new ReduceFailed(new IOException("not read byte by byte at offset " + s.position()));
            }
            throw new ReduceFailed(new IOException("not only a batch of records"));
        }

        /** Records delivered so far. */
        public long delivered() {
            return delivered;
        }
    }

    /** {@link #splitReducing} could not reduce: split the input again without reducing. */
    public static final class ReduceFailed extends RuntimeException {
        ReduceFailed(Exception cause) {
            super(cause);
        }
    }

    /**
     * Splits a stream into the sink, record by record, without holding it in memory: with
     * {@link SplitOptions.Output#TREES} only. For slices the stream is read into memory first. Does
     * not close {@code input}.
     *
     * @return what the input turned out to hold
     */
    public Shape split(InputStream input, RecordSink sink) {
        if (options.output().slices()) {
            byte[] all;
            try {
                all = input.readAllBytes();
            } catch (IOException e) {
                Walk w = new Walk(options, sink);
                w.stop(Problem.READ_ERROR, Position.WHOLE_INPUT, "read error: " + e.getMessage());
                return w.finish();
            }
            return split(all, sink);
        }
        Walk w = new Walk(options, sink);
        boolean gzip = false;
        try {
            BufferedInputStream in = new BufferedInputStream(input, 1 << 16);
            in.mark(2);
            gzip = Gzip.isGzip(in.read(), in.read());
            in.reset();
            BufferedInputStream data = gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
            Layout layout = options.layout() == Layout.DETECT ? probe(data) : options.layout();
            if (layout == Layout.LINES) {
                streamLines(data, w);
            } else {
                document(JSON.createParser(data), null, 0, w);
            }
        } catch (IOException e) {
            w.stop(
                    gzip ? Problem.BAD_GZIP : Problem.READ_ERROR,
                    Position.WHOLE_INPUT,
                    gzip ? Gzip.problem(e) : "read error: " + e.getMessage());
        } catch (RuntimeException e) {
            w.stop(Problem.READ_ERROR, Position.WHOLE_INPUT, "could not split the input: " + e);
        }
        return w.finish();
    }

    /** All records and rejections of an input held in memory. */
    public SplitResult split(byte[] input) {
        Collector c = new Collector();
        Shape shape = split(input, c);
        return new SplitResult(c.records, c.rejections, shape);
    }

    /** All records and rejections of a stream. Does not close {@code input}. */
    public SplitResult split(InputStream input) {
        Collector c = new Collector();
        Shape shape = split(input, c);
        return new SplitResult(c.records, c.rejections, shape);
    }

    // ---- the input's layout

    private void bytes(byte[] data, int length, Walk w) throws IOException {
        int first = firstNonBlank(data, 0, length);
        if (first < 0) {
            return;
        }
        Layout layout = options.layout() == Layout.DETECT ? detect(data, first, length) : options.layout();
        if (layout == Layout.LINES) {
            lines(data, length, w);
        } else {
            if (w.reduce != null && data[first] != '{' && data[first] != '[') {
                throw new ReduceFailed(new IOException("not a UTF-8 document without a byte order mark"));
            }
            document(JSON.createParser(data, 0, length), data, 0, w);
        }
    }

    /** JSON lines when the first non-blank line is one complete object or array and more follows it. */
    private static Layout detect(byte[] data, int first, int length) {
        int end = indexOf(data, (byte) '\n', first, length);
        if (end >= length || firstNonBlank(data, end + 1, length) < 0) {
            return Layout.DOCUMENT;
        }
        if (data[first] != '{' && data[first] != '[') {
            return Layout.DOCUMENT;
        }
        try (JsonParser p = JSON.createParser(data, first, end - first)) {
            p.nextToken();
            p.skipChildren();
            return p.nextToken() == null ? Layout.LINES : Layout.DOCUMENT;
        } catch (IOException e) {
            return Layout.DOCUMENT;
        }
    }

    /** {@link #detect} on the head of a stream, which is then rewound. */
    private static Layout probe(BufferedInputStream in) throws IOException {
        in.mark(LINE_PROBE_LIMIT);
        byte[] head = new byte[8192];
        int n = 0;
        try {
            while (n < LINE_PROBE_LIMIT) {
                if (n == head.length) {
                    head = Arrays.copyOf(head, Math.min(LINE_PROBE_LIMIT, head.length * 2));
                }
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                int first = firstNonBlank(head, 0, n);
                int end = first < 0 ? -1 : indexOf(head, (byte) '\n', first, n);
                if (end >= 0 && end < n && firstNonBlank(head, end + 1, n) >= 0) {
                    break; // the first line and a sign of more
                }
            }
        } catch (IOException e) {
            // a broken stream is reported by the real pass, after the records before the break
        } finally {
            in.reset();
        }
        int first = firstNonBlank(head, 0, n);
        return first < 0 ? Layout.DOCUMENT : detect(head, first, n);
    }

    // ---- JSON lines

    private void lines(byte[] data, int length, Walk w) {
        long line = 0;
        int start = 0;
        while (start < length && !w.stopped) {
            int end = indexOf(data, (byte) '\n', start, length);
            line++;
            line(data, start, end, line, w);
            start = end + 1;
        }
    }

    private void streamLines(BufferedInputStream in, Walk w) throws IOException {
        byte[] buf = new byte[8192];
        long line = 0;
        while (!w.stopped) {
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
            line++;
            line(buf, 0, len, line, w);
            if (b == -1) {
                return;
            }
        }
    }

    /** One line: cut out (slices), or read as one JSON value whose records count only if all of it reads. */
    private void line(byte[] data, int start, int end, long line, Walk w) {
        int s = start;
        int e = end;
        while (s < e && isBlank(data[s])) {
            s++;
        }
        while (e > s && isBlank(data[e - 1])) {
            e--;
        }
        if (e == s) {
            return;
        }
        w.startLine(line);
        if (!options.output().trees()) {
            w.roots++;
            w.record(Arrays.copyOfRange(data, s, e), null, false);
            return;
        }
        try (JsonParser p = JSON.createParser(data, s, e - s)) {
            root(p, p.nextToken(), data, s, w);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "more than one JSON value on the line");
            }
            w.endLine();
        } catch (IOException ex) {
            w.lineFailed("malformed JSON: " + message(ex));
        }
    }

    // ---- documents

    /** One or more root values in turn; reading stops at the first malformed byte. */
    private void document(JsonParser parser, byte[] data, int base, Walk w) throws IOException {
        try (JsonParser p = parser) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            JsonToken t;
            while (!w.stopped && (t = p.nextToken()) != null) {
                root(p, t, data, base, w);
            }
        } catch (JsonProcessingException e) {
            w.stop(Problem.MALFORMED_JSON, w.next(), "malformed JSON: " + message(e));
        }
    }

    private void root(JsonParser p, JsonToken t, byte[] data, int base, Walk w) throws IOException {
        w.roots++;
        if (t == JsonToken.START_OBJECT) {
            object(p, data, base, w);
        } else if (t == JsonToken.START_ARRAY) {
            w.batch = true;
            elements(p, data, base, "", w);
        } else {
            int start = start(p, data, base);
            int end = skip(p, t, data, base);
            w.reject(
                    Problem.NOT_AN_OBJECT,
                    "not a JSON object or array (found " + t + ")",
                    slice(data, start, end),
                    false);
        }
    }

    /**
     * At a root object's start: delivers the records of its envelope if it is one, else the object
     * itself. An {@code items} array that comes before {@code kind} is held until the object ends.
     */
    private void object(JsonParser p, byte[] data, int base, Walk w) throws IOException {
        int start = start(p, data, base);
        boolean trees = options.output().trees();
        ObjectNode fields = trees ? Json.MAPPER.createObjectNode() : null;
        String kind = null;
        boolean opened = false;
        HeldElements held = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!opened && value == JsonToken.START_ARRAY) {
                Envelope envelope = Envelope.ofField(name);
                if (envelope != null && envelope.holdsRecords(kind)) {
                    w.batch = true;
                    opened = true;
                    elements(p, data, base, name, w);
                    continue;
                }
                if (envelope == Envelope.KUBERNETES_LIST && kind == null && held == null) {
                    held = hold(p, data, base, name);
                    if (trees) {
                        fields.set(name, held.array);
                    }
                    continue;
                }
            }
            if (value == JsonToken.VALUE_STRING && name.equals("kind")) {
                kind = p.getText();
            }
            if (trees && !opened) {
                fields.set(name, tree(p));
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unexpected end of input inside an object");
        }
        if (opened) {
            return;
        }
        if (w.reduce != null) {
            // a single record, or a held list: reduced by the parse operator from the bytes
            throw new ReduceFailed(new IOException("not a batch of records"));
        }
        if (held != null && Envelope.isListKind(kind)) {
            w.batch = true;
            held.deliver(w, data, options.nonObjects());
            return;
        }
        w.record(slice(data, start, end(p, data, base)), fields, false);
    }

    private void elements(JsonParser p, byte[] data, int base, String field, Walk w) throws IOException {
        boolean trees = options.output().trees();
        boolean reject = options.nonObjects() == NonObjects.REJECT;
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonParseException(p, "unexpected end of input inside the records array");
            }
            int start = start(p, data, base);
            if (reject && t != JsonToken.START_OBJECT) {
                int end = skip(p, t, data, base);
                w.reject(Problem.NOT_AN_OBJECT, notAnObject(field, i, t), slice(data, start, end), true);
            } else if (w.reduce != null && t == JsonToken.START_OBJECT) {
                JsonNode tree = reduced(p, w.reduce);
                w.record(slice(data, start, end(p, data, base)), tree, true);
            } else {
                JsonNode tree = trees ? tree(p) : null;
                int end = trees ? end(p, data, base) : skip(p, t, data, base);
                w.record(options.output().slices() ? slice(data, start, end) : null, tree, true);
            }
            i++;
        }
    }

    private HeldElements hold(JsonParser p, byte[] data, int base, String field) throws IOException {
        HeldElements held = new HeldElements(field, options.output().trees() ? Json.MAPPER.createArrayNode() : null);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonParseException(p, "unexpected end of input inside an array");
            }
            int start = start(p, data, base);
            JsonNode tree = held.array != null ? tree(p) : null;
            int end = held.array != null ? end(p, data, base) : skip(p, t, data, base);
            held.add(t, start, end, tree);
        }
        return held;
    }

    /** The elements of an {@code items} array read before the object's {@code kind} was known. */
    private static final class HeldElements {
        final String field;
        final ArrayNode array;
        JsonToken[] tokens = new JsonToken[16];
        int[] starts = new int[16];
        int[] ends = new int[16];
        int n;

        HeldElements(String field, ArrayNode array) {
            this.field = field;
            this.array = array;
        }

        void add(JsonToken token, int start, int end, JsonNode tree) {
            if (n == tokens.length) {
                tokens = Arrays.copyOf(tokens, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            tokens[n] = token;
            starts[n] = start;
            ends[n] = end;
            n++;
            if (array != null) {
                array.add(tree);
            }
        }

        void deliver(Walk w, byte[] data, NonObjects nonObjects) {
            boolean slices = w.options.output().slices();
            for (int i = 0; i < n; i++) {
                byte[] bytes = slices ? slice(data, starts[i], ends[i]) : null;
                if (nonObjects == NonObjects.REJECT && tokens[i] != JsonToken.START_OBJECT) {
                    w.reject(Problem.NOT_AN_OBJECT, notAnObject(field, i, tokens[i]), bytes, true);
                } else {
                    w.record(bytes, array == null ? null : array.get(i), true);
                }
            }
        }
    }

    // ---- offsets and small helpers

    private static JsonNode reduced(JsonParser p, ReadScan.Fields fields) {
        try {
            return ReadScan.reduce(p, fields);
        } catch (IOException | RuntimeException e) {
            throw new ReduceFailed(e);
        }
    }

    private static JsonNode tree(JsonParser p) throws IOException {
        JsonNode n = Json.MAPPER.readTree(p);
        return n != null ? n : NullNode.getInstance();
    }

    private static int start(JsonParser p, byte[] data, int base) {
        return data == null ? 0 : base + (int) p.currentTokenLocation().getByteOffset();
    }

    private static int end(JsonParser p, byte[] data, int base) {
        return data == null ? 0 : base + (int) p.currentLocation().getByteOffset();
    }

    /** Skips the current value (a string is read to its end, so the offset after it is right). */
    private static int skip(JsonParser p, JsonToken t, byte[] data, int base) throws IOException {
        if (t.isScalarValue()) {
            p.finishToken();
        } else {
            p.skipChildren();
        }
        return end(p, data, base);
    }

    private static byte[] slice(byte[] data, int start, int end) {
        return data == null ? null : Arrays.copyOfRange(data, start, end);
    }

    private static String notAnObject(String field, int i, JsonToken t) {
        String what = switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(t);
        };
        return field + "[" + i + "] is " + what + ", not a JSON object";
    }

    /** Jackson's message without the location it appends on a second line. */
    private static String message(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return String.valueOf(e);
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return to;
    }

    private static int firstNonBlank(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isBlank(data[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    // ---- delivery

    /**
     * One split in progress: positions, counts, and the rules of delivery. Records of a JSON line
     * read as trees are staged until the whole line has read; with {@link OnBadInput#ALL_OR_NOTHING}
     * everything is held until the input ends.
     */
    private static final class Walk {
        final SplitOptions options;
        final RecordSink sink;
        final boolean allOrNothing;
        final List<Object> held = new ArrayList<>();
        /** Batch elements are reduced to these fields while split ({@link #splitReducing}); null: skipped. */
        ReadScan.Fields reduce;

        List<Object> staged;
        Rejection failure;
        boolean stopped;
        long line;
        long index;
        long kept;
        int roots;
        boolean batch;

        Walk(SplitOptions options, RecordSink sink) {
            this.options = options;
            this.sink = sink;
            this.allOrNothing = options.onBadInput() == OnBadInput.ALL_OR_NOTHING;
        }

        /** Where the next record of a document goes. */
        Position next() {
            return new Position(line, index);
        }

        void startLine(long n) {
            line = n;
            index = 0;
            if (options.output().trees()) {
                staged = new ArrayList<>(1);
            }
        }

        void endLine() {
            List<Object> s = staged;
            staged = null;
            for (Object o : s) {
                deliver(o);
            }
        }

        void lineFailed(String reason) {
            for (Object o : staged) {
                if (o instanceof SplitRecord) {
                    kept--;
                }
            }
            staged = null;
            Rejection r = new Rejection(new Position(line, -1), Problem.MALFORMED_JSON, reason, null);
            if (allOrNothing) {
                fail(r);
            } else {
                sink.rejected(r);
            }
        }

        void record(byte[] bytes, JsonNode tree, boolean element) {
            Position at = line > 0 && !element ? new Position(line, -1) : new Position(line, index++);
            kept++;
            if (staged != null || allOrNothing) {
                deliver(new SplitRecord(at, bytes, tree));
            } else {
                sink.record(at, bytes, tree);
            }
        }

        void reject(Problem problem, String reason, byte[] bytes, boolean element) {
            Position at = line > 0 && !element ? new Position(line, -1) : new Position(line, index++);
            deliver(new Rejection(at, problem, reason, bytes));
        }

        /** A problem after which nothing more of the input can be read. */
        void stop(Problem problem, Position at, String reason) {
            stopped = true;
            if (allOrNothing) {
                fail(new Rejection(at, problem, reason, null));
            } else {
                sink.rejected(new Rejection(
                        at,
                        problem,
                        kept > 0 ? reason + "; the " + kept + " records before it were kept" : reason,
                        null));
            }
        }

        private void fail(Rejection r) {
            stopped = true;
            if (failure == null) {
                failure = r;
            }
        }

        private void deliver(Object o) {
            if (staged != null) {
                staged.add(o);
            } else if (allOrNothing) {
                held.add(o);
            } else if (o instanceof SplitRecord r) {
                sink.record(r.position(), r.bytes(), r.tree());
            } else {
                sink.rejected((Rejection) o);
            }
        }

        Shape finish() {
            if (allOrNothing) {
                if (failure != null) {
                    sink.rejected(failure);
                } else {
                    for (Object o : held) {
                        if (o instanceof SplitRecord r) {
                            sink.record(r.position(), r.bytes(), r.tree());
                        } else {
                            sink.rejected((Rejection) o);
                        }
                    }
                }
            }
            return roots == 0 ? Shape.NOTHING : roots == 1 && !batch ? Shape.SINGLE : Shape.BATCH;
        }
    }

    private static final class Collector implements RecordSink {
        final List<SplitRecord> records = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();

        @Override
        public void record(Position position, byte[] bytes, JsonNode tree) {
            records.add(new SplitRecord(position, bytes, tree));
        }

        @Override
        public void rejected(Rejection rejection) {
            rejections.add(rejection);
        }
    }
}
