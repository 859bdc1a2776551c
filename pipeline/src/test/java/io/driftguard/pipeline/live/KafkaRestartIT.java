package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker is killed ({@code SIGKILL}) in the middle of a live run and started again: the
 * connectors' publisher (the SQS connector's path: a CloudTrail log file through the
 * {@link Forwarder}) holds what it could not deliver and delivers it once the broker is back, so the
 * upstream message would be acknowledged only then; the job's Kafka source and sinks reconnect or
 * restart from the last checkpoint; and PostgreSQL ends up with what an undisturbed run of the same
 * input gives, no child row twice.
 */
class KafkaRestartIT {

    static final int PAIRS_PER_PHASE = 8;

    @TempDir
    Path dir;

    @Test
    void connectorsAndTheJobResumeAfterABrokerRestartAndLoseNothing() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        List<String> records = LiveRuns.openedAndClosedPorts(start, 3 * PAIRS_PER_PHASE);
        Map<String, String> undisturbed = LiveRuns.replayed(dir, records);
        assertThat(undisturbed).as("one finding per opened port").hasSize(3 * PAIRS_PER_PHASE);

        KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("kafka"));
        LocalPostgres pg = LocalPostgres.start();
        JobClient job = null;
        IngestMetrics metrics = new IngestMetrics();
        try (RawPublisher publisher = RawPublisher.create(KafkaSettings.of(broker.bootstrapServers()), metrics)) {
            KafkaTopics.ensure(broker.bootstrapServers(), 2, (short) 1);
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            db.migrate();
            job = LiveRuns.startDeclared(dir, broker.bootstrapServers(), db, "kafka-restart");

            Forwarder connector = new Forwarder(publisher, metrics);
            int phase = 2 * PAIRS_PER_PHASE;
            forward(connector, "s3://trail/phase-1.json.gz", records.subList(0, phase))
                    .get(60, TimeUnit.SECONDS);
            LiveRuns.awaitResolved(db, PAIRS_PER_PHASE, Duration.ofSeconds(120));

            broker.kill();
            long down = System.nanoTime();
            // The connector's own thread: while the broker is away its publish blocks (up to the
            // producer's max.block.ms) or waits for acknowledgements, and fails after that; the SQS
            // message is not deleted, comes back after its visibility timeout and is forwarded again,
            // until Kafka acknowledges every record of it.
            AtomicInteger attempts = new AtomicInteger();
            CompletableFuture<Forwarder.Outcome> during = CompletableFuture.supplyAsync(() -> {
                while (true) {
                    attempts.incrementAndGet();
                    try {
                        return forward(connector, "s3://trail/phase-2.json.gz", records.subList(phase, 2 * phase))
                                .get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    } catch (ExecutionException e) {
                        // not acknowledged: redelivered by SQS
                    }
                }
            });
            Thread.sleep(8_000); // the length of the outage, not a wait for a result
            assertThat(during)
                    .as("no acknowledgement while the broker is down: the upstream message stays unacknowledged")
                    .isNotDone();
            long restarting = System.nanoTime();
            broker.startAgain();
            long outage = System.nanoTime() - down;
            double restart = (System.nanoTime() - restarting) / 1e9;
            long back = System.nanoTime();
            Forwarder.Outcome delivered = during.get(300, TimeUnit.SECONDS);
            double acknowledgedAfter = (System.nanoTime() - back) / 1e9;
            assertThat(delivered.published()).isEqualTo(phase);
            forward(connector, "s3://trail/phase-3.json.gz", records.subList(2 * phase, records.size()))
                    .get(60, TimeUnit.SECONDS);

            Map<String, String> stored = LiveRuns.awaitResolved(db, 3 * PAIRS_PER_PHASE, Duration.ofSeconds(240));
            System.out.printf(
                    "KafkaRestartIT: broker down for %.1f s (its start took %.1f s); the held log file acknowledged"
                            + " %.1f s after it listened again, after %d forwarding attempt(s); all %d findings stored"
                            + " %.1f s after it listened%n",
                    outage / 1e9,
                    restart,
                    acknowledgedAfter,
                    attempts.get(),
                    stored.size(),
                    (System.nanoTime() - back) / 1e9);
            assertThat(stored).isEqualTo(undisturbed);
            LiveRuns.assertNoChildRowDoubled(db);
        } finally {
            if (job != null) {
                job.cancel().get();
            }
            broker.close();
            pg.close();
        }
    }

    private static CompletableFuture<Forwarder.Outcome> forward(
            Forwarder connector, String origin, List<String> records) {
        return connector.forward(Sources.AWS_CLOUDTRAIL, LiveRuns.logFile(records), origin, null, Instant.now());
    }
}
