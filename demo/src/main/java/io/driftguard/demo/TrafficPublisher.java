package io.driftguard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ScenarioStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps realistic traffic flowing for the demo: scenario after scenario from the generator,
 * published as native records through the ingest path (splitting, keys, acknowledgement) at no
 * more than a steady rate. Each new window's IaC is handed to {@code onIac} first.
 *
 * <p>The traffic happens now: a {@link ScenarioClock} plays the scenarios at wall time, with the
 * quiet stretches between episodes compressed, and every record is re-stamped to the moment it is
 * published ({@link PayloadTimes}). Nothing is back-dated, so the detection lag the dashboard shows
 * is the pipeline's own.
 */
final class TrafficPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficPublisher.class);

    private final Forwarder forwarder;
    private final GeneratorOptions options;
    private final int recordsPerSecond;
    private final Consumer<ScenarioStream> onIac;
    private final AtomicLong published = new AtomicLong();
    private final ScenarioClock clock;
    private final Thread thread;
    private volatile boolean running = true;

    TrafficPublisher(
            Forwarder forwarder,
            GeneratorOptions options,
            int recordsPerSecond,
            Duration maxGap,
            Consumer<ScenarioStream> onIac) {
        this.forwarder = forwarder;
        this.clock = new ScenarioClock(maxGap);
        this.options = options;
        this.recordsPerSecond = recordsPerSecond;
        this.onIac = onIac;
        this.thread = new Thread(this::run, "demo-traffic");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long published() {
        return published.get();
    }

    private void run() {
        long seed = options.seed();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, recordsPerSecond);
        while (running) {
            ScenarioStream stream = ScenarioStream.open(options.withSeed(seed), Instant.now());
            onIac.accept(stream);
            clock.reset();
            long next = System.nanoTime();
            int n = 0;
            while (running && stream.hasNext()) {
                ScenarioStream.StreamRecord r = stream.next();
                try {
                    if (!r.background()) {
                        sleepUntil(clock.due(r.eventTime(), Instant.now()));
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    byte[] payload = restamped(r.payload(), Duration.between(r.eventTime(), now));
                    forwarder
                            .forward(r.source(), payload, "demo/" + seed + "/" + n++, r.cluster(), now)
                            .get(30, TimeUnit.SECONDS);
                    if (!r.background()) {
                        clock.published(r.eventTime(), now);
                    }
                    published.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warn("publishing a demo record failed, retrying the next one: {}", e.toString());
                }
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                } else {
                    // Behind (a slow broker, a long wait for the scenario clock): do not burst to catch up.
                    next = System.nanoTime();
                }
            }
            seed++;
        }
    }

    private static void sleepUntil(Instant due) throws InterruptedException {
        long millis = Duration.between(Instant.now(), due).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** The record with every timestamp moved by {@code by}, so it reads as written now. */
    private static byte[] restamped(byte[] payload, Duration by) throws IOException {
        JsonNode tree = Json.MAPPER.readTree(payload);
        PayloadTimes.shift(tree, by);
        return Json.MAPPER.writeValueAsBytes(tree);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
    }
}
