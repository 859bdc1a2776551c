package io.driftguard.reconcile;

import static io.driftguard.reconcile.ScanQueries.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.live.IacSync;
import io.driftguard.pipeline.live.LiveJob;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The real parts every cloud's reconcile IT runs against: a Kafka broker and a PostgreSQL started
 * in-process, the live job in a MiniCluster reading the one and writing findings to the other, and the
 * checks each IT makes of those findings. What is specific to a cloud (its fake, its audit events, its
 * permissions) stays in the cloud's IT.
 */
public final class ReconcileFixture implements AutoCloseable {

    private final LocalKafka kafka;
    private final LocalPostgres pg;
    private final Database db;
    private final JobClient job;

    private ReconcileFixture(LocalKafka kafka, LocalPostgres pg, Database db, JobClient job) {
        this.kafka = kafka;
        this.pg = pg;
        this.db = db;
        this.job = job;
    }

    /**
     * Starts Kafka (topics created), PostgreSQL (migrated) and the live job, whose consumer group is
     * {@code name} and whose Flink job is {@code driftguard-name}.
     */
    public static ReconcileFixture start(String name) throws Exception {
        LocalKafka kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 6, (short) 1);
        LocalPostgres pg = LocalPostgres.start();
        Database db = new Database(pg.jdbcUrl(), "postgres", "");
        db.migrate();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        LiveJob.build(
                env,
                new LiveJob.Connections(kafka.bootstrapServers(), name, db),
                JobSettings.live(DriftGuardConfig.empty(), 1));
        JobClient job = env.executeAsync("driftguard-" + name);
        return new ReconcileFixture(kafka, pg, db, job);
    }

    public LocalKafka kafka() {
        return kafka;
    }

    /** The sink a {@link Reconciler} publishes its observations to, into this fixture's Kafka. */
    public KafkaObservations observations() {
        return new KafkaObservations(kafka.bootstrapServers(), new Properties());
    }

    /** The first column of every row the query returns, as text. */
    public List<String> rows(String sql) throws Exception {
        return ScanQueries.rows(db, sql);
    }

    /** Publishes the IaC under {@code iac} and checks how many resources it declared. */
    public void syncIac(Path iac, int resources) throws Exception {
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            assertThat(sync.sync(iac, new ArrayList<>())).isEqualTo(resources);
        }
    }

    /** Waits until the audit stream's episode on {@code resource} became a finding with a human actor. */
    public void assertAuditedFinding(String resource) throws Exception {
        assertThat(await(() -> rows(
                        "SELECT found_by || ' ' || actor_type FROM findings WHERE resource_id = '" + resource + "'")))
                .containsExactly("audit_event human");
    }

    /** A scan read every resource the IaC declares and met no problem. */
    public static void assertCleanScan(ScanReport report, int observed) {
        assertThat(report.problems()).isEmpty();
        assertThat(report.observed()).isEqualTo(observed);
    }

    /**
     * The first scan found exactly {@code found} (in resource id order), with an unknown actor, and
     * nothing yet on {@code untouched}.
     */
    public void assertFirstScanFound(List<String> found, String untouched) throws Exception {
        assertThat(await(
                        () -> rows("SELECT resource_id FROM findings WHERE found_by = 'reconcile_scan' ORDER BY 1"),
                        found.size()))
                .containsExactlyElementsOf(found);
        assertThat(rows("SELECT DISTINCT actor_type FROM findings WHERE found_by = 'reconcile_scan'"))
                .containsExactly("unknown");
        assertThat(rows("SELECT count(*) FROM findings WHERE resource_id = '" + untouched + "'"))
                .as("no drift on it yet")
                .containsExactly("0");
    }

    /** The paths of the changes recorded on the finding for {@code resource}. */
    public void assertChangedPaths(String resource, String... paths) throws Exception {
        assertThat(rows("SELECT path FROM finding_changes JOIN findings USING (finding_id) WHERE resource_id = '"
                        + resource + "'"))
                .containsExactly(paths);
    }

    /** The second scan saw every resource differ and found the drift the audit stream missed on {@code later}. */
    public void assertSecondScanFound(ScanReport second, String later) throws Exception {
        assertThat(second.differing()).hasSize(4);
        assertThat(await(() -> rows("SELECT found_by FROM findings WHERE resource_id = '" + later + "'")))
                .containsExactly("reconcile_scan");
    }

    /**
     * Nothing twice: one finding for each of {@code drifting} (in resource id order), the audited
     * episode kept its story, and the second scan added nothing to the finding on {@code firstFound}.
     */
    public void assertNothingTwice(List<String> drifting, String audited, String firstFound, String firstFoundName)
            throws Exception {
        assertThat(rows("SELECT resource_id || ' ' || count(*) FROM findings GROUP BY resource_id ORDER BY 1"))
                .containsExactlyElementsOf(drifting.stream().map(r -> r + " 1").toList());
        assertThat(rows("SELECT found_by || ' ' || actor_type || ' ' || status FROM findings WHERE resource_id = '"
                        + audited + "'"))
                .containsExactly("audit_event human open");
        assertThat(rows("SELECT count(*) FROM finding_source_events s JOIN findings f USING (finding_id)"
                        + " WHERE f.resource_id = '" + audited + "' AND s.event_id LIKE 'scan:%'"))
                .as("the scans restated what the episode reports")
                .containsExactly("0");
        assertThat(rows("SELECT count(*) FROM finding_source_events s JOIN findings f USING (finding_id)"
                        + " WHERE f.resource_id = '" + firstFound + "'"))
                .as("the second scan saw nothing new on " + firstFoundName)
                .containsExactly("1");
    }

    /** Cancels the job, then stops PostgreSQL and Kafka. */
    @Override
    public void close() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        pg.close();
        kafka.close();
    }
}
