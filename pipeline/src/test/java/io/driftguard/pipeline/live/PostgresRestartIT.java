package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away in the middle of a live run and comes back: the sink's write fails, Flink
 * restarts the job from its last checkpoint (and again, backing off, while the database is still
 * down), the replayed findings are upserted again, and what PostgreSQL holds in the end is what an
 * undisturbed run of the same input gives: the same findings with the same statuses, changes and
 * source events, and no child row (changes, source events, versions) twice.
 */
class PostgresRestartIT {

    static final int PAIRS_PER_PHASE = 8;

    @TempDir
    Path dir;

    @Test
    void theSinkWaitsForTheDatabaseAndLosesAndDoublesNothing() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        List<String> records = LiveRuns.openedAndClosedPorts(start, 3 * PAIRS_PER_PHASE);
        Map<String, String> undisturbed = LiveRuns.replayed(dir, records);
        assertThat(undisturbed).as("one finding per opened port").hasSize(3 * PAIRS_PER_PHASE);

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = dir.resolve("postgres");
        LocalPostgres pg = LocalPostgres.open(port, data);
        LocalKafka kafka = LocalKafka.start();
        JobClient job = null;
        try {
            KafkaTopics.ensure(kafka.bootstrapServers(), 2, (short) 1);
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            db.migrate();
            job = LiveRuns.startDeclared(dir, kafka.bootstrapServers(), db, "pg-restart");

            String topic = KafkaTopics.raw(Sources.AWS_CLOUDTRAIL);
            int phase = 2 * PAIRS_PER_PHASE;
            send(kafka, topic, records.subList(0, phase));
            LiveRuns.awaitResolved(db, PAIRS_PER_PHASE, Duration.ofSeconds(120));

            // The database goes away; the job keeps reading while its writes fail.
            pg.close();
            send(kafka, topic, records.subList(phase, 2 * phase));
            awaitStatus(job, JobStatus.RESTARTING, Duration.ofSeconds(60));
            long down = System.nanoTime();
            // Down for a while: the job restarts and fails again (no database to connect to), backing off.
            Thread.sleep(8_000); // the length of the outage, not a wait for a result
            pg = LocalPostgres.open(port, data);
            long outage = System.nanoTime() - down;
            long back = System.nanoTime();
            send(kafka, topic, records.subList(2 * phase, records.size()));

            Map<String, String> stored = LiveRuns.awaitResolved(db, 3 * PAIRS_PER_PHASE, Duration.ofSeconds(180));
            System.out.printf(
                    "PostgresRestartIT: PostgreSQL down for %.1f s; all %d findings stored %.1f s after it was back%n",
                    outage / 1e9, stored.size(), (System.nanoTime() - back) / 1e9);
            assertThat(stored).isEqualTo(undisturbed);
            LiveRuns.assertNoChildRowDoubled(db);
        } finally {
            if (job != null) {
                job.cancel().get();
            }
            kafka.close();
            pg.close();
        }
    }

    private static void send(LocalKafka kafka, String topic, List<String> records) throws Exception {
        for (String r : records) {
            kafka.send(topic, ReplayFixtures.SG, r.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void awaitStatus(JobClient job, JobStatus wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (job.getJobStatus().get() == wanted) {
                return;
            }
            Thread.sleep(20); // the poll interval
        }
        throw new AssertionError("the job never went " + wanted + " within " + timeout.toSeconds() + " s");
    }
}
