package io.driftguard.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.live.IacSync;
import io.driftguard.pipeline.live.LiveJob;
import io.driftguard.pipeline.replay.LiveFeed;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Live latency under sustained load (issue 9): the live job ({@link LiveJob}, RocksDB state,
 * checkpoints every 10 s, parallelism 2, in a MiniCluster) reads the raw topics of a real Kafka
 * broker while a feeder publishes a generated organisation's records ({@code driftguard generate}: all
 * providers, about 85 % reads and failed calls, drift episodes, tickets, incidents, alerts, commits)
 * at a fixed rate, each re-timed so that its event time is the moment it is appended
 * ({@link LiveFeed}). Every 10 s it prints what the job read, its consumer lag (the Kafka source's
 * {@code pendingRecords}), the busiest operators and back-pressure; at the end the latency from the
 * Kafka append of a finding's first change to the committed PostgreSQL row of the judged finding
 * ({@code findings.first_written_at - first_event_time}), p50/p95/p99, and the checkpoints.
 *
 * <p>{@code bench/live-load.sh [rate] [seconds] [folder]}.
 */
public final class LiveLoadBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Wall-clock times in the report, to find a slow finding's seconds in a JFR recording of the run. */
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path folder = Path.of(args.length > 2 ? args[2] : "target/live-1600000/in");
        int warmUp = Integer.getInteger("bench.warmup", 20);
        int grace = Integer.getInteger("bench.grace", 30);
        Path feedFile = folder.resolveSibling(folder.getFileName() + ".feed");
        long t = System.nanoTime();
        long available = LiveFeed.prepare(folder, feedFile);
        System.out.printf(
                Locale.ROOT,
                "feed: %,d records in event-time order (%s, prepared in %.0f s)%n",
                available,
                feedFile,
                (System.nanoTime() - t) / 1e9);
        long needed = (long) rate * (warmUp + seconds);
        if (available < needed) {
            System.out.printf(
                    Locale.ROOT,
                    "feed: %,d records are fewer than %,d needed; generate more (driftguard generate --events)%n",
                    available,
                    needed);
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("dg-live-load");
        int restPort;
        try (ServerSocket s = new ServerSocket(0)) {
            restPort = s.getLocalPort();
        }
        try (LocalKafka kafka = LocalKafka.start();
                LocalPostgres pg = LocalPostgres.start()) {
            KafkaTopics.ensure(kafka.bootstrapServers(), 1, (short) 1);
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            db.migrate();
            try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
                int n = sync.sync(folder.resolve("iac"), new ArrayList<>());
                System.out.printf(Locale.ROOT, "declared resources published: %,d%n", n);
            }
            Configuration conf = new Configuration();
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    dir.resolve("checkpoints").toUri().toString());
            conf.set(RestOptions.BIND_PORT, Integer.toString(restPort));
            conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 100); // every checkpoint of the run, for the slow ones
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setBufferTimeout(5); // as JobCommand.environment
            env.setParallelism(2);
            Path configFile = folder.resolve("config.yaml");
            DriftGuardConfig config =
                    Files.isRegularFile(configFile) ? DriftGuardConfig.load(configFile) : DriftGuardConfig.empty();
            LiveJob.build(
                    env, new LiveJob.Connections(kafka.bootstrapServers(), "bench", db), JobSettings.live(config, 2));
            JobClient job = env.executeAsync("driftguard-live-load");
            String rest = "http://127.0.0.1:" + restPort;
            String jobId = job.getJobID().toHexString();
            awaitRunning(job, rest, jobId);
            System.out.printf(
                    Locale.ROOT,
                    "job running; feeding %,d events/s: %d s warm-up, then %d s measured; load average %s%n",
                    rate,
                    warmUp,
                    seconds,
                    loadAverage());

            Feeder feeder = new Feeder(kafka.bootstrapServers(), feedFile, rate, warmUp + seconds);
            Thread feeding = new Thread(feeder, "feeder");
            feeding.start();
            long measureFrom = feeder.startMillis + warmUp * 1000L;
            Sampler sampler = new Sampler(rest, jobId);
            long end = feeder.startMillis + (warmUp + seconds) * 1000L;
            while (System.currentTimeMillis() < end + grace * 1000L) {
                Thread.sleep(10_000);
                sampler.sample(feeder, System.currentTimeMillis() >= measureFrom);
            }
            feeder.stop.set(true);
            feeding.join();

            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "== live load: %,d events/s offered for %d s (+%d s warm-up, %d s grace), load average %s%n",
                    rate,
                    seconds,
                    warmUp,
                    grace,
                    loadAverage());
            System.out.printf(
                    Locale.ROOT,
                    "published: %,d records (%,.0f/s over the run)%n",
                    feeder.sent.get(),
                    feeder.sent.get() * 1000.0 / Math.max(1, feeder.lastSendMillis - feeder.startMillis));
            sampler.summary();
            committed(kafka.bootstrapServers(), feeder.sent.get());
            latency(db, measureFrom, end);
            versions(db);
            checkpoints(rest, jobId);
            job.cancel().get();
        }
    }

    /** Publishes the feed at a fixed rate, each record re-timed to the moment it is sent. */
    private static final class Feeder implements Runnable {
        final AtomicLong sent = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final long startMillis = System.currentTimeMillis() + 1000;
        volatile long lastSendMillis = startMillis;
        private final String bootstrap;
        private final Path feed;
        private final int rate;
        private final int seconds;

        Feeder(String bootstrap, Path feed, int rate, int seconds) {
            this.bootstrap = bootstrap;
            this.feed = feed;
            this.rate = rate;
            this.seconds = seconds;
        }

        @Override
        public void run() {
            java.util.Properties p = new java.util.Properties();
            p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.setProperty(ProducerConfig.ACKS_CONFIG, "all"); // as the ingest connectors (KafkaSettings)
            p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
            long total = (long) rate * seconds;
            try (LiveFeed in = LiveFeed.open(feed);
                    KafkaProducer<byte[], byte[]> producer =
                            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                long startNanos = System.nanoTime() + (startMillis - System.currentTimeMillis()) * 1_000_000L;
                for (long i = 0; i < total && !stop.get(); i++) {
                    long due = startNanos + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                    LiveFeed.Entry e = in.next();
                    if (e == null) {
                        break;
                    }
                    long now = System.currentTimeMillis();
                    byte[] payload = LiveFeed.retime(e.payload(), now - e.time());
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(RawHeaders.SOURCE, utf8(KafkaTopics.sourceOf(e.topic())));
                    if (e.cluster() != null) {
                        headers.add(RawHeaders.CLUSTER, utf8(e.cluster()));
                    }
                    producer.send(new ProducerRecord<>(
                            e.topic(), null, null, e.key() == null ? null : utf8(e.key()), payload, headers));
                    sent.incrementAndGet();
                    lastSendMillis = now;
                }
            } catch (IOException | InterruptedException e) {
                System.out.println("feeder stopped: " + e);
            }
        }
    }

    /** Every 10 s: what the job read, its lag, how busy and back-pressured each task was. */
    private static final class Sampler {
        private final String rest;
        private final String jobId;
        private long lastRead = -1;
        private long lastAt;
        private long lastSent;
        private final List<Double> readRates = new ArrayList<>();
        private long maxLag;
        private long firstMeasured = -1;
        private long firstMeasuredAt;
        private long lastMeasured;
        private long lastMeasuredAt;
        private long lastLag;
        private final Map<String, List<double[]>> tasks = new TreeMap<>();

        Sampler(String rest, String jobId) {
            this.rest = rest;
            this.jobId = jobId;
        }

        void sample(Feeder feeder, boolean measured) {
            try {
                long now = System.currentTimeMillis();
                JsonNode jobInfo = get("/jobs/" + jobId);
                long read = -1;
                long lag = -1;
                StringBuilder busiest = new StringBuilder();
                List<Map.Entry<String, double[]>> perTask = new ArrayList<>();
                for (JsonNode v : jobInfo.path("vertices")) {
                    String vid = v.path("id").asText();
                    String name = shortName(v.path("name").asText());
                    if (v.path("name").asText().contains("raw records")) {
                        for (JsonNode m : get("/jobs/" + jobId + "/vertices/" + vid + "/metrics")) {
                            // the vertex lists them per subtask ("0.Source__raw_records.numRecordsOut")
                            String id = m.path("id").asText().replaceFirst("^\\d+\\.", "");
                            if (id.endsWith("raw_records.numRecordsOut") && read < 0) {
                                read = (long) sum(vid, id);
                            } else if (id.endsWith("pendingRecords") && lag < 0) {
                                lag = (long) sum(vid, id);
                            }
                        }
                    }
                    JsonNode ms = get("/jobs/" + jobId + "/vertices/" + vid
                            + "/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond&agg=avg,max");
                    double busy = 0;
                    double back = 0;
                    for (JsonNode m : ms) {
                        if (m.path("id").asText().equals("busyTimeMsPerSecond")) {
                            busy = m.path("avg").asDouble() / 10;
                        } else {
                            back = m.path("avg").asDouble() / 10;
                        }
                    }
                    perTask.add(Map.entry(name, new double[] {busy, back}));
                    if (measured) {
                        tasks.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {busy, back});
                    }
                }
                perTask.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
                for (int i = 0; i < Math.min(3, perTask.size()); i++) {
                    double[] bb = perTask.get(i).getValue();
                    busiest.append(String.format(
                            Locale.ROOT,
                            " | %s busy %.0f%% bp %.0f%%",
                            perTask.get(i).getKey(),
                            bb[0],
                            bb[1]));
                }
                long sentNow = feeder.sent.get();
                // What the job has read is what was appended minus the lag: the source's own
                // numRecordsOut reaches the REST API in steps of the metric fetcher's interval.
                if (lag >= 0) {
                    read = sentNow - lag;
                }
                double readRate = lastRead < 0 || read < 0 ? Double.NaN : (read - lastRead) * 1000.0 / (now - lastAt);
                if (measured && read >= 0) {
                    if (firstMeasured < 0) {
                        firstMeasured = read;
                        firstMeasuredAt = now;
                    }
                    lastMeasured = read;
                    lastMeasuredAt = now;
                }
                if (measured && !Double.isNaN(readRate)) {
                    readRates.add(readRate);
                }
                if (measured) {
                    maxLag = Math.max(maxLag, lag);
                }
                lastLag = lag;
                System.out.printf(
                        Locale.ROOT,
                        "%s load %s: sent %,.0f/s, job read %,.0f/s, lag %,d%s%n",
                        Instant.ofEpochMilli(now).toString().substring(11, 19),
                        loadAverage(),
                        lastAt == 0 ? Double.NaN : (sentNow - lastSent) * 1000.0 / (now - lastAt),
                        readRate,
                        lag,
                        busiest);
                lastRead = read;
                lastAt = now;
                lastSent = sentNow;
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.out.println("sample failed: " + e);
            }
        }

        private double sum(String vid, String metric) throws IOException, InterruptedException {
            JsonNode n = get("/jobs/" + jobId + "/vertices/" + vid + "/subtasks/metrics?get=" + metric + "&agg=sum");
            return n.size() == 0 ? -1 : n.get(0).path("sum").asDouble();
        }

        void summary() {
            List<Double> r = new ArrayList<>(readRates);
            Collections.sort(r);
            System.out.printf(
                    Locale.ROOT,
                    "job read rate (appended minus lag) over the measured samples: %,.0f/s (10-s samples: min %,.0f/s,"
                            + " max %,.0f/s); consumer lag: max %,d, at the end %,d%n",
                    (lastMeasured - firstMeasured) * 1000.0 / Math.max(1, lastMeasuredAt - firstMeasuredAt),
                    r.isEmpty() ? Double.NaN : r.get(0),
                    r.isEmpty() ? Double.NaN : r.get(r.size() - 1),
                    maxLag,
                    lastLag);
            System.out.println("task (operator chain)                                      busy %   back-pressured %");
            List<Map.Entry<String, double[]>> rows = new ArrayList<>();
            for (Map.Entry<String, List<double[]>> e : tasks.entrySet()) {
                double busy =
                        e.getValue().stream().mapToDouble(a -> a[0]).average().orElse(0);
                double back =
                        e.getValue().stream().mapToDouble(a -> a[1]).average().orElse(0);
                rows.add(Map.entry(e.getKey(), new double[] {busy, back}));
            }
            rows.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
            for (Map.Entry<String, double[]> e : rows) {
                System.out.printf(Locale.ROOT, "%-58s %6.0f %18.0f%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
        }

        private JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(rest + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.readTree(r.body());
        }
    }

    /**
     * What the job had read by its last completed checkpoint (the Kafka source commits its offsets
     * then): exact, unlike {@code pendingRecords}, which a back-pressured reader updates late.
     */
    private static void committed(String bootstrap, long appended) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            long read = 0;
            for (Map.Entry<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>
                    e : admin.listConsumerGroupOffsets("bench")
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .entrySet()) {
                if (e.getKey().topic().startsWith(KafkaTopics.RAW_PREFIX) && e.getValue() != null) {
                    read += e.getValue().offset();
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "committed by the job's last checkpoint: %,d of %,d appended records (%.0f %%); %,d not yet read%n",
                    read,
                    appended,
                    100.0 * read / Math.max(1, appended),
                    appended - read);
        }
    }

    /**
     * Kafka append of the first change → committed judged row, per kind, for episodes begun in the window;
     * then the same split in two at the episode operator's {@code detected_at} (live: the moment it made
     * the finding), and the slowest drift findings, so that a tail can be told apart: detection (reading,
     * parsing, a long-running operation waiting for its completion, the episode operator) or judgement
     * (context, judge, the PostgreSQL sink).
     */
    private static void latency(Database db, long from, long to) throws Exception {
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        Map<String, List<Long>> detection = new LinkedHashMap<>();
        Map<String, List<Long>> judgement = new LinkedHashMap<>();
        List<String[]> slowest = new ArrayList<>();
        String sql = "SELECT kind, first_event_time, first_written_at, cloud, detected_at, trigger_operation,"
                + " resource_type, last_event_time,"
                + " (SELECT count(*) FROM finding_versions v WHERE v.written_at > f.first_event_time"
                + " AND v.written_at < f.first_written_at) FROM findings f"
                + " WHERE cause IS NOT NULL AND severity IS NOT NULL AND recommendation IS NOT NULL";
        Map<String, List<Long>> byCloud = new LinkedHashMap<>();
        long earlier = 0;
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long first = rs.getTimestamp(2).getTime();
                if (first < from || first > to) {
                    earlier++;
                    continue;
                }
                long written = rs.getTimestamp(3).getTime();
                long detected = rs.getTimestamp(5).getTime();
                long latency = written - first;
                String kind = rs.getString(1);
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(latency);
                detection.computeIfAbsent(kind, k -> new ArrayList<>()).add(detected - first);
                judgement.computeIfAbsent(kind, k -> new ArrayList<>()).add(written - detected);
                if ("drift".equals(kind)) {
                    byCloud.computeIfAbsent("drift " + rs.getString(4), k -> new ArrayList<>())
                            .add(latency);
                    slowest.add(new String[] {
                        Long.toString(latency),
                        String.format(
                                Locale.ROOT,
                                "  %7.3f s = detection %7.3f s + judgement %6.3f s  at +%5.1f s, %3d versions written meanwhile"
                                        + "  %-10s %-40s %s%s  (detected %s UTC)",
                                latency / 1000.0,
                                (detected - first) / 1000.0,
                                (written - detected) / 1000.0,
                                (first - from) / 1000.0,
                                rs.getLong(9),
                                rs.getString(4),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getTimestamp(8).getTime() > first
                                        ? String.format(
                                                Locale.ROOT,
                                                " (its last change %.1f s later)",
                                                (rs.getTimestamp(8).getTime() - first) / 1000.0)
                                        : "",
                                CLOCK.format(Instant.ofEpochMilli(detected)))
                    });
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "findings judged in PostgreSQL: %d whose first change was appended in the measured window"
                        + " (%d others: warm-up, or event times not re-timed)%n",
                byKind.values().stream().mapToInt(List::size).sum(),
                earlier);
        System.out.println("latency Kafka append of the first change -> committed judged finding row");
        // drift by provider too: a long-running operation (Azure, GCP) is a change only once its
        // completion record arrives, so its latency includes the operation's own duration
        byKind.putAll(byCloud);
        percentiles(byKind);
        System.out.println("  split at detected_at: detection = first change appended -> episode operator made the"
                + " finding; judgement = -> committed judged row");
        Map<String, List<Long>> split = new LinkedHashMap<>();
        detection.forEach((k, v) -> split.put("detection " + k, v));
        judgement.forEach((k, v) -> split.put("judgement " + k, v));
        percentiles(split);
        slowest.sort((a, b) -> Long.compare(Long.parseLong(b[0]), Long.parseLong(a[0])));
        System.out.println("  slowest drift findings (first change at + seconds into the measured window):");
        slowest.stream().limit(8).forEach(r -> System.out.println(r[1]));
        System.out.println("  (unmanaged findings wait JobSettings.DECLARATION_WAIT, "
                + JobSettings.DECLARATION_WAIT.toSeconds() + " s, for a declaration by design)");
    }

    private static void percentiles(Map<String, List<Long>> series) {
        for (Map.Entry<String, List<Long>> e : series.entrySet()) {
            List<Long> l = e.getValue();
            Collections.sort(l);
            System.out.printf(
                    Locale.ROOT,
                    "  %-20s n=%-5d p50 %8.3f s  p95 %8.3f s  p99 %8.3f s  max %8.3f s%n",
                    e.getKey(),
                    l.size(),
                    pct(l, 50) / 1000.0,
                    pct(l, 95) / 1000.0,
                    pct(l, 99) / 1000.0,
                    l.get(l.size() - 1) / 1000.0);
        }
    }

    /**
     * What the judge chain wrote: versions per finding, how many were an episode update's own judgement
     * ({@code version % 1000 == 0}) and how many re-judgements (evidence, idleness), and the size of the
     * stored document, which each version encodes and writes whole.
     */
    private static void versions(Database db) throws Exception {
        String sql = "SELECT count(*), count(DISTINCT finding_id), count(*) FILTER (WHERE version % 1000 = 0),"
                + " coalesce(avg(octet_length(document::text)), 0), coalesce(max(octet_length(document::text)), 0)"
                + " FROM finding_versions";
        List<Long> perFinding = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs =
                    s.executeQuery("SELECT count(*) FROM finding_versions GROUP BY finding_id ORDER BY 1")) {
                while (rs.next()) {
                    perFinding.add(rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                System.out.printf(
                        Locale.ROOT,
                        "finding versions written: %,d for %,d findings (per finding p50 %d, max %d); %,d an"
                                + " update's own judgement, %,d re-judgements; document %,.0f bytes on average,"
                                + " %,d at most%n",
                        rs.getLong(1),
                        rs.getLong(2),
                        perFinding.isEmpty() ? 0 : pct(perFinding, 50),
                        perFinding.isEmpty() ? 0 : perFinding.get(perFinding.size() - 1),
                        rs.getLong(3),
                        rs.getLong(1) - rs.getLong(3),
                        rs.getDouble(4),
                        rs.getLong(5));
            }
            // the largest document, to see what makes it large
            try (ResultSet rs = s.executeQuery(
                    "SELECT document::text FROM finding_versions ORDER BY octet_length(document::text) DESC LIMIT 1")) {
                if (rs.next()) {
                    Path largest = Path.of("target", "live-load-largest-finding.json");
                    Files.createDirectories(largest.getParent());
                    Files.writeString(largest, rs.getString(1));
                    System.out.println("the largest document: " + largest.toAbsolutePath());
                }
            }
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void checkpoints(String rest, String jobId) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId + "/checkpoints"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = Json.MAPPER.readTree(r.body());
        JsonNode d = n.path("summary").path("end_to_end_duration");
        JsonNode size = n.path("summary").path("checkpointed_size");
        System.out.printf(
                Locale.ROOT,
                "checkpoints: %d completed, %d failed; duration p50 %.1f s, p99 %.1f s, max %.1f s; size avg %,d KiB, max %,d KiB%n",
                n.path("counts").path("completed").asLong(),
                n.path("counts").path("failed").asLong(),
                d.path("p50").asDouble() / 1000,
                d.path("p99").asDouble() / 1000,
                d.path("max").asDouble() / 1000,
                size.path("avg").asLong() / 1024,
                size.path("max").asLong() / 1024);
        for (JsonNode c : n.path("history")) {
            boolean failed = "FAILED".equals(c.path("status").asText());
            if (failed || c.path("end_to_end_duration").asLong() >= 2000) {
                System.out.printf(
                        Locale.ROOT,
                        "  %s checkpoint %d: triggered %s UTC, %s%n",
                        failed ? "failed" : "slow",
                        c.path("id").asLong(),
                        CLOCK.format(
                                Instant.ofEpochMilli(c.path("trigger_timestamp").asLong())),
                        failed
                                ? c.path("failure_message").asText()
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f s, %,d KiB",
                                        c.path("end_to_end_duration").asLong() / 1000.0,
                                        c.path("checkpointed_size").asLong() / 1024));
            }
        }
    }

    private static void awaitRunning(JobClient job, String rest, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (job.getJobStatus().get() == JobStatus.RUNNING) {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode n = Json.MAPPER.readTree(r.body());
                boolean all = n.path("vertices").size() > 0;
                for (JsonNode v : n.path("vertices")) {
                    all &= "RUNNING".equals(v.path("status").asText());
                }
                if (all) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job not running after 3 minutes");
    }

    private static String shortName(String vertex) {
        String s = vertex.replaceAll("\\s+", " ");
        return s.length() > 58 ? s.substring(0, 55) + "..." : s;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
