package io.driftguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteScan} vouches only for what Jackson reads the same way: whenever it builds a reduced
 * tree, Jackson's streaming reduce ({@link ReadScan#jackson}) builds the same one from the same bytes,
 * and whenever Jackson would reject the bytes, it gives up. Checked on the providers' sample records,
 * on hostile mutations of them, on generated JSON full of escapes, non-ASCII text, odd numbers and
 * names in any letter case, and on byte-level breakage of all of those.
 */
class ByteScanTest {

    @Test
    void theProvidersSampleRecordsAndTheirMutationsReduceAsJacksonReducesThem() {
        Tally tally = new Tally();
        for (String source : ReadScanTest.AUDIT_SOURCES) {
            ReadScan.Fields fields =
                    ReadScanTest.PARSERS.parser(source).orElseThrow().readFields();
            List<byte[]> records = ReadScanTest.sampleRecords(source);
            Random random = new Random(source.hashCode() * 7L + 3);
            for (byte[] record : records) {
                tally.check(source, record, fields);
            }
            for (int i = 0; i < 2_000; i++) {
                byte[] seed = records.get(random.nextInt(records.size()));
                tally.check(
                        source, HostileInputPropertyTest.mutate(seed, random).bytes(), fields);
            }
        }
        assertThat(tally.differences).isEmpty();
        // every unmodified sample record is read byte by byte, not merely handed to Jackson
        assertThat(tally.vouched).isGreaterThan(tally.checked / 2);
    }

    @Test
    void generatedJsonAndItsBreakageReduceAsJacksonReducesThem() {
        ReadScan.Fields fields = ReadScan.Fields.of("eventName", "readOnly", "count", "list")
                .keep(
                        "userIdentity",
                        ReadScan.Fields.of("type", "arn").keep("sessionContext", ReadScan.Fields.of("arn")))
                .require("eventID");
        Random random = new Random(20261207);
        Tally tally = new Tally();
        for (int n = 0; n < 20_000; n++) {
            StringBuilder json = new StringBuilder();
            object(json, random, 0, true);
            byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            tally.check("generated", bytes, fields);
            tally.check("generated", broken(bytes, random), fields);
        }
        assertThat(tally.differences).isEmpty();
        assertThat(tally.vouched).isGreaterThan(tally.checked / 4);
    }

    @Test
    void givesUpOnWhatJacksonRejectsOrReadsItsOwnWay() {
        ReadScan.Fields fields = ReadScan.Fields.of("a", "b").require("id");
        for (String json : List.of(
                "{\"id\":\"1\",\"a\":01}", // leading zero
                "{\"id\":\"1\",\"a\":1.}", // no fraction digits
                "{\"id\":\"1\",\"a\":-}", // a sign alone
                "{\"id\":\"1\",\"a\":tru}", // a cut literal
                "{\"id\":\"1\",\"a\":truex}", // a literal run on
                "{\"id\":\"1\",\"a\":\"x\ty\"}", // a raw tab in a string
                "{\"id\":\"1\",\"a\":\"\\x\"}", // an unknown escape
                "{\"id\":\"1\",\"a\":\"\\u12G4\"}", // a bad unicode escape
                "{\"id\":\"1\",\"c\":[1,]}", // a trailing comma where it is skipped
                "{\"id\":\"1\",\"c\":{\"x\" 1}}", // no colon where it is skipped
                "{\"id\":\"1\"}{}", // two records run together
                "{\"id\":\"1\",}", // a trailing comma
                "{\"id\":\"1\" \"a\":1}", // no comma
                "{'id':'1'}", // single quotes
                "{\"id\":\"1\",\"a\":NaN}", // not a number
                "{\"id\":\"1\"", // cut
                "[{\"id\":\"1\"}]")) { // not an object
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThat(vouches(bytes, fields)).as(json).isFalse();
            assertThat(ReadScan.reduce(bytes, fields)).as(json).isNull();
        }
        byte[][] odd = {
            {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'}, // a cut sequence
            {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0x80, '"', '}'}, // an overlong NUL
            {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'}, // a surrogate
            {'{', '"', 'c', '"', ':', '"', (byte) 0xff, '"', '}'}, // never UTF-8, where it is skipped
        };
        for (byte[] bytes : odd) {
            assertThat(vouches(bytes, fields)).isFalse();
        }
        // past its own limits it leaves the record to Jackson, whose limits are its own
        String longText = "x".repeat(ByteScan.MAX_STRING + 1);
        String longName = "n".repeat(ByteScan.MAX_NAME + 1);
        for (String json : List.of(
                "{\"id\":\"1\",\"a\":\"" + longText + "\"}",
                "{\"id\":\"1\",\"c\":\"" + longText + "\"}",
                "{\"id\":\"1\",\"a\":{\"" + longName + "\":1}}",
                "{\"id\":\"1\",\"" + longName + "\":1}",
                "{\"id\":\"1\",\"c\":{\"" + longName + "\":1}}",
                "{\"id\":\"1\",\"c\":" + "[".repeat(ByteScan.MAX_DEPTH + 1) + "]".repeat(ByteScan.MAX_DEPTH + 1)
                        + "}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThat(vouches(bytes, fields)).isFalse();
            assertThat(ReadScan.reduce(bytes, fields)).isEqualTo(ReadScan.jackson(bytes, fields));
        }
    }

    @Test
    void keepsNamesInAnyLetterCaseAndNumbersAsTheMapperTypesThem() throws Exception {
        ReadScan.Fields fields = ReadScan.Fields.of("eventName", "n").require("eventID");
        String json = "{\"EVENTNAME\":\"Get\\u00e9\",\"eventID\":\"x\",\"skipped\":{\"deep\":[1,2.5e3,\"\\\"\"]},"
                + "\"n\":[0,-0,2147483647,2147483648,-9223372036854775808,12345678901234567890,1.50,-2E-3,1e400],"
                + "\"ev\\u0065ntName\":\"escaped name\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = ByteScan.reduce(bytes, fields);
        assertThat(tree).isEqualTo(ReadScan.jackson(bytes, fields));
        assertThat(tree.has("skipped")).isFalse();
        assertThat(tree.get("EVENTNAME").asText()).isEqualTo("Get\u00e9");
        assertThat(tree.get("eventName").asText()).isEqualTo("escaped name");
        assertThat(tree.get("n").get(2).isInt()).isTrue();
        assertThat(tree.get("n").get(3).isLong()).isTrue();
        assertThat(tree.get("n").get(5).isBigInteger()).isTrue();
        assertThat(tree.get("n").get(6)).isEqualTo(Json.MAPPER.readTree("1.50"));
    }

    /** Plain string bytes are tested eight at a time: a special byte is found wherever it sits in a word. */
    @Test
    void findsEachSpecialByteOfAStringAtEveryOffset() {
        ReadScan.Fields fields = ReadScan.Fields.of("kept").require("id");
        String[] specials = {"\\\"", "\\\\", "\\u00e9", "é", "€", "😀", "\t", "\u0001", "\u007f"};
        Tally tally = new Tally();
        for (String special : specials) {
            for (int at = 0; at < 24; at++) {
                String text = "a".repeat(at) + special + "b".repeat(24 - at);
                for (String name : List.of("kept", "skipped")) {
                    byte[] json = ("{\"id\":\"1\",\"" + name + "\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
                    tally.check(special + "@" + at, json, fields);
                }
            }
        }
        assertThat(tally.differences).isEmpty();
        // all but the raw tab and U+0001 (control characters Jackson rejects) are read byte by byte
        assertThat(tally.vouched).isEqualTo(7 * 24 * 2);
        byte[] cut = "{\"id\":\"1\",\"kept\":\"abcdefghijklmnop".getBytes(StandardCharsets.UTF_8);
        assertThat(vouches(cut, fields)).isFalse();
    }

    /** True when the byte scan reads {@code json} itself instead of giving up. */
    private static boolean vouches(byte[] json, ReadScan.Fields fields) {
        try {
            ByteScan.reduce(json, fields);
            return true;
        } catch (ByteScan.Unsure e) {
            return false;
        }
    }

    private static final class Tally {
        final List<String> differences = new ArrayList<>();
        int checked;
        int vouched;

        void check(String what, byte[] json, ReadScan.Fields fields) {
            checked++;
            JsonNode scanned;
            try {
                scanned = ByteScan.reduce(json, fields);
            } catch (ByteScan.Unsure e) {
                return; // Jackson reads it
            }
            vouched++;
            JsonNode reference = ReadScan.jackson(json, fields);
            boolean wellFormed;
            try {
                Json.MAPPER
                        .readerFor(JsonNode.class)
                        .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readTree(json);
                wellFormed = true;
            } catch (Exception e) {
                wellFormed = false;
            }
            // equal as trees, and in the same order of members (equals alone ignores it)
            if (!wellFormed
                    || !java.util.Objects.equals(scanned, reference)
                    || !String.valueOf(scanned).equals(String.valueOf(reference))) {
                differences.add(what + " " + new String(json, StandardCharsets.UTF_8) + "\n  bytes: " + scanned
                        + "\n  jackson (well-formed " + wellFormed + "): " + reference);
            }
        }
    }

    // ---- generated JSON

    private static final String[] NAMES = {
        "eventID", "eventName", "EventName", "EVENTNAME", "readOnly", "count", "list", "userIdentity", "type",
        "arn", "sessionContext", "other", "x", "résumé", "na\\u006de", "with \\\"quote\\\"", "ü", ""
    };
    private static final String[] STRINGS = {
        "",
        "plain",
        "Grüße",
        "日本語",
        "emoji 😀",
        "tab\\t",
        "quote\\\"",
        "slash\\/",
        "unicode \\u00e9\\u20ac",
        "surrogates \\ud83d\\ude00",
        "lone \\ud800",
        "backslash\\\\",
        "ctrl \\u0001"
    };
    private static final String[] NUMBERS = {
        "0",
        "-0",
        "7",
        "-12",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "123456789012345678",
        "1234567890123456789",
        "0.5",
        "1.50",
        "-3.25e10",
        "1E2",
        "2e-7",
        "1e400",
        "0.0000000000000000000001"
    };

    private static void object(StringBuilder out, Random r, int depth, boolean record) {
        out.append('{').append(space(r));
        int n = r.nextInt(depth == 0 ? 8 : 4);
        boolean first = true;
        if (record && r.nextInt(5) > 0) {
            out.append("\"eventID\":\"")
                    .append(STRINGS[r.nextInt(STRINGS.length)])
                    .append('"');
            first = false;
        }
        for (int i = 0; i < n; i++) {
            if (!first) {
                out.append(space(r)).append(',').append(space(r));
            }
            first = false;
            String name = NAMES[r.nextInt(NAMES.length)];
            if (r.nextInt(4) == 0) {
                name = name.toUpperCase(Locale.ROOT).replace("\\U", "\\u");
            }
            out.append('"')
                    .append(name)
                    .append('"')
                    .append(space(r))
                    .append(':')
                    .append(space(r));
            value(out, r, depth + 1);
        }
        out.append(space(r)).append('}');
    }

    private static void value(StringBuilder out, Random r, int depth) {
        switch (depth > 4 ? r.nextInt(4) : r.nextInt(6)) {
            case 0 -> out.append('"').append(STRINGS[r.nextInt(STRINGS.length)]).append('"');
            case 1 -> out.append(NUMBERS[r.nextInt(NUMBERS.length)]);
            case 2 -> out.append(List.of("true", "false", "null").get(r.nextInt(3)));
            case 3 -> out.append("\"").append(r.nextInt(1000)).append('"');
            case 4 -> object(out, r, depth, false);
            default -> {
                out.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "" : ",").append(space(r));
                    value(out, r, depth + 1);
                }
                out.append(']');
            }
        }
    }

    private static String space(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            default -> "";
        };
    }

    /** The bytes broken once: a byte replaced, dropped or doubled, or the end cut off. */
    private static byte[] broken(byte[] b, Random r) {
        if (b.length < 2) {
            return b;
        }
        int at = r.nextInt(b.length);
        byte[] odd = {
            '"',
            '\\',
            '{',
            '}',
            '[',
            ']',
            ',',
            ':',
            '0',
            '-',
            '.',
            'e',
            't',
            0,
            0x1f,
            (byte) 0x80,
            (byte) 0xc3,
            (byte) 0xe2,
            (byte) 0xff,
            ' '
        };
        return switch (r.nextInt(4)) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] = odd[r.nextInt(odd.length)];
                yield c;
            }
            case 1 -> {
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                yield c;
            }
            case 2 -> {
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at + 1);
                System.arraycopy(b, at, c, at + 1, b.length - at);
                yield c;
            }
            default -> java.util.Arrays.copyOf(b, at);
        };
    }
}
