package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ScenarioStream;
import io.driftguard.models.scenario.label.Expect;
import io.driftguard.models.scenario.label.Label;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live recall: every change a person makes to a declared resource, on every provider's audit path,
 * becomes a judged finding, also when the change reaches the job before its resource's declaration.
 *
 * <p>A generated world's native records (CloudTrail, GCP audit log entries, Azure Activity Log
 * records, Kubernetes audit events, with their background reads and context) go through the real
 * ingest path (forwarder, raw topics) into the live job in a MiniCluster, as fast as they can be
 * published. The declared state is published only after the first part of the traffic, so the
 * first episodes' changes arrive before their declarations. Every drift episode the generator
 * wrote must then appear in PostgreSQL as a judged drift finding that lists its first change. The
 * time from publishing a trigger to its judged row is printed; it is measured under this test's
 * load and on a shared machine, so it is reported, not asserted (bench/live-probe measures it
 * against a running demo).
 *
 * <p>System properties: {@code driftguard.recall.scenarios} (default 60) and
 * {@code driftguard.recall.seed} for a longer or different run; {@code driftguard.recall.start} (an
 * instant, default six hours ago) for the world of a run made at another time of day.
 */
class LiveRecallIT {

    private static final Duration JUDGED_WITHIN = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void everyChangeToADeclaredResourceOnEveryProviderBecomesAJudgedFinding() throws Exception {
        int scenarios = Integer.getInteger("driftguard.recall.scenarios", 60);
        long seed = Long.getLong("driftguard.recall.seed", 2027);
        GeneratorOptions options = GeneratorOptions.defaults()
                .withSeed(seed)
                .withScenarios(scenarios)
                .withSpan(Duration.ofHours(6));
        // The generated world depends on the hour its window opens at (cases start in working hours):
        // driftguard.recall.start (an instant) reproduces a run made at another time of day.
        String start = System.getProperty("driftguard.recall.start");
        Instant opens = start == null ? Instant.now().minus(options.span()) : Instant.parse(start);
        ScenarioStream stream = ScenarioStream.open(options, opens);
        System.out.println("live recall: window opens at " + opens + " (-Ddriftguard.recall.start to repeat)");
        List<Label> drift =
                stream.labels().stream().filter(l -> l.expect() == Expect.DRIFT).toList();
        Set<Cloud> clouds = EnumSet.noneOf(Cloud.class);
        drift.forEach(l -> clouds.add(l.cloud()));
        assertThat(clouds).as("the world drifts on every provider").hasSize(4);

        // a trigger is the first event of its episode; its record is found by its id in the payload
        Map<String, Label> byTrigger = new HashMap<>();
        Map<String, String> episodeOf = new HashMap<>();
        for (Label l : drift) {
            byTrigger.put(trigger(l), l);
            for (String id : l.eventIds()) {
                episodeOf.put(callOf(id), trigger(l));
            }
        }
        for (Map.Entry<String, byte[]> e : stream.iacFiles().entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        DriftGuardConfig config = ConfigLoader.parse(
                new String(stream.iacFiles().get("config.yaml"), StandardCharsets.UTF_8), "generated config.yaml");

        try (LocalKafka kafka = LocalKafka.start();
                LocalPostgres pg = LocalPostgres.start()) {
            KafkaTopics.ensure(kafka.bootstrapServers(), KafkaTopics.AUDIT_PARTITIONS, (short) 1);
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            db.migrate();
            StreamExecutionEnvironment env = JobCommand.environment(2, Duration.ofSeconds(5));
            LiveJob.build(
                    env,
                    new LiveJob.Connections(kafka.bootstrapServers(), "recall", db),
                    JobSettings.live(config, 2)
                            .withDeclarationWait(Duration.ofSeconds(Long.getLong("driftguard.recall.wait", 120))));
            JobClient job = env.executeAsync("driftguard-recall");
            IngestMetrics metrics = new IngestMetrics();
            Map<String, Long> publishedAt = new HashMap<>();
            int records = 0;
            int beforeDeclarations = 0;
            int deadAtIngest = 0;
            try (RawPublisher publisher = RawPublisher.create(KafkaSettings.of(kafka.bootstrapServers()), metrics);
                    IacSync iac = new IacSync(kafka.bootstrapServers())) {
                Forwarder forwarder = new Forwarder(publisher, metrics);
                List<CompletableFuture<Forwarder.Outcome>> inFlight = new ArrayList<>();
                boolean declared = false;
                while (stream.hasNext()) {
                    ScenarioStream.StreamRecord r = stream.next();
                    String text = new String(r.payload(), StandardCharsets.UTF_8);
                    long now = System.nanoTime();
                    for (String id : triggersIn(text, byTrigger.keySet())) {
                        publishedAt.put(id, now);
                        if (!declared) {
                            beforeDeclarations++;
                        }
                    }
                    inFlight.add(forwarder.forward(
                            r.source(), r.payload(), "recall/" + records, r.cluster(), r.eventTime()));
                    records++;
                    if (inFlight.size() >= 500) {
                        deadAtIngest += settle(inFlight);
                    }
                    if (!declared && publishedAt.size() >= drift.size() / 5) {
                        // the first fifth of the episodes reached the job before their declarations
                        deadAtIngest += settle(inFlight);
                        iac.sync(dir.resolve("iac"), new ArrayList<>());
                        declared = true;
                    }
                }
                deadAtIngest += settle(inFlight);
            }
            assertThat(deadAtIngest).as("records the ingest path refused").isZero();
            assertThat(publishedAt.keySet()).as("every trigger was published").containsAll(byTrigger.keySet());
            assertThat(beforeDeclarations)
                    .as("some changes reached the job before their declaration")
                    .isPositive();

            Map<String, Long> judgedAt = awaitJudged(db, episodeOf);
            job.cancel().get();

            Map<String, String> missing = new TreeMap<>();
            for (Label l : drift) {
                if (!judgedAt.containsKey(trigger(l))) {
                    missing.put(
                            l.caseId(),
                            l.cloud() + " " + l.resourceId() + " (" + l.family() + "): found "
                                    + findingsOn(db, l.resourceId()));
                }
            }
            List<Double> seconds = new ArrayList<>();
            judgedAt.forEach((id, t) -> seconds.add((t - publishedAt.get(id)) / 1e9));
            seconds.sort(Double::compare);
            System.out.printf(
                    Locale.ROOT,
                    "live recall: %d records, %d drift episodes on %s, %d published before their declarations;"
                            + " judged %d/%d; publish -> judged row p50 %.2f s, p95 %.2f s, p99 %.2f s%n",
                    records,
                    drift.size(),
                    clouds,
                    beforeDeclarations,
                    judgedAt.size(),
                    drift.size(),
                    percentile(seconds, 50),
                    percentile(seconds, 95),
                    percentile(seconds, 99));
            assertThat(missing)
                    .as(
                            "drift episodes with no judged finding (window opened at %s); findings %s, dead letters %s",
                            opens, allFindings(db), deadLetters(db))
                    .isEmpty();
        }
    }

    private static Set<String> triggersIn(String payload, Set<String> triggers) {
        Set<String> found = new HashSet<>();
        for (String id : triggers) {
            if (payload.contains(id)) {
                found.add(id);
            }
        }
        return found;
    }

    /**
     * The id that ties an episode's first call to the finding: the event id, or for an operation
     * logged in several records (Azure's {@code <correlationId>/<operation>/<status>} ids, whose
     * completion is what the finding lists) its correlation id.
     */
    private static String trigger(Label l) {
        return callOf(l.eventIds().get(0));
    }

    private static String callOf(String eventId) {
        int slash = eventId.indexOf('/');
        return slash < 0 ? eventId : eventId.substring(0, slash);
    }

    /**
     * Polls PostgreSQL until every episode is listed by a judged drift finding (by any of its calls:
     * a long-running operation is listed by its completion), or the time is up.
     */
    private static Map<String, Long> awaitJudged(Database db, Map<String, String> episodeOf) throws Exception {
        Set<String> episodes = new HashSet<>(episodeOf.values());
        Map<String, Long> judgedAt = new HashMap<>();
        long deadline = System.nanoTime() + JUDGED_WITHIN.toNanos();
        String sql = "SELECT s.event_id FROM finding_source_events s JOIN findings f USING (finding_id)"
                + " WHERE f.kind = 'drift' AND f.cause IS NOT NULL AND f.severity IS NOT NULL"
                + " AND f.recommendation IS NOT NULL";
        try (Connection c = db.connect();
                PreparedStatement q = c.prepareStatement(sql)) {
            while (judgedAt.size() < episodes.size() && System.nanoTime() < deadline) {
                try (ResultSet rs = q.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        String episode = episodeOf.get(callOf(rs.getString(1)));
                        if (episode != null) {
                            judgedAt.putIfAbsent(episode, now);
                        }
                    }
                }
                Thread.sleep(100); // the poll interval, not a wait for the result
            }
        }
        return judgedAt;
    }

    /** Waits for the forwarded payloads; returns how many records ingest dead-lettered. */
    private static int settle(List<CompletableFuture<Forwarder.Outcome>> inFlight) throws Exception {
        int dead = 0;
        for (CompletableFuture<Forwarder.Outcome> f : inFlight) {
            dead += f.get(60, TimeUnit.SECONDS).deadLettered();
        }
        inFlight.clear();
        return dead;
    }

    /**
     * What the job reported on a resource or on one that contains it (an NSG rule's deletion is
     * reported on its NSG), judged or not, for the failure message.
     */
    private static List<String> findingsOn(Database db, String resourceId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement q = c.prepareStatement("SELECT kind || ' ' || status || ' ' || coalesce(cause, '-')"
                        + " || ' events ' || (SELECT string_agg(event_id, ',') FROM finding_source_events s"
                        + " WHERE s.finding_id = f.finding_id) || ' on ' || resource_id FROM findings f"
                        + " WHERE lower(?) LIKE lower(resource_id) || '%'")) {
            q.setString(1, resourceId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<String> allFindings(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement q = c.prepareStatement(
                        "SELECT kind || ' ' || status || ' ' || coalesce(cause, '-') || ' on ' || resource_id FROM findings");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> deadLetters(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement q = c.prepareStatement("SELECT source || ': ' || reason FROM dead_letters");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.round(p / 100.0 * (sorted.size() - 1))));
    }
}
