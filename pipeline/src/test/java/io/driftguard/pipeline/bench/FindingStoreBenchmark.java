package io.driftguard.pipeline.bench;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.FindingStore;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.testkit.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one judged version of a finding costs the PostgreSQL sink, by how much evidence the finding
 * carries (issue 9: live, a finding is re-judged as evidence arrives, and each version is written
 * whole): {@code bench/finding-store.sh [versions per size (40)]}. For each size, findings with that
 * many correlations are written version after version through {@link FindingStore}, each version
 * two correlations more (a re-judgement after new evidence), one version per transaction as the
 * live sink writes a lone re-judgement; prints milliseconds per version (median and 90th
 * percentile, after a warm-up) and the document's size. PostgreSQL runs embedded, on this machine.
 */
public final class FindingStoreBenchmark {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private FindingStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int versions = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int[] sizes = {10, 100, 400, 800};
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s; load average at the start: %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                LiveLoadBenchmark.loadAverage());
        try (LocalPostgres pg = LocalPostgres.start()) {
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            db.migrate();
            if (System.getenv("BENCH_SQL") != null) {
                try (Connection c = db.connect();
                        Statement s = c.createStatement()) {
                    s.execute(System.getenv("BENCH_SQL"));
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-14s %10s %14s %14s %14s%n",
                    "correlations",
                    "versions",
                    "doc_bytes",
                    "p50_ms",
                    "p90_ms");
            for (int round = 0; round < 2; round++) { // the first round warms up the JIT and PostgreSQL
                for (int size : sizes) {
                    double[] ms = new double[versions];
                    long bytes = 0;
                    try (Connection c = db.connect()) {
                        FindingStore store = new FindingStore(c);
                        String id = "dg-bench-" + round + "-" + size;
                        for (int v = 0; v < versions; v++) {
                            Finding f = finding(id, 1000 + v, size + 2 * v);
                            long start = System.nanoTime();
                            store.upsert(List.of(f));
                            ms[v] = (System.nanoTime() - start) / 1e6;
                        }
                        try (Statement s = c.createStatement();
                                ResultSet rs = s.executeQuery(
                                        "SELECT octet_length(document::text) FROM findings WHERE finding_id = '" + id
                                                + "'")) {
                            rs.next();
                            bytes = rs.getLong(1);
                        }
                    }
                    if (round == 1) {
                        Arrays.sort(ms);
                        System.out.printf(
                                Locale.ROOT,
                                "%-14d %10d %14d %14.1f %14.1f%n",
                                size,
                                versions,
                                bytes,
                                ms[versions / 2],
                                ms[(int) Math.ceil(0.9 * versions) - 1]);
                    }
                }
            }
        }
    }

    /** A judged drift finding with {@code correlations} pieces of evidence, as many lines of narrative context. */
    private static Finding finding(String id, long version, int correlations) {
        List<Finding.Correlation> evidence = new ArrayList<>(correlations);
        List<String> lines = new ArrayList<>(correlations);
        for (int i = 0; i < correlations; i++) {
            Instant t = T0.plusSeconds(7L * i);
            evidence.add(new Finding.Correlation(
                    CorrelationKind.ALERT,
                    String.format(Locale.ROOT, "%016x", 0x5eedL * 1_000_003L + i),
                    "alertmanager",
                    i % 7 == 0 ? "after_change" : "open_during_change",
                    t,
                    "Resource pressure on pricing"));
            lines.add("Alertmanager alert HighCPU (medium) \"Resource pressure on pricing\" (on its service pricing;"
                    + " open when the change was made, " + t + ")");
        }
        return Finding.builder()
                .findingId(id)
                .version(version)
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.AWS)
                .account("111122223333")
                .region("eu-west-1")
                .resourceId("pricing-consumers-asg")
                .resourceType("aws_autoscaling_group")
                .iac(new IacRef("terraform", "aws_autoscaling_group.pricing", "terraform/prod/pricing/"))
                .status(FindingStatus.OPEN)
                .changes(List.of(
                        new Change("desired_capacity", "3", "6", null), new Change("max_size", "9", "18", null)))
                .sourceEvents(List.of("e-1", "e-2"))
                .actor(new Finding.FindingActor("priya", "human", "priya"))
                .service("pricing")
                .firstEventTime(T0)
                .lastEventTime(T0.plusSeconds(60))
                .detectedAt(T0.plusSeconds(1))
                .correlations(evidence)
                .reasoning("Evidence: " + String.join("; ", lines))
                .narrative(new Finding.Narrative("priya", "at " + T0, "an incident", lines, "priya changed it"))
                .build();
    }
}
