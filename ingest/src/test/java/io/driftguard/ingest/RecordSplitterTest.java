package io.driftguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RecordSplitterTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static String trailLog(int n) {
        StringBuilder sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"eventID\":\"e").append(i).append("\",\"eventName\":\"DescribeInstances\"}");
        }
        return sb.append("]}").toString();
    }

    private static List<String> ids(RecordSplitter.Result r) {
        return r.records().stream().map(i -> i.record().path("eventID").asText()).toList();
    }

    @Test
    void cloudTrailLogFilePlainAndGzippedByMagicBytes() throws IOException {
        byte[] plain = utf8(trailLog(3));
        assertThat(ids(RecordSplitter.split(plain))).containsExactly("e0", "e1", "e2");
        RecordSplitter.Result gz = RecordSplitter.split(gzip(plain));
        assertThat(ids(gz)).containsExactly("e0", "e1", "e2");
        assertThat(gz.rejected()).isEmpty();
        // a one-line file reads as JSON lines: line 1, records 0..2
        assertThat(gz.records()).extracting(RecordSplitter.Result.Item::position)
                .containsExactly(":1#0", ":1#1", ":1#2");
    }

    @Test
    void prettyPrintedBareArrayAndSingleRecord() {
        assertThat(ids(RecordSplitter.split(utf8("[\n  {\"eventID\": \"a\"},\n  {\"eventID\": \"b\"}\n]\n"))))
                .containsExactly("a", "b");
        assertThat(ids(RecordSplitter.split(utf8("{\n  \"eventID\": \"solo\",\n  \"resources\": []\n}"))))
                .containsExactly("solo");
    }

    @Test
    void truncatedGzipKeepsTheRecordsBeforeTheCut() throws IOException {
        byte[] whole = gzip(utf8(trailLog(5000)));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        RecordSplitter.Result r = RecordSplitter.split(cut);
        assertThat(r.records()).isNotEmpty().hasSizeLessThan(5000);
        assertThat(r.rejected()).singleElement().satisfies(i ->
                assertThat(i.reason()).startsWith("truncated or corrupt gzip data").contains("records before it were kept"));
    }

    @Test
    void malformedJsonLineIsRejectedAndTheOthersKept() {
        String lines = "{\"insertId\":\"a\"}\n{\"insertId\": broken}\n\n{\"insertId\":\"c\"}\n";
        RecordSplitter.Result r = RecordSplitter.split(utf8(lines));
        assertThat(r.records()).extracting(i -> i.record().get("insertId").asText()).containsExactly("a", "c");
        assertThat(r.records()).extracting(RecordSplitter.Result.Item::position).containsExactly(":1", ":4");
        assertThat(r.rejected()).singleElement().satisfies(i -> {
            assertThat(i.position()).isEqualTo(":2");
            assertThat(i.reason()).startsWith("malformed JSON");
        });
    }

    @Test
    void malformedDocumentIsRejectedWithWhere() {
        RecordSplitter.Result r = RecordSplitter.split(utf8("{\"Records\": [\n{\"eventID\":\"ok\"},\n{\"eventID\": oops}\n]}"));
        assertThat(ids(r)).containsExactly("ok");
        assertThat(r.rejected()).singleElement().satisfies(i ->
                assertThat(i.reason()).startsWith("malformed JSON at line 3"));
    }

    @Test
    void kubernetesEventListAsPostedByTheWebhookBackend() {
        String list = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":["
                + "{\"kind\":\"Event\",\"auditID\":\"1\"},{\"kind\":\"Event\",\"auditID\":\"2\"}]}";
        RecordSplitter.Result r = RecordSplitter.split(utf8(list));
        assertThat(r.records()).extracting(i -> i.record().get("auditID").asText()).containsExactly("1", "2");
        // pretty-printed, with items before kind: still split
        String itemsFirst = "{\n\"items\": [{\"auditID\":\"x\"}],\n\"kind\": \"EventList\"\n}";
        assertThat(RecordSplitter.split(utf8(itemsFirst)).records()).extracting(i -> i.record().get("auditID").asText())
                .containsExactly("x");
    }

    @Test
    void azureRecordsBatchAndJsonLines() {
        assertThat(RecordSplitter.split(utf8("{\"records\":[{\"time\":\"t1\"},{\"time\":\"t2\"}]}")).records())
                .hasSize(2);
        RecordSplitter.Result lines = RecordSplitter.split(utf8("{\"time\":\"t1\"}\r\n{\"time\":\"t2\"}\r\n"));
        assertThat(lines.records()).extracting(i -> i.record().get("time").asText()).containsExactly("t1", "t2");
        assertThat(lines.rejected()).isEmpty();
    }

    @Test
    void emptyInputAndScalarsNeverThrow() {
        assertThat(RecordSplitter.split(new byte[0]).records()).isEmpty();
        RecordSplitter.Result scalar = RecordSplitter.split(utf8("42"));
        assertThat(scalar.records()).isEmpty();
        assertThat(scalar.rejected()).singleElement().satisfies(i -> assertThat(i.reason()).contains("not an object"));
    }

    /** A ~100 MB log file streamed from a generator: never held as one byte array nor one tree. */
    @Test
    void hundredMegabyteLogFileIsStreamed() {
        int n = 200_000;
        String record = "{\"eventID\":\"%d\",\"eventName\":\"DescribeInstances\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"pad\":\"" + "x".repeat(420) + "\"}";
        List<InputStream> parts = new java.util.ArrayList<>();
        parts.add(new java.io.ByteArrayInputStream(utf8("{\"Records\":[")));
        InputStream body = new InputStream() {
            int i = 0;
            byte[] cur = new byte[0];
            int pos = 0;

            @Override
            public int read() {
                if (pos == cur.length) {
                    if (i == n) {
                        return -1;
                    }
                    cur = utf8((i > 0 ? "," : "") + record.replace("%d", Integer.toString(i)));
                    i++;
                    pos = 0;
                }
                return cur[pos++] & 0xff;
            }
        };
        parts.add(body);
        parts.add(new java.io.ByteArrayInputStream(utf8("]}")));
        AtomicLong count = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        RecordSplitter.split(new SequenceInputStream(Collections.enumeration(parts)), new RecordSplitter.Sink() {
            @Override
            public void record(String position, JsonNode r) {
                count.incrementAndGet();
            }

            @Override
            public void rejected(String position, String reason) {
                rejected.incrementAndGet();
            }
        });
        assertThat(count.get()).isEqualTo(n);
        assertThat(rejected.get()).isZero();
    }
}
