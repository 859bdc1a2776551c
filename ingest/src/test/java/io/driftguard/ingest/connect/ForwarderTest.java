package io.driftguard.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.Samples;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** What a connector's payload becomes on the raw topics and the dead-letter topic. */
class ForwarderTest {

    private static final String RAW_CLOUDTRAIL = KafkaTopics.raw(Sources.AWS_CLOUDTRAIL);

    /** One Kafka message as a person reading the topic sees it. */
    record Message(String topic, String origin, String key, String reason, String value) {}

    private final MockProducer<byte[], byte[]> kafka =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final IngestMetrics metrics = new IngestMetrics();
    private final Forwarder forwarder = new Forwarder(new RawPublisher(kafka, metrics), metrics);

    private List<Message> forward(String source, byte[] payload) throws Exception {
        forwarder.forward(source, payload, "o", null, null).get();
        return kafka.history().stream().map(ForwarderTest::message).toList();
    }

    private List<Message> forward(String source, String payload) throws Exception {
        return forward(source, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static Message message(ProducerRecord<byte[], byte[]> r) {
        return new Message(
                r.topic(),
                header(r, RawHeaders.ORIGIN),
                r.key() == null ? null : utf8(r.key()),
                header(r, RawHeaders.REASON),
                utf8(r.value()));
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : utf8(h.value());
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String trail(int i) {
        return "{\"eventID\":\"e" + i
                + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"AuthorizeSecurityGroupIngress\","
                + "\"recipientAccountId\":\"1\",\"requestParameters\":{\"groupId\":\"sg-" + i
                + "\"},\"userName\":\"Zoë\"}";
    }

    @Test
    void aCloudTrailLogFileBecomesOneMessagePerRecordWithItsExactBytes() throws Exception {
        byte[] file = Samples.bytes("aws-cloudtrail/driftguard-records-ec2-StartInstances.json");
        List<Message> sent = forward(Sources.AWS_CLOUDTRAIL, file);
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo(RAW_CLOUDTRAIL);
            assertThat(m.origin()).isEqualTo("o#0");
            assertThat(m.key()).isEqualTo("731829462015/i-4c1f3a9d");
            assertThat(utf8(file)).contains(m.value());
        });
        kafka.clear();
        String pretty = "{\n  \"Records\": [\n    " + trail(1) + ",\n    " + trail(2) + "\n  ]\n}\n";
        assertThat(forward(Sources.AWS_CLOUDTRAIL, pretty))
                .containsExactly(
                        new Message(RAW_CLOUDTRAIL, "o#0", "1/sg-1", null, trail(1)),
                        new Message(RAW_CLOUDTRAIL, "o#1", "1/sg-2", null, trail(2)));
    }

    @Test
    void elementsThatAreNotObjectsAreDeadLetteredOneByOne() throws Exception {
        List<Message> sent = forward(Sources.AZURE_ACTIVITY, "{\"records\":[{\"time\":\"t1\"},\"oops\",[1,2]]}");
        assertThat(sent)
                .containsExactly(
                        new Message(KafkaTopics.raw(Sources.AZURE_ACTIVITY), "o#0", null, null, "{\"time\":\"t1\"}"),
                        new Message(
                                KafkaTopics.DEAD_LETTERS,
                                "o#1",
                                null,
                                "not-an-object: records[1] is a string, not a JSON object",
                                "\"oops\""),
                        new Message(
                                KafkaTopics.DEAD_LETTERS,
                                "o#2",
                                null,
                                "not-an-object: records[2] is an array, not a JSON object",
                                "[1,2]"));
        assertThat(metrics.count("driftguard.ingest.rejected", Sources.AZURE_ACTIVITY, "not-an-object"))
                .isEqualTo(2);
    }

    @Test
    void aPayloadThatCannotBeReadToItsEndIsDeadLetteredWholeAndNothingPublished() throws Exception {
        String cut = "{\"Records\":[" + trail(1) + "," + trail(2) + ",{\"eventID\":";
        assertThat(forward(Sources.AWS_CLOUDTRAIL, cut))
                .containsExactly(new Message(
                        KafkaTopics.DEAD_LETTERS,
                        "o",
                        null,
                        "not-json: malformed JSON: Unexpected end-of-input within/between Object entries",
                        cut));
        kafka.clear();
        String lines = trail(1) + "\n{\"eventID\": oops}\n";
        assertThat(forward(Sources.AWS_CLOUDTRAIL, lines)).singleElement().satisfies(m -> {
            assertThat(m.reason()).startsWith("not-json: malformed JSON: Unrecognized token 'oops'");
            assertThat(m.value()).isEqualTo(lines);
        });
        kafka.clear();
        byte[] gz = gzip("{\"Records\":[" + trail(1) + "," + trail(2) + "]}");
        byte[] broken = Arrays.copyOf(gz, gz.length - 12);
        assertThat(forward(Sources.AWS_CLOUDTRAIL, broken)).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo(KafkaTopics.DEAD_LETTERS);
            assertThat(m.reason()).startsWith("bad-gzip: truncated or corrupt gzip data: ");
        });
        kafka.clear();
        assertThat(forward(Sources.GCP_AUDIT, " \n"))
                .containsExactly(new Message(
                        KafkaTopics.DEAD_LETTERS, "o", null, "unreadable: payload holds no JSON value", " \n"));
    }

    @Test
    void aLoneObjectWhereTheTransportSendsBatchesIsDeadLettered() throws Exception {
        String digest = "{\"digestStartTime\":\"x\",\"logFiles\":[]}";
        assertThat(forward(Sources.AWS_CLOUDTRAIL, digest))
                .containsExactly(new Message(
                        KafkaTopics.DEAD_LETTERS,
                        "o",
                        null,
                        "no-records: no \"Records\" array in the payload (expected the aws-cloudtrail envelope {\"Records\":[...]})",
                        digest));
        kafka.clear();
        assertThat(forward(Sources.AZURE_ACTIVITY, "{\"time\":\"t1\"}"))
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).startsWith("no-records: no \"records\" array"));
        kafka.clear();
        assertThat(forward(Sources.K8S_AUDIT, "{\"items\":[{\"kind\":\"Event\"}]}"))
                .singleElement()
                .satisfies(
                        m -> assertThat(m.reason()).startsWith("no-records: no Kubernetes EventList in the payload"));
    }

    @Test
    void kubernetesAcceptsAnEventListOrASingleEvent() throws Exception {
        byte[] event = Samples.bytes("kubernetes/panther-test-audit-event-clusterrole-update.json");
        String one = utf8(event).strip();
        assertThat(forward(Sources.K8S_AUDIT, event)).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo(KafkaTopics.raw(Sources.K8S_AUDIT));
            assertThat(m.origin()).isEqualTo("o#0");
            assertThat(m.value()).isEqualTo(utf8(event));
        });
        kafka.clear();
        String list = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + one + "," + one + "]}";
        assertThat(forward(Sources.K8S_AUDIT, list))
                .extracting(Message::origin, Message::value)
                .containsExactly(tuple("o#0", one), tuple("o#1", one));
    }

    @Test
    void otherBatchShapesArePublishedWithTheirExactBytes() throws Exception {
        assertThat(forward(Sources.AWS_CLOUDTRAIL, trail(1) + "\r\n" + trail(2) + "\n"))
                .extracting(Message::origin, Message::value)
                .containsExactly(tuple("o:1", trail(1)), tuple("o:2", trail(2)));
        kafka.clear();
        assertThat(forward(Sources.AWS_CLOUDTRAIL, "[" + trail(1) + ", " + trail(2) + "]"))
                .extracting(Message::origin)
                .containsExactly("o#0", "o#1");
        kafka.clear();
        assertThat(forward(Sources.AWS_CLOUDTRAIL, gzip("{\"Records\":[" + trail(3) + "]}")))
                .containsExactly(new Message(RAW_CLOUDTRAIL, "o#0", "1/sg-3", null, trail(3)));
    }

    @Test
    void aPayloadThatIsOneRecordIsPublishedExactlyAsReceived() throws Exception {
        String push =
                "{\"event\":\"push\",\"delivery\":\"d\",\"payload\":{\"ref\":\"refs/heads/main\",\"items\":[1],\"Records\":null}}";
        assertThat(forward(Sources.GITHUB, push))
                .containsExactly(new Message(KafkaTopics.raw(Sources.GITHUB), "o", null, null, push));
        kafka.clear();
        String entry = "\n  {\"insertId\":\"i1\",\"logName\":\"projects/p/logs/x\"}\r\n";
        assertThat(forward(Sources.GCP_AUDIT, entry))
                .singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo(entry));
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
