package io.driftguard.ingest.split;

import static io.driftguard.ingest.split.Splits.CONNECTOR;
import static io.driftguard.ingest.split.Splits.REPLAY_DOCUMENT;
import static io.driftguard.ingest.split.Splits.REPLAY_LINES;
import static io.driftguard.ingest.split.Splits.TREES;
import static io.driftguard.ingest.split.Splits.positions;
import static io.driftguard.ingest.split.Splits.record;
import static io.driftguard.ingest.split.Splits.slices;
import static io.driftguard.ingest.split.Splits.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What each {@link SplitOptions.OnBadInput} and {@link SplitOptions.NonObjects} choice does with bad input. */
class BadInputTest {

    @Test
    void keepPartialDeliversTheRecordsBeforeAMalformedDocumentAndSaysWhere() {
        String broken = "{\"Records\": [\n" + record(0) + ",\n" + record(1) + ",\n{\"eventID\": oops}\n]}";
        for (EnvelopeSplitter splitter : new EnvelopeSplitter[] {REPLAY_DOCUMENT, TREES}) {
            SplitResult r = splitter.split(utf8(broken));
            assertThat(positions(r)).containsExactly("#0", "#1");
            assertThat(r.rejections()).singleElement().satisfies(x -> {
                assertThat(x.problem()).isEqualTo(Problem.MALFORMED_JSON);
                assertThat(x.position().toString()).isEqualTo("#2");
                assertThat(x.reason())
                        .startsWith("malformed JSON: Unrecognized token 'oops'")
                        .endsWith("; the 2 records before it were kept");
            });
        }
        SplitResult cutShort = REPLAY_DOCUMENT.split(utf8("{\"Records\": [{\"eventID\": \"x\","));
        assertThat(cutShort.records()).isEmpty();
        assertThat(cutShort.rejections()).singleElement().satisfies(x -> {
            assertThat(x.position().toString()).isEqualTo("#0");
            assertThat(x.reason()).isEqualTo("malformed JSON: Unexpected end-of-input within/between Object entries");
        });
    }

    @Test
    void allOrNothingDeliversOnlyTheProblemAndNothingBeforeTheEnd() {
        List<String> heard = new ArrayList<>();
        RecordSink sink = new RecordSink() {
            @Override
            public void record(Position position, byte[] bytes, JsonNode tree) {
                heard.add("record " + position);
            }

            @Override
            public void rejected(Rejection r) {
                heard.add(r.problem() + " " + r.reason());
            }
        };
        CONNECTOR.split(utf8("{\"Records\":[" + record(0) + "," + record(1) + ",{\"a\":"), sink);
        assertThat(heard)
                .singleElement()
                .asString()
                .isEqualTo("MALFORMED_JSON malformed JSON: Unexpected end-of-input within/between Object entries");
        heard.clear();
        CONNECTOR.split(utf8(record(0) + "\n" + record(1) + "\n{\"eventID\": oops}\n"), sink);
        assertThat(heard)
                .singleElement()
                .asString()
                .startsWith("MALFORMED_JSON malformed JSON: Unrecognized token 'oops'");
        heard.clear();
        CONNECTOR.split(utf8("{\"Records\":[" + record(0) + "]} trailing"), sink);
        assertThat(heard).singleElement().asString().startsWith("MALFORMED_JSON");
    }

    @Test
    void elementsThatAreNotObjectsAreRejectedOneByOneWithTheirBytesOrPassedOn() {
        byte[] batch = utf8("{\"records\":[{\"a\":1},\"oops\",[1,2],7.5,true,null,{\"b\":2}]}");
        SplitResult rejected = CONNECTOR.split(batch);
        assertThat(slices(rejected)).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(positions(rejected)).containsExactly("#0", "#6");
        assertThat(rejected.rejections())
                .extracting(Rejection::reason)
                .containsExactly(
                        "records[1] is a string, not a JSON object",
                        "records[2] is an array, not a JSON object",
                        "records[3] is a number, not a JSON object",
                        "records[4] is a boolean, not a JSON object",
                        "records[5] is null, not a JSON object");
        assertThat(rejected.rejections())
                .extracting(x -> new String(x.bytes()))
                .containsExactly("\"oops\"", "[1,2]", "7.5", "true", "null");
        assertThat(rejected.rejections())
                .extracting(x -> x.position().toString())
                .containsExactly("#1", "#2", "#3", "#4", "#5");
        assertThat(rejected.failure()).isNull();
        assertThat(TREES.split(batch).records()).hasSize(7);
    }

    @Test
    void aTopLevelValueThatIsNeitherObjectNorArrayIsRejectedAndReadingGoesOn() {
        SplitResult r = REPLAY_DOCUMENT.split(utf8("42 " + record(3)));
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.problem()).isEqualTo(Problem.NOT_AN_OBJECT);
            assertThat(x.position().toString()).isEqualTo("#0");
            assertThat(x.reason()).isEqualTo("not a JSON object or array (found VALUE_NUMBER_INT)");
        });
        assertThat(slices(r)).containsExactly(record(3));
        assertThat(positions(r)).containsExactly("#1");
        SplitResult text = CONNECTOR.split(utf8("\"text\""));
        assertThat(new String(text.rejections().get(0).bytes())).isEqualTo("\"text\"");
        assertThat(text.shape()).isEqualTo(Shape.SINGLE);
    }

    @Test
    void nothingEscapesAsAnException() {
        Random random = new Random(7);
        String alphabet = "{}[]\":,0123456789 \n\\abcdeRrecordsItemskindList\u001f\u008b\u00e9";
        List<EnvelopeSplitter> splitters = List.of(REPLAY_DOCUMENT, REPLAY_LINES, CONNECTOR, TREES);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] input = utf8(sb.toString());
            for (EnvelopeSplitter s : splitters) {
                assertThat(s.split(input).rejections())
                        .as(sb.toString())
                        .allSatisfy(x -> assertThat(x.reason()).isNotBlank());
            }
            assertThat(TREES.split(new ByteArrayInputStream(input)).rejections())
                    .as(sb.toString())
                    .allSatisfy(x -> assertThat(x.reason()).isNotBlank());
        }
    }
}
