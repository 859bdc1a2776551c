package io.driftguard.ingest.connect.aws;

import static io.driftguard.ingest.connect.RawRecords.originContains;
import static io.driftguard.testkit.LocalKafka.header;
import static io.driftguard.testkit.LocalKafka.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.Samples;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SQS → S3 → Kafka with the real AWS SDK clients against wire-level fakes and a real broker. */
class SqsCloudTrailConnectorIT {

    private static final String S3_LOG =
            "aws-cloudtrail/driftguard-records-s3-ListBuckets-PutBucketAcl-GetBucketVersioning.json";

    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    static LocalKafka kafka;
    static RawPublisher publisher;
    static IngestMetrics metrics = new IngestMetrics();

    SqsFake sqsFake;
    S3Fake s3Fake;
    SqsClient sqs;
    S3Client s3;
    String bucket;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 4, (short) 1);
        publisher = RawPublisher.create(KafkaSettings.of(kafka.bootstrapServers()), metrics);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        publisher.close();
        kafka.close();
    }

    @BeforeEach
    void startFakes() throws Exception {
        sqsFake = new SqsFake();
        s3Fake = new S3Fake();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
        sqs = SqsClient.builder()
                .endpointOverride(sqsFake.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3 = S3Client.builder()
                .endpointOverride(s3Fake.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        bucket = "trail-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopFakes() {
        sqs.close();
        s3.close();
        sqsFake.close();
        s3Fake.close();
    }

    private SqsCloudTrailConnector connector(RawPublisher p, Duration ackTimeout) {
        return new SqsCloudTrailConnector(
                sqs,
                s3,
                new Forwarder(p, metrics),
                metrics,
                new SqsCloudTrailConnector.Settings(
                        sqsFake.queueUrl(),
                        10,
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(5),
                        ackTimeout));
    }

    @Test
    void gzippedLogFileBecomesOneKafkaMessagePerRecordAndTheMessageIsDeletedAfter() throws Exception {
        byte[] file = Samples.bytes(S3_LOG);
        String key =
                "AWSLogs/111122223333/CloudTrail/us-east-1/2019/02/01/111122223333_CloudTrail_us-east-1_20190201T0000Z_abc.json.gz";
        s3Fake.put(bucket, key, gzip(file));
        String id = sqsFake.send(s3Notification(bucket, key));

        var result = connector(publisher, Duration.ofSeconds(20)).pollOnce();

        assertThat(result.received()).isEqualTo(1);
        assertThat(sqsFake.deleted).containsExactly(id);
        assertThat(sqsFake.targets).contains("AmazonSQS.ReceiveMessage", "AmazonSQS.DeleteMessage");
        assertThat(sqsFake.contentTypes).allMatch(t -> t.startsWith("application/x-amz-json-1.0"));
        assertThat(s3Fake.requests).containsExactly("GET /" + bucket + "/" + key);

        List<ConsumerRecord<byte[], byte[]>> out =
                kafka.read(KafkaTopics.raw(Sources.AWS_CLOUDTRAIL), originContains(bucket), 3, READ_TIMEOUT);
        assertThat(out).hasSize(3);
        JsonNode expected = Json.MAPPER.readTree(file).path("Records");
        String fileText = new String(file, StandardCharsets.UTF_8);
        for (ConsumerRecord<byte[], byte[]> r : out) {
            String origin = header(r, RawHeaders.ORIGIN);
            int index = Integer.parseInt(origin.substring(origin.indexOf('#') + 1));
            JsonNode record = Json.MAPPER.readTree(r.value());
            assertThat(record).isEqualTo(expected.get(index));
            // unchanged: the message is a byte-exact slice of the provider's file
            assertThat(fileText).contains(new String(r.value(), StandardCharsets.UTF_8));
            assertThat(origin).isEqualTo("s3://" + bucket + "/" + key + "#" + index);
            assertThat(header(r, RawHeaders.SOURCE)).isEqualTo(Sources.AWS_CLOUDTRAIL);
            assertThat(key(r)).startsWith(record.path("recipientAccountId").asText() + "/");
            if (!record.path("requestParameters").path("bucketName").asText().isEmpty()) {
                assertThat(key(r))
                        .isEqualTo(record.path("recipientAccountId").asText() + "/"
                                + record.path("requestParameters")
                                        .path("bucketName")
                                        .asText());
            }
        }
        assertThat(out)
                .extracting(r -> header(r, RawHeaders.ORIGIN))
                .containsExactlyInAnyOrder(
                        "s3://" + bucket + "/" + key + "#0",
                        "s3://" + bucket + "/" + key + "#1",
                        "s3://" + bucket + "/" + key + "#2");
    }

    @Test
    void snsWrappedNotificationWithUrlEncodedKeyIsUnwrapped() throws Exception {
        byte[] file = Samples.bytes("aws-cloudtrail/driftguard-records-iam-CreateUser.json");
        String key = "AWSLogs/o-abc/123456789012/CloudTrail/eu-west-1/2024/08/01/file with space:1.json";
        s3Fake.put(bucket, key, file);
        String encoded = "AWSLogs/o-abc/123456789012/CloudTrail/eu-west-1/2024/08/01/file+with+space%3A1.json";
        ObjectNode sns = Json.MAPPER.createObjectNode();
        sns.put("Type", "Notification")
                .put("MessageId", "sns-" + bucket)
                .put("TopicArn", "arn:aws:sns:eu-west-1:123456789012:trail")
                .put("Message", s3Notification(bucket, encoded))
                .put("Timestamp", "2024-08-01T12:00:00.000Z");
        String id = sqsFake.send(Json.MAPPER.writeValueAsString(sns));

        connector(publisher, Duration.ofSeconds(20)).pollOnce();

        assertThat(sqsFake.deleted).containsExactly(id);
        var out = kafka.read(KafkaTopics.raw(Sources.AWS_CLOUDTRAIL), originContains(bucket), 1, READ_TIMEOUT);
        assertThat(out).hasSize(1);
        assertThat(header(out.get(0), RawHeaders.ORIGIN)).isEqualTo("s3://" + bucket + "/" + key + "#0");
        assertThat(Json.MAPPER.readTree(out.get(0).value()).path("eventName").asText())
                .isEqualTo("CreateUser");
    }

    @Test
    void eventBridgeEventGoesWholeToTheEventBridgeTopic() throws Exception {
        byte[] event = Samples.bytes("aws-cloudtrail/c7n-eventbridge-cloud-trail-s3.json");
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(event);
        String marker = "eb-" + UUID.randomUUID();
        json.put("id", marker); // unique per run so the shared topic can be filtered
        String body = Json.MAPPER.writeValueAsString(json);
        String id = sqsFake.send(body);

        connector(publisher, Duration.ofSeconds(20)).pollOnce();

        assertThat(sqsFake.deleted).containsExactly(id);
        var out = kafka.read(KafkaTopics.raw(Sources.AWS_EVENTBRIDGE), originContains(marker), 1, READ_TIMEOUT);
        assertThat(out).hasSize(1);
        assertThat(new String(out.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(key(out.get(0))).startsWith(json.path("account").asText() + "/");
    }

    @Test
    void s3TestEventIsDeletedAndCountedAsSkipped() throws Exception {
        double before = metrics.count("driftguard.ingest.skipped", Sources.AWS_CLOUDTRAIL, "s3-test-event");
        String id = sqsFake.send(
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-08-01T12:00:00.000Z\","
                        + "\"Bucket\":\"" + bucket + "\",\"RequestId\":\"R\",\"HostId\":\"H\"}");

        connector(publisher, Duration.ofSeconds(20)).pollOnce();

        assertThat(sqsFake.deleted).containsExactly(id);
        assertThat(metrics.count("driftguard.ingest.skipped", Sources.AWS_CLOUDTRAIL, "s3-test-event"))
                .isEqualTo(before + 1);
    }

    @Test
    void unknownMessageIsDeadLetteredWithAReasonThenDeleted() {
        String marker = UUID.randomUUID().toString();
        String id = sqsFake.send("{\"hello\":\"" + marker + "\"}");

        connector(publisher, Duration.ofSeconds(20)).pollOnce();

        assertThat(sqsFake.deleted).containsExactly(id);
        var out = kafka.read(
                KafkaTopics.DEAD_LETTERS,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker),
                1,
                READ_TIMEOUT);
        assertThat(out).hasSize(1);
        assertThat(header(out.get(0), RawHeaders.REASON))
                .startsWith("unknown-envelope: ")
                .contains("neither an S3 event notification");
        assertThat(header(out.get(0), RawHeaders.ORIGIN)).isEqualTo("sqs:" + id);
    }

    @Test
    void missingObjectIsDeadLetteredByReference() {
        String id = sqsFake.send(s3Notification(bucket, "AWSLogs/gone.json.gz"));

        connector(publisher, Duration.ofSeconds(20)).pollOnce();

        assertThat(sqsFake.deleted).containsExactly(id);
        var out = kafka.read(KafkaTopics.DEAD_LETTERS, originContains(bucket), 1, READ_TIMEOUT);
        assertThat(out).hasSize(1);
        assertThat(header(out.get(0), RawHeaders.REASON)).startsWith("s3-object-missing: ");
    }

    @Test
    void messageIsNotDeletedWhenKafkaIsUnavailable() throws Exception {
        byte[] file = Samples.bytes(S3_LOG);
        s3Fake.put(bucket, "AWSLogs/x.json.gz", gzip(file));
        String id = sqsFake.send(s3Notification(bucket, "AWSLogs/x.json.gz"));
        IngestMetrics deadMetrics = new IngestMetrics();
        try (RawPublisher dead = RawPublisher.create(
                KafkaSettings.of("127.0.0.1:1").withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)),
                deadMetrics)) {
            var result = connector(dead, Duration.ofSeconds(5)).pollOnce();

            assertThat(result.failed()).isEqualTo(1);
            assertThat(sqsFake.deleted).isEmpty();
            assertThat(sqsFake.visibilityChanged).containsExactly(id + "=5");
            assertThat(deadMetrics.count("driftguard.ingest.publish.failures", Sources.AWS_CLOUDTRAIL, null))
                    .isEqualTo(3);
        }
        // once Kafka is back, the redelivered message goes through and is deleted
        connector(publisher, Duration.ofSeconds(20)).pollOnce();
        assertThat(sqsFake.deleted).containsExactly(id);
        assertThat(kafka.read(KafkaTopics.raw(Sources.AWS_CLOUDTRAIL), originContains(bucket), 3, READ_TIMEOUT))
                .hasSize(3);
    }

    static String s3Notification(String bucket, String encodedKey) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode r = n.putArray("Records").addObject();
        r.put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", "us-east-1")
                .put("eventTime", "2024-08-01T12:00:00.000Z")
                .put("eventName", "ObjectCreated:Put");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", "cloudtrail");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        s3.putObject("object").put("key", encodedKey).put("size", 1234);
        return n.toString();
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
