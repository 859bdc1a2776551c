package io.driftguard.models.scenario;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.label.Expect;
import io.driftguard.models.scenario.label.Label;
import io.driftguard.models.scenario.random.Rng;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a generated data set as a replay input folder (docs/design/replay-contract.md), streaming: records leave
 * memory as soon as their delivery time has passed. Records are written in delivery order (event
 * time plus a delivery delay of up to a few minutes), the way exports arrive, so files are not
 * sorted by event time. CloudTrail goes into gzip log files per account, region and five minutes;
 * Azure into Event Hubs style {@code {"records": [...]}} batches; the rest into daily JSON Lines files.
 */
public final class ReplayFolderWriter {

    /** What was written. */
    public record Summary(
            Path folder,
            Map<String, Long> recordsPerSource,
            long files,
            int labels,
            Map<Expect, Long> labelsPerExpect,
            Instant runEnd) {}

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_PATH =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CT_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    private static final Duration CT_FILE = Duration.ofMinutes(5);
    private static final int AZURE_BATCH = 100;
    private static final ObjectWriter COMPACT = Json.MAPPER.writer();

    private record Delivery(Instant at, long seq, Emitted e) {}

    private final Path root;
    private final Rng names;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final Map<String, Lines> lines = new LinkedHashMap<>();
    private long files;

    private ReplayFolderWriter(Path root, long seed) {
        this.root = root;
        this.names = new Rng(seed ^ 0x5DEECE66DL);
    }

    public static Summary write(Path folder, GeneratorOptions options) throws IOException {
        ScenarioGenerator.Plan plan = new ScenarioGenerator(options).plan();
        return new ReplayFolderWriter(folder, options.seed()).write(plan);
    }

    private Summary write(ScenarioGenerator.Plan plan) throws IOException {
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("output folder " + root + " is not empty; choose a new folder");
                }
            }
        }
        Files.createDirectories(root);
        for (Map.Entry<String, byte[]> f : plan.files().entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
            files++;
        }
        Rng delays = new Rng(plan.options.seed() ^ 0xD1CE);
        PriorityQueue<Delivery> inFlight = new PriorityQueue<>((a, b) -> {
            int c = a.at().compareTo(b.at());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
        });
        long seq = 0;
        Instant runEnd = plan.options.start();
        Iterator<Emitted> it = plan.events();
        try {
            while (it.hasNext()) {
                Emitted e = it.next();
                runEnd = e.time().isAfter(runEnd) ? e.time() : runEnd;
                long delayMillis = e.audit() ? delays.between(0, 150_000) : delays.between(0, 4_000);
                inFlight.add(new Delivery(e.time().plusMillis(delayMillis), seq++, e));
                while (!inFlight.isEmpty() && !inFlight.peek().at().isAfter(e.time())) {
                    route(inFlight.poll());
                }
            }
            while (!inFlight.isEmpty()) {
                route(inFlight.poll());
            }
        } finally {
            for (Batch b : batches.values()) {
                b.close();
            }
            for (Lines l : lines.values()) {
                l.close();
            }
        }
        List<Label> labels = plan.labels(runEnd);
        Map<Expect, Long> perExpect = new TreeMap<>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(root.resolve("labels.jsonl")))) {
            for (Label l : labels) {
                out.write(COMPACT.writeValueAsBytes(l));
                out.write('\n');
                perExpect.merge(l.expect(), 1L, Long::sum);
            }
        }
        files++;
        return new Summary(root, counts, files, labels.size(), perExpect, runEnd);
    }

    private void route(Delivery d) throws IOException {
        Emitted e = d.e();
        counts.merge(e.source(), 1L, Long::sum);
        byte[] json = COMPACT.writeValueAsBytes(e.record());
        switch (e.source()) {
            case Sources.AWS_CLOUDTRAIL -> {
                String[] part = e.partition().split("/");
                Batch b = batches.get(e.partition());
                if (b != null && (b.count >= 500 || !d.at().isBefore(b.opened.plus(CT_FILE)))) {
                    b.close();
                    batches.remove(e.partition());
                    b = null;
                }
                if (b == null) {
                    String name = part[0] + "_CloudTrail_" + part[1] + "_" + CT_STAMP.format(d.at()) + "_"
                            + names.upperAlnum(4) + names.lowerAlnum(12) + ".json.gz";
                    Path p = root.resolve("events/aws-cloudtrail/" + part[0] + "/" + part[1] + "/"
                            + DAY_PATH.format(d.at()) + "/" + name);
                    b = new Batch(p, true, "{\"Records\":[", d.at());
                    batches.put(e.partition(), b);
                }
                b.add(json);
            }
            case Sources.AZURE_ACTIVITY -> {
                Batch b = batches.get(Sources.AZURE_ACTIVITY);
                if (b != null && (b.count >= AZURE_BATCH || !d.at().isBefore(b.opened.plus(CT_FILE)))) {
                    b.close();
                    batches.remove(Sources.AZURE_ACTIVITY);
                    b = null;
                }
                if (b == null) {
                    Path p =
                            root.resolve("events/azure-activity/" + DAY_PATH.format(d.at()) + "/insights-activity-logs-"
                                    + CT_STAMP.format(d.at()) + "-" + String.format("%06d", files) + ".json");
                    b = new Batch(p, false, "{\"records\":[", d.at());
                    batches.put(Sources.AZURE_ACTIVITY, b);
                }
                b.add(json);
            }
            default -> {
                String dir = e.source().equals(Sources.K8S_AUDIT)
                        ? "events/k8s-audit/" + e.partition() + "/audit-"
                        : "events/" + e.source() + "/" + e.source() + "-";
                String key = dir;
                String path = dir + DAY.format(d.at()) + ".jsonl";
                Lines l = lines.get(key);
                if (l != null && !l.path.equals(path)) {
                    l.close();
                    lines.remove(key);
                    l = null;
                }
                if (l == null) {
                    l = new Lines(path);
                    lines.put(key, l);
                }
                l.out.write(json);
                l.out.write('\n');
            }
        }
    }

    /** A JSON document holding one array of records, written as they come. */
    private final class Batch {
        final OutputStream out;
        final Instant opened;
        int count;

        Batch(Path p, boolean gzip, String head, Instant opened) throws IOException {
            Files.createDirectories(p.getParent());
            OutputStream raw = Files.newOutputStream(p);
            this.out = gzip
                    ? new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16)
                    : new BufferedOutputStream(raw, 1 << 16);
            this.opened = opened;
            out.write(head.getBytes(StandardCharsets.UTF_8));
            files++;
        }

        void add(byte[] json) throws IOException {
            if (count++ > 0) {
                out.write(',');
            }
            out.write(json);
        }

        void close() {
            try {
                out.write("]}\n".getBytes(StandardCharsets.UTF_8));
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A JSON Lines file, appended to while the day lasts. */
    private final class Lines {
        final String path;
        final OutputStream out;

        Lines(String path) throws IOException {
            this.path = path;
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            this.out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
            files++;
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
