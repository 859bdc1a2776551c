package io.driftguard.demo;

import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ScenarioStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps realistic traffic flowing for the demo: scenario after scenario from the generator, each a
 * window that ends now, published as native records through the ingest path (splitting, keys,
 * acknowledgement) at a steady rate. Each new window's IaC is handed to {@code onIac} first.
 */
final class TrafficPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficPublisher.class);

    private final Forwarder forwarder;
    private final GeneratorOptions options;
    private final int recordsPerSecond;
    private final Consumer<ScenarioStream> onIac;
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    TrafficPublisher(
            Forwarder forwarder, GeneratorOptions options, int recordsPerSecond, Consumer<ScenarioStream> onIac) {
        this.forwarder = forwarder;
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
            Instant start = Instant.now().minus(options.span());
            ScenarioStream stream = ScenarioStream.open(options.withSeed(seed), start);
            onIac.accept(stream);
            long next = System.nanoTime();
            int n = 0;
            while (running && stream.hasNext()) {
                ScenarioStream.StreamRecord r = stream.next();
                try {
                    forwarder
                            .forward(r.source(), r.payload(), "demo/" + seed + "/" + n++, r.cluster(), r.eventTime())
                            .get(30, TimeUnit.SECONDS);
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
                }
            }
            seed++;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
    }
}
