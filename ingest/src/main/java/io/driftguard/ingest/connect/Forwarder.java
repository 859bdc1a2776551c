package io.driftguard.ingest.connect;

import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.ingest.split.Envelope;
import io.driftguard.ingest.split.EnvelopeSplitter;
import io.driftguard.ingest.split.Rejection;
import io.driftguard.ingest.split.Shape;
import io.driftguard.ingest.split.SplitOptions;
import io.driftguard.ingest.split.SplitOptions.Layout;
import io.driftguard.ingest.split.SplitOptions.NonObjects;
import io.driftguard.ingest.split.SplitOptions.OnBadInput;
import io.driftguard.ingest.split.SplitOptions.Output;
import io.driftguard.ingest.split.SplitRecord;
import io.driftguard.ingest.split.SplitResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The part every connector shares: split one upstream payload into native records, publish each
 * to its raw topic with its key, dead-letter what cannot be used, and tell the caller when Kafka
 * acknowledged all of it. The caller acknowledges upstream only then.
 */
public final class Forwarder {

    /** Dead-letter payloads above this are replaced by a pointer (brokers accept 1 MiB by default). */
    static final int MAX_DEAD_LETTER_BYTES = 900 * 1024;

    /**
     * A record above this is dead-lettered (as a pointer) instead of published: Kafka refuses
     * messages over 1 MiB by default, and a refused record would fail the whole payload, which the
     * connector would then never acknowledge and receive again for ever (a poison message).
     */
    static final int MAX_RECORD_BYTES = 1_000_000;

    /** What became of one upstream payload. */
    public record Outcome(int published, int deadLettered) {}

    /**
     * Payloads are cut into the providers' exact bytes (published unchanged) and parsed once for
     * their keys. A payload that cannot be read to its end is dead-lettered whole and nothing of it
     * is published, so fixing and re-sending it does not publish its first half twice.
     */
    private static final EnvelopeSplitter PAYLOADS = new EnvelopeSplitter(
            new SplitOptions(Layout.DETECT, Output.SLICES_AND_TREES, OnBadInput.ALL_OR_NOTHING, NonObjects.REJECT));

    private final RawPublisher publisher;
    private final IngestMetrics metrics;

    public Forwarder(RawPublisher publisher, IngestMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * @param origin where the payload came from upstream; split records get {@code origin#index} (or {@code origin:line})
     * @param upstreamTime when upstream received the payload (for the age gauge), or null
     * @return completes when every record and dead letter is acknowledged by Kafka; fails otherwise
     */
    public CompletableFuture<Outcome> forward(
            String source, byte[] payload, String origin, String cluster, Instant upstreamTime) {
        SplitResult split = PAYLOADS.split(payload);
        Unusable unusable = unusable(source, split);
        if (unusable != null) {
            metrics.received(source, 1);
            return deadLetter(source, payload, origin, cluster, unusable.code(), unusable.reason())
                    .thenApply(x -> new Outcome(0, 1));
        }
        int count = split.records().size() + split.rejections().size();
        boolean indexed = count > 1 || expectedEnvelope(source) != null;
        metrics.received(source, count);
        List<RawPublisher.Keyed> keyed = new ArrayList<>(split.records().size());
        List<CompletableFuture<?>> all = new ArrayList<>();
        int tooLarge = 0;
        for (SplitRecord r : split.records()) {
            String o = indexed ? r.position().after(origin) : origin;
            byte[] bytes = split.shape() == Shape.SINGLE ? asReceived(payload, r.bytes()) : r.bytes();
            if (bytes.length > MAX_RECORD_BYTES) {
                tooLarge++;
                all.add(deadLetter(
                        source,
                        bytes,
                        o,
                        cluster,
                        "too-large",
                        "record of " + bytes.length + " bytes is over the " + MAX_RECORD_BYTES
                                + "-byte limit of a Kafka message"));
                continue;
            }
            keyed.add(new RawPublisher.Keyed(
                    new RawRecord(source, o, bytes, cluster), RecordKeys.key(source, r.tree(), cluster)));
        }
        all.add(publisher.publishAll(keyed));
        for (Rejection r : split.rejections()) {
            String o = indexed ? r.position().after(origin) : origin;
            all.add(deadLetter(source, r.bytes(), o, cluster, "not-an-object", r.reason()));
        }
        int published = keyed.size();
        int dead = split.rejections().size() + tooLarge;
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> {
            metrics.newestRecord(source, upstreamTime);
            return new Outcome(published, dead);
        });
    }

    /**
     * The payload itself when it is this one record with only whitespace around it (a webhook body,
     * a Pub/Sub message), so it is published exactly as received; else the record's slice.
     */
    private static byte[] asReceived(byte[] payload, byte[] record) {
        int from = 0;
        int to = payload.length;
        while (from < to && isBlank(payload[from])) {
            from++;
        }
        while (to > from && isBlank(payload[to - 1])) {
            to--;
        }
        return Arrays.equals(payload, from, to, record, 0, record.length) ? payload : record;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** Why a payload is dead-lettered whole: a reason code (the metrics label) and a sentence. */
    private record Unusable(String code, String reason) {}

    /**
     * Why the payload as a whole is dead-lettered, or null: it cannot be read, holds nothing, or is a
     * lone object where the source's transport always sends a batch (a CloudTrail digest file, say).
     * A Kubernetes audit webhook may post a single {@code Event}.
     */
    private static Unusable unusable(String source, SplitResult split) {
        Rejection bad = split.failure();
        if (bad != null) {
            String code = switch (bad.problem()) {
                case MALFORMED_JSON -> "not-json";
                case BAD_GZIP -> "bad-gzip";
                default -> "unreadable";
            };
            return new Unusable(code, bad.reason());
        }
        if (split.shape() == Shape.NOTHING) {
            return new Unusable("unreadable", "payload holds no JSON value");
        }
        Envelope expected = expectedEnvelope(source);
        if (expected == null || split.shape() != Shape.SINGLE || isKubernetesEvent(source, split)) {
            return null;
        }
        String reason = expected == Envelope.KUBERNETES_LIST
                ? "no Kubernetes EventList in the payload (expected the " + source + " envelope " + expected.example()
                        + " or a single Event)"
                : "no \"" + expected.field() + "\" array in the payload (expected the " + source + " envelope "
                        + expected.example() + ")";
        return new Unusable("no-records", reason);
    }

    /** The envelope a source's transport delivers batches in, or null for one record per payload. */
    private static Envelope expectedEnvelope(String source) {
        return switch (source) {
            case Sources.AWS_CLOUDTRAIL -> Envelope.CLOUDTRAIL_LOG_FILE;
            case Sources.AZURE_ACTIVITY -> Envelope.AZURE_RECORDS;
            case Sources.K8S_AUDIT -> Envelope.KUBERNETES_LIST;
            default -> null;
        };
    }

    private static boolean isKubernetesEvent(String source, SplitResult split) {
        return source.equals(Sources.K8S_AUDIT)
                && split.records().size() == 1
                && "Event".equals(split.records().get(0).tree().path("kind").textValue());
    }

    /** Dead-letters a payload, replacing one too large for Kafka by a pointer to its origin. */
    public CompletableFuture<?> deadLetter(
            String source, byte[] payload, String origin, String cluster, String reasonCode, String reason) {
        byte[] body = payload;
        String why = reason;
        if (payload.length > MAX_DEAD_LETTER_BYTES) {
            String head = new String(payload, 0, 4096, StandardCharsets.UTF_8);
            body = ("{\"truncated\":true,\"size\":" + payload.length + ",\"origin\":"
                            + JsonText.quote(origin) + ",\"head\":"
                            + JsonText.quote(head) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            why = reason + " (payload of " + payload.length + " bytes replaced by a pointer; read it at the origin)";
        }
        return publisher.deadLetter(new RawRecord(source, origin, body, cluster), reasonCode, why);
    }
}
