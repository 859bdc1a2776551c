package io.driftguard.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A record read as a reduced tree: one pass over its bytes that builds only the fields a parser
 * needs to make a read or a failed call of it, and skips the rest (request and response bodies,
 * authorization details, annotations) without building or even decoding it. The pass is
 * {@link ByteScan}'s, byte by byte, for every record it can vouch for; anything else (an escape in a
 * name, malformed or unusual bytes) is read by Jackson's tokenizer here, which builds the same tree.
 *
 * <p>Reads and failed calls are most of all traffic, and detection uses nothing of them but who
 * called, what and when; building the whole tree of every record was a third of a replay's CPU.
 * {@link ParserRegistry#parseForDetection} hands the reduced tree to the provider's own parser, and
 * parses the record in full whenever the answer is anything else (a mutating call, a rejection), so
 * the reduced tree never decides more than "this is a read / a failed call, and these are its
 * facts".
 *
 * <p>Field names match in any letter case (the parsers read several fields case-insensitively), so
 * a reduced tree keeps at least every field a parser can see. Immutable and thread-safe.
 */
public final class ReadScan {

    private static final JsonFactory JSON = Json.MAPPER.getFactory();
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    static final Object SKIP = new Object();
    static final Object WHOLE = new Object();
    private static final int CACHED_NAMES = 4_096;

    /** Which fields of an object to keep: each kept whole, or reduced by its own {@code Fields}. */
    public static final class Fields {
        private final Map<String, Fields> byLowerName = new HashMap<>();
        private final List<String> required = new ArrayList<>();
        private final Map<String, Object> decisions = new ConcurrentHashMap<>();
        /**
         * Names seen as bytes ({@link ByteScan}), open addressing, copied on write: readers never
         * lock, and the few hundred names real records use are added once each.
         */
        private volatile Name[] names = new Name[64];

        private int named;

        private Fields() {}

        public static Fields of(String... names) {
            return new Fields().keep(names);
        }

        /** Keeps these fields whole. */
        public Fields keep(String... names) {
            for (String n : names) {
                byLowerName.put(n.toLowerCase(Locale.ROOT), null);
            }
            forget();
            return this;
        }

        /** Keeps this field, reduced to {@code fields} when it is an object (whole otherwise). */
        public Fields keep(String name, Fields fields) {
            byLowerName.put(name.toLowerCase(Locale.ROOT), fields);
            forget();
            return this;
        }

        /**
         * A field (exact spelling, top level) without which the reduced tree must not be used: a
         * parser that derives something from the whole record when it is missing (CloudTrail's
         * digest id of a record without {@code eventID}).
         */
        public Fields require(String name) {
            required.add(name);
            keep(name);
            return this;
        }

        /**
         * {@link #SKIP}, {@link #WHOLE} or the fields to reduce a kept object to. Decisions are
         * cached by name (the tokenizer hands out the same canonical name strings again and again),
         * so a field costs a hash lookup, not a lower-casing; the cache stops growing at
         * {@link #CACHED_NAMES} names (a record may invent any number).
         */
        Object decide(String name) {
            Object d = decisions.get(name);
            if (d != null) {
                return d;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            Fields f = byLowerName.get(lower);
            d = f != null ? f : byLowerName.containsKey(lower) ? WHOLE : SKIP;
            if (decisions.size() < CACHED_NAMES) {
                decisions.put(name, d);
            }
            return d;
        }

        /**
         * The name of {@code length} ASCII bytes at {@code start} (no escapes) with its decision, the
         * same string each time.
         */
        Name name(byte[] b, int start, int length) {
            int hash = ByteScan.hash(b, start, length);
            Name[] t = names;
            int mask = t.length - 1;
            for (int k = hash & mask; ; k = (k + 1) & mask) {
                Name n = t[k];
                if (n == null) {
                    break;
                }
                if (n.hash() == hash && Arrays.equals(n.bytes(), 0, n.bytes().length, b, start, start + length)) {
                    return n;
                }
            }
            String text = new String(b, start, length, StandardCharsets.ISO_8859_1);
            Name n = new Name(hash, Arrays.copyOfRange(b, start, start + length), text, decide(text));
            remember(n);
            return n;
        }

        private synchronized void remember(Name n) {
            if (named >= CACHED_NAMES) {
                return; // a record may invent any number of names
            }
            Name[] t = names;
            int length = named * 2 >= t.length ? t.length * 2 : t.length;
            Name[] copy = new Name[length];
            for (Name old : t) {
                if (old != null) {
                    put(copy, old);
                }
            }
            if (put(copy, n)) {
                named++;
            }
            names = copy;
        }

        private static boolean put(Name[] t, Name n) {
            int mask = t.length - 1;
            for (int k = n.hash() & mask; ; k = (k + 1) & mask) {
                if (t[k] == null) {
                    t[k] = n;
                    return true;
                }
                if (Arrays.equals(t[k].bytes(), n.bytes())) {
                    return false; // another thread added it first
                }
            }
        }

        private synchronized void forget() {
            decisions.clear();
            names = new Name[64];
            named = 0;
        }

        boolean complete(JsonNode reduced) {
            for (String r : required) {
                JsonNode v = reduced.get(r);
                if (v == null || !v.isTextual()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A field name as {@link ByteScan} met it: its bytes (null when escaped), its text, the decision. */
    record Name(int hash, byte[] bytes, String text, Object decision) {}

    private ReadScan() {}

    /**
     * A record's reduced tree made while its file was read ({@code EnvelopeSplitter}, the replay's
     * line reader), handed to the parse operator with the record, so a record of a replayed file is
     * scanned once: {@code tree} is what {@link #reduce(byte[], Fields)} gives for the record's bytes
     * with {@code fields} (null: parse in full). {@link ParserRegistry#parseForDetection} uses it
     * only when {@code fields} are its parser's own.
     */
    public record Reduced(Fields fields, ObjectNode tree) {}

    /**
     * The object at {@code p} (at its START_OBJECT) reduced to {@code fields}, leaving {@code p} at
     * its END_OBJECT: the same tree {@link #reduce(byte[], Fields)} builds from the object's bytes,
     * or null when a required field is missing. Throws on anything malformed, where {@code reduce}
     * answers null; a caller splitting a file then splits it again without reducing.
     */
    public static ObjectNode reduce(JsonParser p, Fields fields) throws IOException {
        ObjectNode out = object(p, fields);
        return fields.complete(out) ? out : null;
    }

    /**
     * The record reduced to {@code fields}, or null when it is not one well-formed JSON object with
     * the required fields (the caller then parses it in full, which gives the exact reason). Never
     * throws.
     */
    public static ObjectNode reduce(byte[] json, Fields fields) {
        if (json == null || json.length == 0) {
            return null;
        }
        try {
            return ByteScan.reduce(json, fields);
        } catch (ByteScan.Unsure e) {
            return jackson(json, fields); // Jackson decides exactly what it holds
        }
    }

    /** {@link #reduce(byte[], Fields)} by Jackson's tokenizer alone (the reference for {@link ByteScan}). */
    static ObjectNode jackson(byte[] json, Fields fields) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode out = object(p, fields);
            if (p.nextToken() != null) {
                return null; // trailing tokens: a full parse rejects it
            }
            return fields.complete(out) ? out : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // p is at START_OBJECT; returns with p at its END_OBJECT
    private static ObjectNode object(JsonParser p, Fields fields) throws IOException {
        ObjectNode out = NODES.objectNode();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            Object decision = fields == null ? WHOLE : fields.decide(name);
            if (decision == SKIP) {
                p.skipChildren();
                continue;
            }
            if (decision instanceof Fields child && value == JsonToken.START_OBJECT) {
                out.set(name, object(p, child));
            } else {
                out.set(name, whole(p, value));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + t);
        }
        return out;
    }

    // the value at p, as readTree builds it; p is left at its last token
    private static JsonNode whole(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p, null);
            case START_ARRAY:
                ArrayNode a = NODES.arrayNode();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new IOException("unexpected end of input");
                    }
                    a.add(whole(p, e));
                }
                return a;
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                // numbers and the rest: exactly as the mapper reads them (int, long, big, double)
                return Json.MAPPER.readTree(p);
        }
    }
}
