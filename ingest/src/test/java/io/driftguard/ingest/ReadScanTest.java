package io.driftguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.split.EnvelopeSplitter;
import io.driftguard.ingest.split.SplitOptions;
import io.driftguard.ingest.split.SplitRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The read fast path ({@link ParserRegistry#parseForDetection}) gives what the full parse gives,
 * bodies of reads and failed calls aside: for the real sample records of the four providers (and
 * EventBridge), for read and failed variants of each, and for hostile mutations of all of them.
 */
class ReadScanTest {

    static final ParserRegistry PARSERS = ParserRegistry.defaults();
    private static final EnvelopeSplitter SPLITTER = new EnvelopeSplitter(SplitOptions.trees());
    /** The sources whose parsers make reads from a reduced tree. */
    static final Set<String> AUDIT_SOURCES = Set.of(
            Sources.AWS_CLOUDTRAIL,
            Sources.AWS_EVENTBRIDGE,
            Sources.GCP_AUDIT,
            Sources.AZURE_ACTIVITY,
            Sources.K8S_AUDIT);

    @Test
    void readsFailuresAndMutationsOfEveryProvidersSamplesParseAsInFull() {
        List<String> differences = new ArrayList<>();
        int reduced = 0;
        int records = 0;
        for (String source : AUDIT_SOURCES) {
            List<byte[]> records0 = new ArrayList<>();
            for (byte[] r : sampleRecords(source)) {
                records0.add(r);
                records0.add(variant(source, r, ReadScanTest::asRead));
                records0.add(variant(source, r, ReadScanTest::asFailure));
            }
            Random random = new Random(source.hashCode() * 17L + 9);
            List<byte[]> all = new ArrayList<>(records0);
            for (int i = 0; i < 1_000; i++) {
                byte[] seed = records0.get(random.nextInt(records0.size()));
                all.add(HostileInputPropertyTest.mutate(seed, random).bytes());
            }
            for (byte[] payload : all) {
                records++;
                RawRecord raw = new RawRecord(source, "test", payload, null);
                List<ParsedRecord> full = PARSERS.parse(raw);
                List<ParsedRecord> fast = PARSERS.parseForDetection(raw);
                if (!withoutReadBodies(full).equals(withoutReadBodies(fast))) {
                    differences.add(source + ": " + new String(payload, StandardCharsets.UTF_8) + "\n  full: " + full
                            + "\n  fast: " + fast);
                }
                if (ParserRegistry.readsOrFailures(full)
                        && ReadScan.reduce(
                                        payload,
                                        PARSERS.parser(source).orElseThrow().readFields())
                                != null) {
                    reduced++;
                }
            }
        }
        assertThat(differences).isEmpty();
        // the fast path was taken, not merely fallen back from
        assertThat(reduced).isGreaterThan(records / 5);
    }

    /**
     * The replay source reduces the records of a CloudTrail or Azure file in the pass that splits it
     * ({@link EnvelopeSplitter#splitReducing}): for files made of every sample record and its read
     * and failed variants, and hostile mutations of those files, the records, positions and problems
     * are those of a plain split (or the reducing pass gives up and the file is split plainly), each
     * record's tree is the one {@link ReadScan#reduce(byte[], ReadScan.Fields)} makes of its bytes, and
     * the parse results are the same.
     */
    @Test
    void filesReducedWhileSplitGiveThePlainSplitsRecordsTreesAndResults() {
        List<String> differences = new ArrayList<>();
        int reducedFiles = 0;
        int files = 0;
        for (String source : List.of(Sources.AWS_CLOUDTRAIL, Sources.AZURE_ACTIVITY)) {
            ReadScan.Fields fields = PARSERS.parser(source).orElseThrow().readFields();
            for (byte[] doc : documents(source)) {
                files++;
                Split plain = new Split();
                PLAIN_DOCUMENTS.split(doc, plain);
                Split reducing = new Split();
                try {
                    PLAIN_DOCUMENTS.splitReducing(doc, reducing, fields);
                } catch (EnvelopeSplitter.ReduceFailed e) {
                    continue; // the replay reader splits such a file plainly
                }
                reducedFiles++;
                String what = source + " " + new String(doc, StandardCharsets.UTF_8);
                if (!plain.events.equals(reducing.events)) {
                    differences.add(what + "\n  plain: " + plain.events + "\n  reducing: " + reducing.events);
                    continue;
                }
                for (int i = 0; i < reducing.bytes.size(); i++) {
                    byte[] bytes = reducing.bytes.get(i);
                    JsonNode tree = reducing.trees.get(i);
                    JsonNode alone = ReadScan.reduce(bytes, fields);
                    if (!java.util.Objects.equals(tree, alone)) {
                        differences.add(what + "\n  record " + i + " tree " + tree + "\n  alone " + alone);
                    }
                    RawRecord raw = new RawRecord(source, "t", bytes, null);
                    RawRecord handed =
                            new RawRecord(source, "t", bytes, null, new ReadScan.Reduced(fields, (ObjectNode) tree));
                    if (!PARSERS.parseForDetection(raw).equals(PARSERS.parseForDetection(handed))) {
                        differences.add(what + "\n  record " + i + " parses differently when handed its tree");
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
        // the files were reduced, not merely split again
        assertThat(reducedFiles).isGreaterThan(files / 3);
    }

    /**
     * The replay source takes a batch one record at a time ({@link EnvelopeSplitter#reducingBatch}):
     * on the same files, what it hands out before it gives up is what a whole split gives first, and
     * when it finishes it has handed out what the reducing split gives, positions, bytes and trees.
     */
    @Test
    void batchesTakenOneRecordAtATimeGiveWhatAWholeSplitGives() {
        List<String> differences = new ArrayList<>();
        int finished = 0;
        int files = 0;
        for (String source : List.of(Sources.AWS_CLOUDTRAIL, Sources.AZURE_ACTIVITY)) {
            ReadScan.Fields fields = PARSERS.parser(source).orElseThrow().readFields();
            for (byte[] doc : documents(source)) {
                files++;
                EnvelopeSplitter.ReducingBatch batch = PLAIN_DOCUMENTS.reducingBatch(doc, fields);
                if (batch == null) {
                    continue; // split whole
                }
                Split lazy = new Split();
                boolean done;
                try {
                    while (batch.next(lazy)) {
                        // one record each
                    }
                    done = true;
                } catch (EnvelopeSplitter.ReduceFailed e) {
                    done = false;
                }
                String what = source + " " + new String(doc, StandardCharsets.UTF_8);
                Split plain = new Split();
                PLAIN_DOCUMENTS.split(doc, plain);
                Split whole = new Split();
                try {
                    PLAIN_DOCUMENTS.splitReducing(doc, whole, fields);
                } catch (EnvelopeSplitter.ReduceFailed e) {
                    whole = null;
                }
                if (lazy.events.size() != batch.delivered()
                        || lazy.events.size() > plain.events.size()
                        || !lazy.events.equals(plain.events.subList(0, lazy.events.size()))) {
                    differences.add(what + "\n  plain: " + plain.events + "\n  one at a time: " + lazy.events);
                    continue;
                }
                if (done) {
                    finished++;
                    if (whole == null || !lazy.events.equals(whole.events)) {
                        differences.add(what + "\n  finished where the reducing split gives "
                                + (whole == null ? "up" : whole.events));
                        continue;
                    }
                }
                for (int i = 0; i < lazy.trees.size(); i++) {
                    if (!java.util.Objects.equals(lazy.trees.get(i), ReadScan.reduce(lazy.bytes.get(i), fields))) {
                        differences.add(what + "\n  record " + i + " tree " + lazy.trees.get(i));
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
        // most files were taken one record at a time to their end
        assertThat(finished).isGreaterThan(files / 3);
    }

    /**
     * Batch files of every sample record of {@code source} and its read and failed variants, 40 as a
     * provider writes them and 1,000 hostile mutations of those.
     */
    private static List<byte[]> documents(String source) {
        List<byte[]> records = new ArrayList<>();
        for (byte[] r : sampleRecords(source)) {
            records.add(r);
            records.add(variant(source, r, ReadScanTest::asRead));
            records.add(variant(source, r, ReadScanTest::asFailure));
        }
        String envelope = source.equals(Sources.AWS_CLOUDTRAIL) ? "Records" : "records";
        Random random = new Random(source.hashCode() * 31L + 5);
        List<byte[]> documents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            documents.add(document(envelope, records, random));
        }
        for (int i = 0; i < 1_000; i++) {
            byte[] doc = documents.get(random.nextInt(40));
            documents.add(HostileInputPropertyTest.mutate(doc, random).bytes());
        }
        return documents;
    }

    /** The real sample records of {@code source}, each record's own bytes. */
    static List<byte[]> sampleRecords(String source) {
        List<byte[]> records = new ArrayList<>();
        for (byte[] seed : HostileInputPropertyTest.seeds().get(source)) {
            for (SplitRecord r : SPLITTER.split(seed).records()) {
                records.add(r.bytes());
            }
        }
        return records;
    }

    private static final EnvelopeSplitter PLAIN_DOCUMENTS = new EnvelopeSplitter(new SplitOptions(
            SplitOptions.Layout.DOCUMENT,
            SplitOptions.Output.SLICES,
            SplitOptions.OnBadInput.KEEP_PARTIAL,
            SplitOptions.NonObjects.PASS_ON));

    /** A batch file of a few records picked at random, as a provider writes one. */
    private static byte[] document(String envelope, List<byte[]> records, Random random) {
        StringBuilder doc = new StringBuilder("{\"").append(envelope).append("\":[");
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            doc.append(i == 0 ? "" : ",\n")
                    .append(new String(records.get(random.nextInt(records.size())), StandardCharsets.UTF_8));
        }
        return utf8(doc.append("]}").toString());
    }

    /** What a split delivered: positions, bytes and problems in order, and the trees apart. */
    private static final class Split implements io.driftguard.ingest.split.RecordSink {
        final List<String> events = new ArrayList<>();
        final List<byte[]> bytes = new ArrayList<>();
        final List<JsonNode> trees = new ArrayList<>();

        @Override
        public void record(io.driftguard.ingest.split.Position position, byte[] b, JsonNode tree) {
            events.add("record " + position + " " + java.util.Arrays.toString(b));
            bytes.add(b);
            trees.add(tree);
        }

        @Override
        public void rejected(io.driftguard.ingest.split.Rejection r) {
            events.add("rejected " + r.position() + " " + r.problem() + " " + r.reason() + " "
                    + java.util.Arrays.toString(r.bytes()));
        }
    }

    @Test
    void aReadDropsWhatDetectionDoesNotUseAndKeepsWhatItDoes() {
        byte[] read = utf8("""
                {"eventVersion":"1.09","eventTime":"2025-03-03T12:13:49Z","eventSource":"ec2.amazonaws.com",
                 "eventName":"DescribeInstances","awsRegion":"eu-west-1","sourceIPAddress":"145.203.68.10",
                 "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/ana","accountId":"111122223333",
                   "accessKeyId":"AKIA0000","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}},
                 "requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0763"}]}},"responseElements":null,
                 "eventID":"e-1","readOnly":true,"recipientAccountId":"111122223333",
                 "tlsDetails":{"tlsVersion":"TLSv1.3"}}""");
        JsonNode reduced = ReadScan.reduce(
                read, PARSERS.parser(Sources.AWS_CLOUDTRAIL).orElseThrow().readFields());
        assertThat(reduced).isNotNull();
        assertThat(reduced.has("tlsDetails")).isFalse();
        assertThat(reduced.has("eventVersion")).isFalse();
        assertThat(reduced.path("userIdentity").has("accessKeyId")).isFalse();
        assertThat(reduced.path("userIdentity").path("sessionContext").has("attributes"))
                .isFalse();
        assertThat(reduced.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::111122223333:user/ana");
        assertThat(reduced.at("/requestParameters/instancesSet/items/0/instanceId")
                        .asText())
                .isEqualTo("i-0763");
        AuditEvent e = audit(PARSERS.parseForDetection(new RawRecord(Sources.AWS_CLOUDTRAIL, "t", read, null)));
        assertThat(e.readOnly()).isTrue();
        assertThat(e.resourceId()).isEqualTo("i-0763");
        assertThat(e.actor().id()).isEqualTo("arn:aws:iam::111122223333:user/ana");
    }

    @Test
    void aMutatingCallIsParsedInFullWithItsBodies() {
        byte[] write = utf8("""
                {"eventTime":"2025-03-03T12:13:49Z","eventSource":"ec2.amazonaws.com","eventName":"StopInstances",
                 "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/ana"},
                 "requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0763"}]},"force":false},
                 "responseElements":{"instancesSet":{"items":[{"instanceId":"i-0763"}]}},
                 "eventID":"e-2","readOnly":false,"recipientAccountId":"111122223333"}""");
        RawRecord raw = new RawRecord(Sources.AWS_CLOUDTRAIL, "t", write, null);
        assertThat(PARSERS.parseForDetection(raw)).isEqualTo(PARSERS.parse(raw));
        assertThat(audit(PARSERS.parseForDetection(raw)).request()).contains("\"force\":false");
    }

    @Test
    void aRecordWithoutEventIdKeepsTheDigestOfTheWholeRecord() {
        byte[] read = utf8("""
                {"eventTime":"2025-03-03T12:13:49Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets",
                 "userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"},"readOnly":true,
                 "tlsDetails":{"tlsVersion":"TLSv1.3"}}""");
        RawRecord raw = new RawRecord(Sources.AWS_CLOUDTRAIL, "t", read, null);
        assertThat(audit(PARSERS.parseForDetection(raw)).eventId())
                .isEqualTo(audit(PARSERS.parse(raw)).eventId())
                .startsWith("ct-");
    }

    @Test
    void badInputIsRejectedWithTheFullParsersReason() {
        for (String bad : List.of(
                "{\"eventName\":\"ListBuckets\",\"readOnly\":true",
                "{\"eventName\":\"ListBuckets\"}{\"eventName\":\"ListBuckets\"}",
                "[1,2]",
                "{\"eventName\":\"ListBuckets\",\"tlsDetails\":{\"x\":tru}}")) {
            RawRecord raw = new RawRecord(Sources.AWS_CLOUDTRAIL, "t", utf8(bad), null);
            List<ParsedRecord> fast = PARSERS.parseForDetection(raw);
            assertThat(fast).isEqualTo(PARSERS.parse(raw));
            assertThat(fast).allMatch(r -> r instanceof ParsedRecord.Rejected);
        }
    }

    /** The results with the request and response bodies of reads and failed calls removed. */
    private static List<ParsedRecord> withoutReadBodies(List<ParsedRecord> results) {
        List<ParsedRecord> out = new ArrayList<>();
        for (ParsedRecord r : results) {
            if (r instanceof ParsedRecord.Audit a
                    && (a.event().readOnly() || a.event().outcome() == Outcome.FAILURE)) {
                AuditEvent e = a.event();
                out.add(new ParsedRecord.Audit(new AuditEvent(
                        e.eventId(),
                        e.source(),
                        e.cloud(),
                        e.account(),
                        e.region(),
                        e.service(),
                        e.operation(),
                        e.resourceType(),
                        e.resourceId(),
                        e.readOnly(),
                        e.outcome(),
                        e.errorCode(),
                        e.actor(),
                        e.userAgent(),
                        e.sourceIp(),
                        e.eventTime(),
                        null,
                        null,
                        e.correlationId(),
                        e.viaConsole())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private static AuditEvent audit(List<ParsedRecord> results) {
        assertThat(results).hasSize(1).first().isInstanceOf(ParsedRecord.Audit.class);
        return ((ParsedRecord.Audit) results.get(0)).event();
    }

    /** The record edited as a tree (the record itself when it is not a JSON object). */
    private static byte[] variant(
            String source, byte[] record, java.util.function.BiConsumer<String, ObjectNode> edit) {
        try {
            JsonNode n = Json.MAPPER.readTree(record);
            if (!(n instanceof ObjectNode o)) {
                return record;
            }
            ObjectNode target = o;
            String s = source;
            if (source.equals(Sources.AWS_EVENTBRIDGE) && o.get("detail") instanceof ObjectNode d) {
                target = d;
                s = Sources.AWS_CLOUDTRAIL;
            }
            edit.accept(s, target);
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void asRead(String source, ObjectNode r) {
        switch (source) {
            case Sources.AWS_CLOUDTRAIL -> r.put("readOnly", true);
            case Sources.GCP_AUDIT ->
                onObject(
                        r.get("protoPayload"),
                        p -> p.put("methodName", p.path("methodName").asText("x") + ".get"));
            case Sources.AZURE_ACTIVITY -> r.put("operationName", "Microsoft.Network/networkSecurityGroups/read");
            case Sources.K8S_AUDIT -> r.put("verb", "get");
            default -> {}
        }
    }

    private static void asFailure(String source, ObjectNode r) {
        switch (source) {
            case Sources.AWS_CLOUDTRAIL -> r.put("errorCode", "AccessDenied");
            case Sources.GCP_AUDIT ->
                onObject(r.get("protoPayload"), p -> p.putObject("status").put("code", 7));
            case Sources.AZURE_ACTIVITY -> r.put("resultType", "Failure");
            case Sources.K8S_AUDIT -> r.putObject("responseStatus").put("code", 403);
            default -> {}
        }
    }

    private static void onObject(JsonNode n, Consumer<ObjectNode> edit) {
        if (n instanceof ObjectNode o) {
            edit.accept(o);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
