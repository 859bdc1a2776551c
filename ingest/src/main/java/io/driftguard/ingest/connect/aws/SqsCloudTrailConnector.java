package io.driftguard.ingest.connect.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Backoff;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Reads an SQS queue fed by CloudTrail's S3 log delivery and by EventBridge rules, and publishes the
 * native records to Kafka.
 *
 * <p>A message body is one of:
 * <ul>
 *   <li>an S3 event notification ({@code Records[].s3.bucket.name / object.key}, keys URL-encoded):
 *       each object is fetched, gunzipped when it starts with the gzip magic bytes, split into its
 *       {@code Records} and published to {@code driftguard.raw.aws-cloudtrail}, one message each,
 *       origin {@code s3://bucket/key#index};</li>
 *   <li>the same wrapped in an SNS notification ({@code "Type":"Notification"}, the notification as
 *       the JSON string {@code Message}), for trails that publish to SNS with an SQS subscription;</li>
 *   <li>an EventBridge event ({@code detail-type} "AWS API Call via CloudTrail", "GuardDuty Finding",
 *       …): published whole to {@code driftguard.raw.aws-eventbridge};</li>
 *   <li>{@code s3:TestEvent} (sent when the notification is configured): deleted, counted as skipped.</li>
 * </ul>
 * CloudTrail digest files ({@code CloudTrail-Digest/} keys) carry hashes, not records: skipped and
 * counted. Anything else is dead-lettered with a reason.
 *
 * <p>The message is deleted only after Kafka acknowledged every record (and dead letter) it led to.
 * If Kafka or S3 fails, the message's visibility is set to a short backoff so SQS redelivers it;
 * records already written are written again (at-least-once; the job deduplicates on
 * {@code eventID}). An object that no longer exists is dead-lettered by reference, then the
 * message is deleted.
 */
public final class SqsCloudTrailConnector implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsCloudTrailConnector.class);

    /**
     * @param queueUrl the queue's URL
     * @param maxMessages per receive, 1..10
     * @param waitTime long-poll wait, up to 20 s
     * @param visibilityTimeout how long a received message stays hidden while we work on it (must
     *     cover fetching and publishing the largest log file)
     * @param retryDelay visibility set on a message whose publishing failed: when SQS shows it again
     * @param ackTimeout how long to wait for Kafka's acknowledgements of one batch
     */
    public record Settings(
            String queueUrl,
            int maxMessages,
            Duration waitTime,
            Duration visibilityTimeout,
            Duration retryDelay,
            Duration ackTimeout) {
        public static Settings defaults(String queueUrl) {
            return new Settings(
                    queueUrl,
                    10,
                    Duration.ofSeconds(20),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(3));
        }
    }

    private enum Kind {
        DONE,
        RETRY
    }

    private final SqsClient sqs;
    private final S3Client s3;
    private final Forwarder forwarder;
    private final IngestMetrics metrics;
    private final Settings settings;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
    private volatile boolean running = true;

    public SqsCloudTrailConnector(
            SqsClient sqs, S3Client s3, Forwarder forwarder, IngestMetrics metrics, Settings settings) {
        this.sqs = sqs;
        this.s3 = s3;
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** Polls until {@link #close()}; failures of SQS, S3 or Kafka back off and retry. */
    @Override
    public void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                int failed = pollOnce().failed();
                if (failed == 0) {
                    backoff.reset();
                } else if (!backoff.pause()) {
                    return;
                }
            } catch (SdkException e) {
                LOG.warn("SQS receive failed, retrying: {}", e.toString());
                if (!backoff.pause()) {
                    return;
                }
            }
        }
    }

    /** What one poll did. */
    public record PollResult(int received, int deleted, int failed) {}

    /** One receive, process, delete round. */
    public PollResult pollOnce() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(settings.queueUrl())
                        .maxNumberOfMessages(settings.maxMessages())
                        .waitTimeSeconds((int) settings.waitTime().toSeconds())
                        .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
                .messages();
        List<CompletableFuture<Kind>> outcomes = new ArrayList<>(messages.size());
        for (Message m : messages) {
            outcomes.add(handle(m));
        }
        int deleted = 0;
        int failed = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            Kind kind = await(outcomes.get(i), m);
            if (kind == Kind.DONE) {
                sqs.deleteMessage(b -> b.queueUrl(settings.queueUrl()).receiptHandle(m.receiptHandle()));
                deleted++;
            } else {
                failed++;
                try {
                    sqs.changeMessageVisibility(b -> b.queueUrl(settings.queueUrl())
                            .receiptHandle(m.receiptHandle())
                            .visibilityTimeout((int) settings.retryDelay().toSeconds()));
                } catch (SdkException e) {
                    LOG.warn(
                            "could not shorten visibility of {}: it returns after the visibility timeout",
                            m.messageId());
                }
            }
        }
        return new PollResult(messages.size(), deleted, failed);
    }

    private Kind await(CompletableFuture<Kind> f, Message m) {
        try {
            return f.get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Kind.RETRY;
        } catch (Exception e) {
            LOG.warn("message {} not acknowledged by Kafka, SQS will redeliver it: {}", m.messageId(), rootCause(e));
            return Kind.RETRY;
        }
    }

    private CompletableFuture<Kind> handle(Message m) {
        Instant sent = sentTime(m);
        String origin = "sqs:" + m.messageId();
        byte[] body = m.body().getBytes(StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return dead(Sources.AWS_CLOUDTRAIL, body, origin, "not-json", "SQS message body is not JSON");
        }
        if (json != null
                && "Notification".equals(json.path("Type").asText())
                && json.path("Message").isTextual()) {
            body = json.path("Message").asText().getBytes(StandardCharsets.UTF_8);
            origin = "sns:" + json.path("MessageId").asText(m.messageId());
            try {
                json = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                return dead(Sources.AWS_CLOUDTRAIL, body, origin, "not-json", "SNS notification Message is not JSON");
            }
        }
        if (json == null || !json.isObject()) {
            return dead(Sources.AWS_CLOUDTRAIL, body, origin, "unknown-envelope", "SQS message is not a JSON object");
        }
        if ("s3:TestEvent".equals(json.path("Event").asText())) {
            metrics.skipped(Sources.AWS_CLOUDTRAIL, "s3-test-event");
            return CompletableFuture.completedFuture(Kind.DONE);
        }
        if (json.has("detail-type") && json.has("detail")) {
            String id = json.path("id").asText(null);
            return forwarder
                    .forward(Sources.AWS_EVENTBRIDGE, body, id == null ? origin : "eventbridge:" + id, null, sent)
                    .thenApply(o -> Kind.DONE);
        }
        JsonNode records = json.path("Records");
        if (records.isArray() && !records.isEmpty() && records.path(0).has("s3")) {
            return s3Objects(records, body, origin, sent);
        }
        return dead(
                Sources.AWS_CLOUDTRAIL,
                body,
                origin,
                "unknown-envelope",
                "SQS message is neither an S3 event notification, an SNS notification nor an EventBridge event");
    }

    private CompletableFuture<Kind> s3Objects(JsonNode records, byte[] body, String origin, Instant sent) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (JsonNode r : records) {
            String bucket = r.path("s3").path("bucket").path("name").asText("");
            String rawKey = r.path("s3").path("object").path("key").asText("");
            if (bucket.isEmpty() || rawKey.isEmpty()) {
                all.add(forwarder.deadLetter(
                        Sources.AWS_CLOUDTRAIL,
                        body,
                        origin,
                        null,
                        "unknown-envelope",
                        "S3 notification record without s3.bucket.name or s3.object.key"));
                continue;
            }
            // S3 notifications URL-encode keys, spaces as '+'
            String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
            String objectOrigin = "s3://" + bucket + "/" + key;
            if (key.contains("CloudTrail-Digest/")) {
                metrics.skipped(Sources.AWS_CLOUDTRAIL, "cloudtrail-digest");
                continue;
            }
            byte[] object;
            try {
                object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            } catch (NoSuchKeyException e) {
                all.add(forwarder.deadLetter(
                        Sources.AWS_CLOUDTRAIL,
                        body,
                        objectOrigin,
                        null,
                        "s3-object-missing",
                        "the notified object " + objectOrigin
                                + " does not exist (deleted or expired before it was read)"));
                continue;
            } catch (SdkException e) {
                LOG.warn("GetObject {} failed, SQS will redeliver: {}", objectOrigin, e.toString());
                return CompletableFuture.completedFuture(Kind.RETRY);
            }
            byte[] plain;
            try {
                plain = gunzipIfNeeded(object);
            } catch (IOException e) {
                all.add(forwarder.deadLetter(
                        Sources.AWS_CLOUDTRAIL,
                        object,
                        objectOrigin,
                        null,
                        "bad-gzip",
                        "object starts like gzip but does not decompress: " + e.getMessage()));
                continue;
            }
            all.add(forwarder.forward(Sources.AWS_CLOUDTRAIL, plain, objectOrigin, null, sent));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> Kind.DONE);
    }

    private CompletableFuture<Kind> dead(String source, byte[] body, String origin, String code, String reason) {
        return forwarder.deadLetter(source, body, origin, null, code, reason).thenApply(x -> Kind.DONE);
    }

    /** Gunzips when the bytes start with the gzip magic number; CloudTrail writes .json.gz. */
    static byte[] gunzipIfNeeded(byte[] bytes) throws IOException {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 64 * 1024)) {
            return in.readAllBytes();
        }
    }

    private static Instant sentTime(Message m) {
        String v = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        try {
            return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    /** Stops after the current poll (at most the long-poll wait). */
    @Override
    public void close() {
        running = false;
    }
}
