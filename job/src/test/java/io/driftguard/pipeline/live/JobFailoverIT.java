package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.testkit.FlinkSessionCluster;
import io.driftguard.testkit.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped job jar on a session cluster of separate JVMs (job manager, task managers, the
 * {@code flink} command line), checkpointing every second, fed continuously from Kafka; the task
 * manager is killed with SIGKILL at a random point of the feed, a new one is started (as a container
 * runtime would), and the job restores from its last checkpoint. What PostgreSQL and the findings topic
 * (read committed) hold in the end must equal an undisturbed run of the same input on the same cluster:
 * the same findings, versions and version histories, none missing, none twice.
 *
 * <p>The comparison is exact: finding versions depend on the input only ({@code ContextCorrelationFunction}),
 * {@code finding_versions} keeps every version once, and the findings topic is transactional.
 *
 * <p>One disturbed round of 12 episodes in the suite (about three minutes with the upgrade test); the
 * longer run of docs/reliability.md is five rounds of 30 episodes in a row, each with its own random kill
 * point (the seed is printed; {@code -Ddriftguard.failover.seed} repeats one):
 *
 * <pre>
 * ./mvnw -B -pl job -am verify -Dtest=JobFailoverIT -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Ddriftguard.failover.rounds=5 -Ddriftguard.failover.pairs=30
 * </pre>
 *
 * {@code -Ddriftguard.failover.checkpoint=PT10S} runs it at the shipped checkpoint interval (the
 * findings topic's delay grows with it; PostgreSQL's does not).
 */
class JobFailoverIT {

    /** Episodes per run (each opened and closed: two versions); {@code -Ddriftguard.failover.pairs}. */
    static final int PAIRS = Integer.getInteger("driftguard.failover.pairs", 12);

    static final Duration FEED_PAUSE = Duration.ofMillis(200);
    /** {@code -Ddriftguard.failover.checkpoint=PT10S} for the delay at the shipped interval. */
    static final Duration CHECKPOINT_INTERVAL =
            Duration.parse(System.getProperty("driftguard.failover.checkpoint", "PT1S"));

    @TempDir
    static Path dir;

    static LocalPostgres pg;
    static FlinkSessionCluster cluster;
    static FlinkSessionCluster.TaskManager taskManager;

    @BeforeAll
    static void startCluster() throws Exception {
        pg = LocalPostgres.start();
        cluster = new FlinkSessionCluster(dir.resolve("flink"), CHECKPOINT_INTERVAL, 2);
        cluster.startJobManager();
        taskManager = cluster.startTaskManager();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aKilledTaskManagerLosesAndDoublesNothing() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        List<String> records = LiveRuns.openedAndClosedPorts(start, PAIRS);
        Map<String, String> replayed = LiveRuns.replayed(dir.resolve("replay"), records);

        SessionRun.Seen undisturbed = run("undisturbed", records, -1, null);
        assertThat(undisturbed.stored()).as("one finding per opened port").hasSize(PAIRS);
        assertThat(undisturbed.stored().values()).allSatisfy(s -> assertThat(s).contains("resolved"));
        // The reference itself agrees with the replay command on what was found.
        assertThat(strip(undisturbed.stored())).isEqualTo(replayed);
        assertThat(SessionRun.repeated(undisturbed.topic()))
                .as("repeats on the findings topic without any failure")
                .isEmpty();
        assertThat(undisturbed.history())
                .as("each episode opened and resolved: two versions, every one kept")
                .hasSize(2 * PAIRS);
        assertThat(undisturbed.topic()).hasSize(2 * PAIRS);

        int rounds = Integer.getInteger("driftguard.failover.rounds", 1);
        long seed = Long.getLong("driftguard.failover.seed", System.nanoTime());
        System.out.printf("JobFailoverIT: %d round(s), seed %d%n", rounds, seed);
        Random random = new Random(seed);
        for (int round = 1; round <= rounds; round++) {
            int killAt = records.size() / 4 + random.nextInt(records.size() / 2);
            AtomicReference<String> figures = new AtomicReference<>();
            SessionRun.Seen disturbed = run("round-" + round, records, killAt, figures);
            System.out.printf(
                    "JobFailoverIT round %d: task manager killed after %d of %d records; %s%n",
                    round, killAt, records.size(), figures.get());
            assertThat(disturbed.stored()).as("round %d: PostgreSQL", round).isEqualTo(undisturbed.stored());
            assertThat(disturbed.history())
                    .as("round %d: finding_versions, every version once", round)
                    .isEqualTo(undisturbed.history());
            assertThat(SessionRun.repeated(disturbed.topic()))
                    .as("round %d: records on the findings topic (read committed) twice", round)
                    .isEmpty();
            assertThat(disturbed.topic())
                    .as("round %d: the findings topic, read committed", round)
                    .isEqualTo(undisturbed.topic());
            System.out.printf(
                    "JobFailoverIT round %d: %d findings, %d history rows, %d topic records, as undisturbed%n",
                    round,
                    disturbed.stored().size(),
                    disturbed.history().size(),
                    disturbed.topic().size());
        }
    }

    /**
     * Upgrade: the job is stopped with a savepoint while every episode is open, and the job jar is
     * submitted again from that savepoint (the same jar: what carries state across builds is the
     * operators' uids and state types, which a new build keeps; the cluster refuses a job graph with an
     * operator without an explicit uid). The reverts sent afterwards close the episodes opened before
     * the savepoint: each finding is resolved as a replay of the same input resolves it, and reported
     * resolved once, with no record on the findings topic twice.
     */
    @Test
    void openEpisodesCarryOnAcrossASavepointUpgrade() throws Exception {
        int ports = 10;
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        List<String> opens = new ArrayList<>();
        List<String> closes = new ArrayList<>();
        for (int k = 0; k < ports; k++) {
            opens.add(ReplayFixtures.record(
                    "sp-open-" + k,
                    start.plusSeconds(10L * k).toString(),
                    "AuthorizeSecurityGroupIngress",
                    "console.ec2.amazonaws.com",
                    ReplayFixtures.ingress(2000 + k),
                    null));
            closes.add(ReplayFixtures.record(
                    "sp-close-" + k,
                    start.plus(Duration.ofMinutes(30)).plusSeconds(10L * k).toString(),
                    "RevokeSecurityGroupIngress",
                    "console.ec2.amazonaws.com",
                    ReplayFixtures.ingress(2000 + k),
                    null));
        }
        List<String> all = new ArrayList<>(opens);
        all.addAll(closes);
        Map<String, String> replayed = LiveRuns.replayed(dir.resolve("replay-upgrade"), all);
        // The ports are opened on one security group while its episode is open: one episode, as the replay finds.
        int n = replayed.size();
        assertThat(n).isPositive();

        try (SessionRun run = new SessionRun(pg, dir.resolve("upgrade"), "upgrade")) {
            String before = cluster.submit(jar(), null, run.jobArgs());
            String after = null;
            try {
                cluster.awaitAllTasksRunning(before, Duration.ofSeconds(120));
                for (String r : opens) {
                    run.send(r);
                }
                awaitStored(run, n, Duration.ofSeconds(120));
                assertThat(run.stored().values()).allSatisfy(v -> assertThat(v).contains(" open "));
                long stopping = System.nanoTime();
                String savepoint = cluster.stopWithSavepoint(before, dir.resolve("savepoints"));
                long stopped = System.nanoTime();
                assertThat(cluster.awaitState(before, "FINISHED", Duration.ofSeconds(30)))
                        .isEqualTo("FINISHED");

                after = cluster.submit(jar(), savepoint, run.jobArgs());
                cluster.awaitAllTasksRunning(after, Duration.ofSeconds(120));
                long running = System.nanoTime();
                assertThat(cluster.checkpoints(after)
                                .path("latest")
                                .path("restored")
                                .path("external_path")
                                .asText())
                        .as("restored from the savepoint")
                        .isEqualTo(savepoint);
                for (String r : closes) {
                    run.send(r);
                }
                SessionRun.Seen seen = run.awaitSeen(n, Duration.ofSeconds(180));
                System.out.printf(
                        "JobFailoverIT upgrade: savepoint taken and job stopped in %.1f s; new job from it running"
                                + " %.1f s later; %d findings, %d topic records%n",
                        (stopped - stopping) / 1e9,
                        (running - stopped) / 1e9,
                        seen.stored().size(),
                        seen.topic().size());

                assertThat(strip(seen.stored())).isEqualTo(replayed);
                assertThat(SessionRun.repeated(seen.topic()))
                        .as("records on the findings topic twice")
                        .isEmpty();
                for (String id : seen.stored().keySet()) {
                    List<String> resolved = seen.topic().stream()
                            .filter(t -> t.startsWith(id + " ") && t.contains(" resolved "))
                            .toList();
                    assertThat(resolved).as("%s reported resolved once", id).hasSize(1);
                    assertThat(seen.topic())
                            .as("%s reported open before the upgrade", id)
                            .anyMatch(t -> t.startsWith(id + " ") && t.contains(" open "));
                }
                LiveRuns.assertNoChildRowDoubled(run.db);
            } finally {
                if (after != null) {
                    cluster.cancel(after);
                }
                cluster.cancel(before);
            }
        }
    }

    private static void awaitStored(SessionRun run, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (run.stored().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " findings stored: " + run.stored());
            }
            Thread.sleep(250); // the poll interval
        }
    }

    /**
     * One run: the job submitted with {@code flink run}, the records sent one by one at a steady pace,
     * and (when {@code killAt >= 0}) the task manager killed once that many have been sent and at least
     * one checkpoint has completed, a new one started, the job seen running again from its checkpoint.
     */
    private static SessionRun.Seen run(String name, List<String> records, int killAt, AtomicReference<String> figures)
            throws Exception {
        Path runDir = dir.resolve(name);
        try (SessionRun run = new SessionRun(pg, runDir, "failover-" + name)) {
            String job = cluster.submit(jar(), null, run.jobArgs());
            try {
                cluster.awaitAllTasksRunning(job, Duration.ofSeconds(120));
                run.watch();
                AtomicInteger sent = new AtomicInteger();
                AtomicReference<Exception> feedFailure = new AtomicReference<>();
                Thread feed = new Thread(
                        () -> {
                            try {
                                for (String r : records) {
                                    run.send(r);
                                    sent.incrementAndGet();
                                    Thread.sleep(FEED_PAUSE.toMillis()); // the feed's pace
                                }
                            } catch (Exception e) {
                                feedFailure.set(e);
                            }
                        },
                        "feed " + name);
                feed.start();
                if (killAt >= 0) {
                    while (sent.get() < killAt) {
                        Thread.sleep(10); // the poll interval
                    }
                    cluster.awaitCompletedCheckpoints(job, 1, Duration.ofSeconds(60));
                    long checkpointsBefore = cluster.completedCheckpoints(job);
                    long killed = System.nanoTime();
                    int sentAtKill = sent.get();
                    taskManager.kill();
                    taskManager = cluster.startTaskManager();
                    long replaced = System.nanoTime();
                    awaitRestored(job, Duration.ofSeconds(180));
                    long running = System.nanoTime();
                    JsonNode restored = cluster.checkpoints(job).path("latest").path("restored");
                    figures.set(String.format(
                            "sent at kill %d; new task manager registered %.1f s after the kill;"
                                    + " job running again %.1f s after the kill, restored from checkpoint %s"
                                    + " (%d completed before the kill)",
                            sentAtKill,
                            (replaced - killed) / 1e9,
                            (running - killed) / 1e9,
                            restored.path("id").asText("?"),
                            checkpointsBefore));
                }
                feed.join();
                if (feedFailure.get() != null) {
                    throw feedFailure.get();
                }
                long fed = System.nanoTime();
                SessionRun.Seen seen = run.awaitSeen(PAIRS, Duration.ofSeconds(180));
                if (figures != null) {
                    figures.set(figures.get()
                            + String.format(
                                    "; all findings stored and on the topic %.1f s after the last record",
                                    (System.nanoTime() - fed) / 1e9 - 2.0));
                }
                LiveRuns.assertNoChildRowDoubled(run.db);
                System.out.printf(
                        "JobFailoverIT %s (checkpoints every %s): record sent → its version in %s%n",
                        name, CHECKPOINT_INTERVAL, run.delays());
                return seen;
            } finally {
                cluster.cancel(job);
            }
        }
    }

    /** Waits until the job has restored from a checkpoint and every task runs again. */
    private static void awaitRestored(String job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode c = cluster.checkpoints(job);
            if (c != null && c.path("counts").path("restored").asLong() > 0 && cluster.allTasksRunning(job)) {
                return;
            }
            Thread.sleep(100); // the poll interval
        }
        throw new AssertionError("the job did not restore from a checkpoint within " + timeout.toSeconds() + " s: "
                + cluster.state(job) + "\n" + cluster.tail("jobmanager"));
    }

    /** The stored findings without their version, as the replay fixtures summarise them. */
    private static Map<String, String> strip(Map<String, String> stored) {
        Map<String, String> out = new TreeMap<>();
        stored.forEach((k, v) -> out.put(k, v.substring(v.indexOf(' ') + 1)));
        return out;
    }

    static Path jar() {
        return Path.of(System.getProperty("driftguard.jobJar", "target/driftguard-job.jar"));
    }
}
