package io.driftguard.pipeline.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.FindingStore;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ReplayFolderWriter;
import io.driftguard.pipeline.DriftGuardJob;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.replay.ReplayFileSource;
import io.driftguard.pipeline.replay.ReplayFolder;
import io.driftguard.pipeline.sink.JdbcBatchSink;
import io.driftguard.pipeline.source.ListSource;
import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/sql.md as an analyst meets it: the detection job writes a generated set of scenarios to
 * PostgreSQL through its real sink, people decide on some findings as the dashboard records them,
 * and every query of the page runs verbatim as a member of {@code driftguard_analyst} and returns
 * rows. The same member cannot read a base table or write anything.
 */
class AnalystSqlIT {

    static final Path SQL_PAGE = Path.of("../docs/sql.md");

    @TempDir
    static Path dir;

    static LocalPostgres postgres;
    static String url;

    @BeforeAll
    static void fillFromTheJob() throws Exception {
        postgres = LocalPostgres.start();
        url = postgres.createDatabase();
        Database database = new Database(url, "postgres", null);
        database.migrate();

        Path input = dir.resolve("in");
        ReplayFolderWriter.write(
                input, GeneratorOptions.defaults().withSeed(2613).withScenarios(60));
        ReplayFolder folder = new ReplayFolder(input);
        List<DesiredResource> declared =
                new IacFolderReader().read(folder.iac()).resources();
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        DriftGuardJob.build(
                env,
                new DriftGuardJob.Inputs(
                        new ReplayFileSource(folder.root()), new ListSource<>(DesiredResource.class, declared)),
                new DriftGuardJob.Outputs(
                        List.of(new JdbcBatchSink<Finding>(
                                database,
                                Finding::findingId,
                                (c, batch) -> new FindingStore(c).upsert(batch),
                                JdbcBatchSink.Codec.finding())),
                        List.of(),
                        true),
                JobSettings.replay(DriftGuardConfig.load(folder.defaultConfig()), 2));
        env.execute("analyst-sql");

        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            // What people do in the dashboard: sign in, follow some recommendations, override one,
            // defer one, accept an exception, commit to a revert.
            s.execute("INSERT INTO audit_log (actor, action, detail) VALUES ('editor', 'sign_in', '{}')");
            s.execute("""
                    INSERT INTO approvals (finding_id, finding_version, recommendation, decision, decided_by, comment)
                    SELECT finding_id, version, recommendation,
                           (ARRAY['approved', 'approved', 'rejected', 'deferred'])[1 + (row_number() OVER (ORDER BY finding_id))::int % 4],
                           'editor', 'reviewed'
                    FROM findings WHERE kind = 'drift' AND recommendation IS NOT NULL""");
            s.execute("""
                    INSERT INTO exception_rules (finding_id, cloud, resource_id, attribute, reason, approved_by, expires_at)
                    SELECT finding_id, cloud, resource_id, NULL, 'autoscaler owns the count', 'editor', now() + interval '7 days'
                    FROM findings WHERE kind = 'drift' ORDER BY finding_id LIMIT 1""");
            s.execute("""
                    INSERT INTO remediation_commitments (finding_id, action, committed_by, due_at)
                    SELECT finding_id, 'revert', 'editor', first_event_time + interval '1 day'
                    FROM findings WHERE kind = 'drift' ORDER BY finding_id LIMIT 3""");
            s.execute("INSERT INTO slack_messages (finding_id, channel, ts, posted_version, last_version)"
                    + " SELECT finding_id, 'C0DRIFT', '1700000000.000100', version, version FROM findings LIMIT 1");
            s.execute("CREATE ROLE analyst_alice LOGIN PASSWORD 'alice' IN ROLE driftguard_analyst");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    static Connection asAnalyst() throws SQLException {
        return DriverManager.getConnection(
                url.replaceAll("user=[^&]*", "user=analyst_alice"), "analyst_alice", "alice");
    }

    static List<String> pageQueries() throws Exception {
        String page = Files.readString(SQL_PAGE, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(page);
        List<String> queries = new ArrayList<>();
        while (m.find()) {
            queries.add(m.group(1).strip());
        }
        return queries;
    }

    @Test
    void everyQueryOfThePageReturnsRowsForAnAnalyst() throws Exception {
        List<String> queries = pageQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        try (Connection c = asAnalyst()) {
            assertThat(c.getMetaData().getUserName()).isEqualTo("analyst_alice");
            for (String query : queries) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery(query)) {
                    assertThat(rs.next()).as("rows from:%n%s", query).isTrue();
                }
            }
        }
    }

    @Test
    void everyVersionWrittenIsKept() throws Exception {
        Database database = new Database(url, "postgres", null);
        String id;
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT document::text FROM findings WHERE kind = 'drift' ORDER BY finding_id DESC LIMIT 1")) {
            rs.next();
            Finding latest = Json.MAPPER.readValue(rs.getString(1), Finding.class);
            id = latest.findingId();
            // new evidence: the job writes the same finding again with a higher version
            new FindingStore(c)
                    .upsert(List.of(
                            latest.toBuilder().version(latest.version() + 1).build()));
        }
        try (Connection c = asAnalyst();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT finding_id),"
                        + " (SELECT count(*) FROM analyst_findings),"
                        + " (SELECT count(*) FROM analyst_finding_history WHERE finding_id = '" + id + "')"
                        + " FROM analyst_finding_history")) {
            rs.next();
            assertThat(rs.getLong(2)).as("every finding has a history").isEqualTo(rs.getLong(3));
            assertThat(rs.getLong(4))
                    .as("the rewritten finding keeps both versions")
                    .isEqualTo(2);
        }
    }

    @Test
    void anAnalystCannotReadBaseTablesNorWrite() throws Exception {
        try (Connection c = asAnalyst();
                Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "SELECT count(*) FROM findings",
                    "SELECT count(*) FROM audit_log",
                    "INSERT INTO approvals (finding_id, finding_version, recommendation, decision, decided_by)"
                            + " SELECT finding_id, version, 'auto_revert', 'approved', 'analyst_alice' FROM analyst_findings LIMIT 1",
                    "UPDATE findings SET status = 'resolved'",
                    "DELETE FROM analyst_user_actions",
                    "CREATE TABLE mine (x int)",
                    "DROP VIEW analyst_findings")) {
                assertThatThrownBy(() -> s.execute(sql))
                        .as(sql)
                        .isInstanceOf(SQLException.class)
                        .hasMessageMatching("(?s).*(permission denied|must be owner).*");
            }
        }
    }

    @Test
    void historyAndTheAuditLogRefuseChangesEvenFromTheOwner() throws Exception {
        try (Connection c = new Database(url, "postgres", null).connect();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM finding_versions")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("UPDATE audit_log SET actor = 'someone else'"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void everyTableViewAndColumnIsDocumented() throws Exception {
        try (Connection c = new Database(url, "postgres", null).connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT c.relname || coalesce('.' || a.attname, '')
                        FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                        WHERE c.relkind IN ('r', 'v') AND c.relname <> 'flyway_schema_history'
                          AND (obj_description(c.oid, 'pg_class') IS NULL
                               OR (a.attnum IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL))""")) {
            List<String> undocumented = new ArrayList<>();
            while (rs.next()) {
                undocumented.add(rs.getString(1));
            }
            assertThat(undocumented).isEmpty();
        }
    }
}
