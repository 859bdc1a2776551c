package io.driftguard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level half of {@link ReadScan}: a record's bytes walked once, the fields a parser needs
 * built as nodes and the rest skipped by matching quotes and brackets, without a tokenizer, without
 * decoding or canonicalizing a skipped field's name and without a parser object per record.
 *
 * <p>It reads a strict subset of JSON and vouches only for what it reads: anything it is not sure
 * a full parse reads the same way (a byte that is not well-formed UTF-8, a control character, an
 * unknown escape, nesting deeper than {@value #MAX_DEPTH}, a string longer than {@value #MAX_STRING}
 * bytes, a name longer than {@value #MAX_NAME}) makes it give up with {@link Unsure}, and the caller
 * reads the record with Jackson instead. Numbers other than plain integers are built by the mapper
 * itself. So a record it accepts is one Jackson accepts, and its tree is the one Jackson's streaming
 * reduce builds ({@code ReadScanTest}, {@code ByteScanTest} compare them); everything odd keeps
 * taking the exact path. Not thread-safe: one instance walks one buffer.
 */
public final class ByteScan {

    /** Deeper nesting than this is left to Jackson (its own limit is higher). */
    static final int MAX_DEPTH = 200;
    /** Longer strings are left to Jackson, which enforces its own length limits. */
    static final int MAX_STRING = 1 << 20;
    /** Longer field names are left to Jackson (its limit is 50,000). */
    static final int MAX_NAME = 1_000;
    /** Longer numbers are left to Jackson (its limit is 1,000 characters). */
    private static final int MAX_NUMBER = 100;

    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** What a string held besides plain ASCII ({@link #skipString}). */
    private static final int NON_ASCII = 1;

    private static final int ESCAPES = 2;

    /** This scan cannot vouch for the input: read it with Jackson. Carries no stack trace. */
    public static final class Unsure extends Exception {
        private static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super("not read byte by byte", null, false, false);
        }
    }

    private final byte[] b;
    private final int limit;
    private int i;

    /** Walks {@code b} from {@code from} up to (not including) {@code to}. */
    public ByteScan(byte[] b, int from, int to) {
        this.b = b;
        this.i = from;
        this.limit = to;
    }

    /**
     * The record {@code json} reduced to {@code fields}, as {@link ReadScan#reduce(byte[],
     * ReadScan.Fields)} answers it: the reduced tree, or null when a required field is missing.
     *
     * @throws Unsure when the bytes are not one object this scan reads (the caller asks Jackson)
     */
    static ObjectNode reduce(byte[] json, ReadScan.Fields fields) throws Unsure {
        ByteScan s = new ByteScan(json, 0, json.length);
        s.skipSpace();
        ObjectNode out = s.record(fields);
        if (!s.atEnd()) {
            throw unsure(); // trailing bytes: Jackson says what they are
        }
        return out;
    }

    /**
     * The record at the position (at its {@code {}) reduced to {@code fields}, or null when a
     * required field is missing ({@link ReadScan#reduce(com.fasterxml.jackson.core.JsonParser,
     * ReadScan.Fields)}); the position moves past it.
     */
    public ObjectNode record(ReadScan.Fields fields) throws Unsure {
        ObjectNode out = object(fields, 0);
        return fields.complete(out) ? out : null;
    }

    /** True when nothing but whitespace is left. */
    public boolean atEnd() {
        return skipSpace() >= limit;
    }

    /** The position of the next byte to read. */
    public int position() {
        return i;
    }

    /** Skips JSON whitespace; answers the new position ({@link #limit} at the end). */
    public int skipSpace() {
        while (i < limit) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The byte at the position, or -1 at the end; does not move. */
    public int peek() {
        return i < limit ? b[i] : -1;
    }

    /** Consumes {@code c}, which must be the next byte. */
    public void expect(char c) throws Unsure {
        if (i >= limit || b[i] != c) {
            throw unsure();
        }
        i++;
    }

    /** A string at the position (at its opening quote), decoded; the position moves past it. */
    public String string() throws Unsure {
        expect('"');
        return text();
    }

    /** Skips the value at the position, checking it is well-formed. */
    public void skipValue() throws Unsure {
        skip(0);
    }

    private ObjectNode object(ReadScan.Fields fields, int depth) throws Unsure {
        if (depth > MAX_DEPTH) {
            throw unsure();
        }
        expect('{');
        ObjectNode out = NODES.objectNode();
        if (skipSpace() < limit && b[i] == '}') {
            i++;
            return out;
        }
        while (true) {
            expect('"');
            String name;
            Object decision;
            if (fields == null) {
                name = text();
                decision = ReadScan.WHOLE;
            } else {
                ReadScan.Name n = name(fields);
                name = n.text();
                decision = n.decision();
            }
            if (name.length() > MAX_NAME) {
                throw unsure();
            }
            skipSpace();
            expect(':');
            skipSpace();
            if (decision == ReadScan.SKIP) {
                skip(depth + 1);
            } else if (decision instanceof ReadScan.Fields child && i < limit && b[i] == '{') {
                out.set(name, object(child, depth + 1));
            } else {
                out.set(name, value(depth + 1));
            }
            if (!more('}')) {
                return out;
            }
        }
    }

    /**
     * A field name (after its opening quote) and what {@code fields} decide for it. A plain ASCII
     * name is looked up by its bytes ({@link #hash}), so a name seen before costs two word reads, a
     * hash and one comparison, and no string.
     */
    private ReadScan.Name name(ReadScan.Fields fields) throws Unsure {
        int start = i;
        int end = plain(start);
        if (end < limit && b[end] == '"') {
            i = end + 1;
            return fields.name(b, start, end - start);
        }
        String text = text(); // an escape, a control character or a non-ASCII byte
        return new ReadScan.Name(0, null, text, fields.decide(text));
    }

    /**
     * A hash of a name's bytes from its length and its first and last eight bytes (field names differ
     * there, and this costs two word reads instead of a multiplication per byte).
     */
    static int hash(byte[] a, int start, int length) {
        long h = length;
        if (length >= 8) {
            h = (h * 0x9e3779b97f4a7c15L) ^ (long) LONGS.get(a, start);
            h = (h * 0x9e3779b97f4a7c15L) ^ (long) LONGS.get(a, start + length - 8);
        } else {
            for (int k = start; k < start + length; k++) {
                h = h * 31 + a[k];
            }
        }
        h *= 0x9e3779b97f4a7c15L;
        return (int) (h ^ (h >>> 32));
    }

    private JsonNode value(int depth) throws Unsure {
        if (i >= limit) {
            throw unsure();
        }
        byte c = b[i];
        switch (c) {
            case '{':
                return object(null, depth);
            case '[':
                return array(depth);
            case '"':
                i++;
                return NODES.textNode(text());
            case 't':
                literal("true");
                return NODES.booleanNode(true);
            case 'f':
                literal("false");
                return NODES.booleanNode(false);
            case 'n':
                literal("null");
                return NODES.nullNode();
            default:
                return number();
        }
    }

    private ArrayNode array(int depth) throws Unsure {
        if (depth > MAX_DEPTH) {
            throw unsure();
        }
        i++; // [
        ArrayNode out = NODES.arrayNode();
        if (skipSpace() < limit && b[i] == ']') {
            i++;
            return out;
        }
        while (true) {
            out.add(value(depth + 1));
            if (!more(']')) {
                return out;
            }
        }
    }

    /**
     * After a member or an element: true past a comma (and the space after it), false past
     * {@code close}.
     */
    private boolean more(char close) throws Unsure {
        skipSpace();
        if (i >= limit) {
            throw unsure();
        }
        byte c = b[i++];
        if (c == ',') {
            skipSpace();
            return true;
        }
        if (c == close) {
            return false;
        }
        throw unsure();
    }

    // ---- skipping

    private void skip(int depth) throws Unsure {
        if (i >= limit || depth > MAX_DEPTH) {
            throw unsure();
        }
        switch (b[i]) {
            case '{' -> skipObject(depth);
            case '[' -> skipArray(depth);
            case '"' -> {
                i++;
                skipString();
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> skipNumber();
        }
    }

    private void skipObject(int depth) throws Unsure {
        i++; // {
        if (skipSpace() < limit && b[i] == '}') {
            i++;
            return;
        }
        while (true) {
            expect('"');
            int name = i;
            skipString();
            if (i - name > MAX_NAME) {
                throw unsure();
            }
            skipSpace();
            expect(':');
            skipSpace();
            skip(depth + 1);
            if (!more('}')) {
                return;
            }
        }
    }

    private void skipArray(int depth) throws Unsure {
        i++; // [
        if (skipSpace() < limit && b[i] == ']') {
            i++;
            return;
        }
        while (true) {
            skip(depth + 1);
            if (!more(']')) {
                return;
            }
        }
    }

    /**
     * Past the closing quote of a string whose opening quote is behind the position; answers what
     * it met on the way: {@link #NON_ASCII}, {@link #ESCAPES}, both or neither.
     */
    private int skipString() throws Unsure {
        int start = i;
        int met = 0;
        while (true) {
            i = plain(i);
            if (i >= limit) {
                throw unsure();
            }
            byte c = b[i];
            if (c == '"') {
                i++;
                if (i - start > MAX_STRING) {
                    throw unsure();
                }
                return met;
            }
            if (c == '\\') {
                met |= ESCAPES;
                i = escape(i + 1, null);
            } else if (c < 0) {
                met |= NON_ASCII;
                i = utf8(i, null);
            } else {
                throw unsure(); // a control character
            }
        }
    }

    /**
     * The index of the first byte at or after {@code k} that ends a plain run of string bytes: a
     * quote, a backslash, a control character or a non-ASCII byte ({@link #limit} if none). Eight
     * bytes are tested at a time: most of a record's bytes are the plain text of its strings.
     *
     * <p>In a word's mask the lowest flagged byte is always a special one (a false flag can only come
     * from a borrow out of a special byte below it), and the words are read little-endian, so the
     * mask's trailing zeros say where the run ends without looking at its bytes again.
     */
    private int plain(int k) {
        byte[] a = b;
        while (k + 8 <= limit) {
            long x = (long) LONGS.get(a, k);
            long quote = x ^ 0x2222222222222222L;
            long backslash = x ^ 0x5c5c5c5c5c5c5c5cL;
            long special =
                    (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (x - 0x2020202020202020L) | x)
                            & HIGHS;
            if (special != 0) {
                return k + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            k += 8;
        }
        while (k < limit) {
            byte c = a[k];
            if (c == '"' || c == '\\' || c < 0x20) { // negative: non-ASCII
                break;
            }
            k++;
        }
        return k;
    }

    private void skipNumber() throws Unsure {
        int start = i;
        numberEnd(); // moves i
        if (i - start > MAX_NUMBER) {
            throw unsure();
        }
    }

    // ---- scalars

    private void literal(String word) throws Unsure {
        int n = word.length();
        if (i + n > limit) {
            throw unsure();
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                throw unsure();
            }
        }
        i += n;
        delimiter();
    }

    /** After a literal or a number: the end of the input or a byte that may follow a value. */
    private void delimiter() throws Unsure {
        if (i < limit) {
            byte c = b[i];
            if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw unsure();
            }
        }
    }

    /**
     * Moves past a number (strict JSON grammar) and answers whether it is a plain integer (no
     * fraction, no exponent).
     */
    private boolean numberEnd() throws Unsure {
        if (i < limit && b[i] == '-') {
            i++;
        }
        if (i >= limit) {
            throw unsure();
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < limit && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        } else {
            throw unsure();
        }
        boolean integer = true;
        if (i < limit && b[i] == '.') {
            integer = false;
            i++;
            digits();
        }
        if (i < limit && (b[i] == 'e' || b[i] == 'E')) {
            integer = false;
            i++;
            if (i < limit && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            digits();
        }
        delimiter();
        return integer;
    }

    private void digits() throws Unsure {
        int start = i;
        while (i < limit && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == start) {
            throw unsure();
        }
    }

    /**
     * A number as the mapper builds it: an integer of up to 18 digits here (an int node when it fits
     * an int, else a long node, as Jackson types it); anything else (fractions and exponents, which
     * the mapper reads as big decimals, and longer integers) by the mapper itself.
     */
    private JsonNode number() throws Unsure {
        int start = i;
        boolean integer = numberEnd();
        int length = i - start;
        if (length > MAX_NUMBER) {
            throw unsure();
        }
        boolean negative = b[start] == '-';
        int digits = negative ? length - 1 : length;
        if (integer && digits <= 18) {
            long v = 0;
            for (int k = negative ? start + 1 : start; k < i; k++) {
                v = v * 10 + (b[k] - '0');
            }
            if (negative) {
                v = -v;
            }
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        try {
            return Json.MAPPER.readTree(b, start, length);
        } catch (IOException e) {
            throw unsure();
        }
    }

    /** The rest of a string whose opening quote is behind the position, decoded; moves past it. */
    private String text() throws Unsure {
        int start = i;
        int met = skipString();
        int length = i - 1 - start;
        return switch (met) {
            case 0 -> new String(b, start, length, StandardCharsets.ISO_8859_1);
            case NON_ASCII -> new String(b, start, length, StandardCharsets.UTF_8); // well-formed: checked
            default -> escaped(start);
        };
    }

    /** A string with escapes, decoded from {@code start} (its first byte) to its closing quote. */
    private String escaped(int start) throws Unsure {
        StringBuilder out = new StringBuilder(Math.max(16, i - start + 16));
        i = start;
        while (i < limit) {
            byte c = b[i];
            if (c == '"') {
                i++;
                return out.toString();
            }
            if (c == '\\') {
                i = escape(i + 1, out);
            } else if (c < 0) {
                i = utf8(i, out);
            } else if (c < 0x20) {
                throw unsure();
            } else {
                out.append((char) c);
                i++;
            }
        }
        throw unsure();
    }

    /** The escape after a backslash at {@code at}, appended to {@code out} if given; the next index. */
    private int escape(int at, StringBuilder out) throws Unsure {
        if (at >= limit) {
            throw unsure();
        }
        char c;
        switch (b[at]) {
            case '"' -> c = '"';
            case '\\' -> c = '\\';
            case '/' -> c = '/';
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'u' -> {
                if (at + 5 > limit) {
                    throw unsure();
                }
                int v = 0;
                for (int k = at + 1; k <= at + 4; k++) {
                    v = (v << 4) | hex(b[k]);
                }
                if (out != null) {
                    out.append((char) v);
                }
                return at + 5;
            }
            default -> throw unsure();
        }
        if (out != null) {
            out.append(c);
        }
        return at + 1;
    }

    private static int hex(byte c) throws Unsure {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw unsure();
    }

    /**
     * A well-formed UTF-8 sequence at {@code at} (RFC 3629: shortest form, no surrogates, at most
     * U+10FFFF), appended to {@code out} if given; the index after it. Anything else is left to
     * Jackson, which decides on its own whether and how it reads it.
     */
    private int utf8(int at, StringBuilder out) throws Unsure {
        int lead = b[at] & 0xff;
        int n;
        int cp;
        int min;
        if (lead >= 0xc2 && lead <= 0xdf) {
            n = 1;
            cp = lead & 0x1f;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 2;
            cp = lead & 0x0f;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 3;
            cp = lead & 0x07;
            min = 0x10000;
        } else {
            throw unsure();
        }
        if (at + n >= limit) {
            throw unsure();
        }
        for (int k = 1; k <= n; k++) {
            int c = b[at + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                throw unsure();
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw unsure();
        }
        if (out != null) {
            out.appendCodePoint(cp);
        }
        return at + n + 1;
    }

    private static Unsure unsure() {
        return Unsure.INSTANCE;
    }
}
