package io.driftguard.ingest.connect;

import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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

    /** What became of one upstream payload. */
    public record Outcome(int published, int deadLettered) {}

    private final RawPublisher publisher;
    private final EnvelopeSplitter splitter;
    private final IngestMetrics metrics;

    public Forwarder(RawPublisher publisher, EnvelopeSplitter splitter, IngestMetrics metrics) {
        this.publisher = publisher;
        this.splitter = splitter;
        this.metrics = metrics;
    }

    /**
     * @param origin where the payload came from upstream; split records get {@code origin#index} (or {@code origin:line})
     * @param upstreamTime when upstream received the payload (for the age gauge), or null
     * @return completes when every record and dead letter is acknowledged by Kafka; fails otherwise
     */
    public CompletableFuture<Outcome> forward(String source, byte[] payload, String origin, String cluster,
            Instant upstreamTime) {
        EnvelopeSplitter.Result result = splitter.split(source, payload);
        if (result.failure() != null) {
            metrics.received(source, 1);
            return deadLetter(source, payload, origin, cluster, reasonCode(result.failure()), result.failure())
                    .thenApply(x -> new Outcome(0, 1));
        }
        boolean indexed = result.records().size() + result.rejected().size() > 1 || isEnvelope(source);
        metrics.received(source, result.records().size() + result.rejected().size());
        List<RawPublisher.Keyed> keyed = new ArrayList<>(result.records().size());
        for (EnvelopeSplitter.Part part : result.records()) {
            String o = indexed ? origin + part.position() : origin;
            keyed.add(new RawPublisher.Keyed(new RawRecord(source, o, part.bytes(), cluster),
                    RecordKeys.key(source, part.json(), cluster)));
        }
        List<CompletableFuture<?>> all = new ArrayList<>();
        all.add(publisher.publishAll(keyed));
        for (EnvelopeSplitter.Rejected r : result.rejected()) {
            all.add(deadLetter(source, r.bytes(), origin + r.position(), cluster, "not-an-object", r.reason()));
        }
        int published = keyed.size();
        int dead = result.rejected().size();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> {
            metrics.newestRecord(source, upstreamTime);
            return new Outcome(published, dead);
        });
    }

    /** Dead-letters a payload, replacing one too large for Kafka by a pointer to its origin. */
    public CompletableFuture<?> deadLetter(String source, byte[] payload, String origin, String cluster,
            String reasonCode, String reason) {
        byte[] body = payload;
        String why = reason;
        if (payload.length > MAX_DEAD_LETTER_BYTES) {
            String head = new String(payload, 0, 4096, StandardCharsets.UTF_8);
            body = ("{\"truncated\":true,\"size\":" + payload.length + ",\"origin\":"
                    + JsonText.quote(origin) + ",\"head\":"
                    + JsonText.quote(head) + "}").getBytes(StandardCharsets.UTF_8);
            why = reason + " (payload of " + payload.length + " bytes replaced by a pointer; read it at the origin)";
        }
        return publisher.deadLetter(new RawRecord(source, origin, body, cluster), reasonCode, why);
    }

    private static boolean isEnvelope(String source) {
        return source.equals(Sources.AWS_CLOUDTRAIL)
                || source.equals(Sources.AZURE_ACTIVITY)
                || source.equals(Sources.K8S_AUDIT);
    }

    private static String reasonCode(String failure) {
        if (failure.startsWith("payload is not valid JSON")) {
            return "not-json";
        }
        if (failure.startsWith("no \"")) {
            return "no-records";
        }
        return "unreadable";
    }
}
