package io.driftguard.ingest.connect.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-source counters of one connector process, in Prometheus format.
 *
 * <p>Names (Prometheus adds {@code _total} to counters):
 * <ul>
 *   <li>{@code driftguard_ingest_received_total{source}}: native records taken from upstream</li>
 *   <li>{@code driftguard_ingest_published_total{source}}: records Kafka acknowledged on the raw topic</li>
 *   <li>{@code driftguard_ingest_rejected_total{source,reason}}: records dead-lettered, by reason code</li>
 *   <li>{@code driftguard_ingest_skipped_total{source,reason}}: upstream messages deliberately not
 *       published (S3 test events, CloudTrail digest files)</li>
 *   <li>{@code driftguard_ingest_unauthorized_total{source}}: webhook calls with a missing or wrong signature</li>
 *   <li>{@code driftguard_ingest_duplicate_total{source}}: webhook deliveries seen before</li>
 *   <li>{@code driftguard_ingest_busy_total{source}}: webhook deliveries answered 503 at once because
 *       too many were already waiting for Kafka's acknowledgement (the sender retries)</li>
 *   <li>{@code driftguard_ingest_publish_failures_total{source}}: Kafka sends that failed (upstream will redeliver)</li>
 *   <li>{@code driftguard_ingest_newest_record_age_seconds{source}}: now minus the upstream time
 *       (SQS sent, Pub/Sub publish, Event Hubs enqueued, webhook received) of the newest record
 *       published; grows while nothing arrives, so it shows both lag and a silent source</li>
 * </ul>
 * Reason labels are short fixed codes so the label set stays bounded; the full text goes into the
 * dead letter's reason header.
 */
public final class IngestMetrics {

    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> newest = new ConcurrentHashMap<>();

    public IngestMetrics() {
        this(Clock.systemUTC());
    }

    public IngestMetrics(Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.clock = clock;
    }

    public void received(String source, int n) {
        known(source);
        counter("driftguard.ingest.received", source, null).increment(n);
    }

    public void published(String source, int n) {
        known(source);
        counter("driftguard.ingest.published", source, null).increment(n);
    }

    /**
     * Exports a source's failure counters at zero from its first record on, so an alert on
     * {@code increase(...)} sees the first failure (a series that appears at 1 has no increase).
     */
    private void known(String source) {
        counter("driftguard.ingest.publish.failures", source, null);
        counter("driftguard.ingest.unauthorized", source, null);
    }

    public void rejected(String source, String reasonCode) {
        counter("driftguard.ingest.rejected", source, reasonCode).increment();
    }

    public void skipped(String source, String reasonCode) {
        counter("driftguard.ingest.skipped", source, reasonCode).increment();
    }

    public void unauthorized(String source) {
        counter("driftguard.ingest.unauthorized", source, null).increment();
    }

    public void duplicate(String source) {
        counter("driftguard.ingest.duplicate", source, null).increment();
    }

    public void busy(String source) {
        counter("driftguard.ingest.busy", source, null).increment();
    }

    public void publishFailed(String source) {
        counter("driftguard.ingest.publish.failures", source, null).increment();
    }

    /** Records the upstream time of a record that was just published. */
    public void newestRecord(String source, Instant upstreamTime) {
        if (upstreamTime == null) {
            return;
        }
        newest.computeIfAbsent(source, s -> {
                    AtomicLong holder = new AtomicLong(Long.MIN_VALUE);
                    Gauge.builder(
                                    "driftguard.ingest.newest.record.age",
                                    holder,
                                    h -> h.get() == Long.MIN_VALUE ? Double.NaN : (clock.millis() - h.get()) / 1000.0)
                            .baseUnit("seconds")
                            .tag("source", s)
                            .description("seconds since the upstream time of the newest published record")
                            .register(registry);
                    return holder;
                })
                .accumulateAndGet(upstreamTime.toEpochMilli(), Math::max);
    }

    /** The value of a counter, 0 if it was never touched (tests, status lines). */
    public double count(String name, String source, String reasonCode) {
        Counter c = counters.get(key(name, source, reasonCode));
        return c == null ? 0 : c.count();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String source, String reason) {
        return counters.computeIfAbsent(key(name, source, reason), k -> {
            Counter.Builder b = Counter.builder(name).tag("source", source);
            if (reason != null) {
                b.tag("reason", reason);
            }
            return b.register(registry);
        });
    }

    private static String key(String name, String source, String reason) {
        return reason == null ? name + '|' + source : name + '|' + source + '|' + reason;
    }
}
