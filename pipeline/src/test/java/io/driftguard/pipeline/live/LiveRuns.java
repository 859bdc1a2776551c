package io.driftguard.pipeline.live;

import static io.driftguard.pipeline.replay.ReplayFixtures.ingress;
import static io.driftguard.pipeline.replay.ReplayFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.replay.ReplayFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What the failure tests of the live job share: their input, the undisturbed run, and the checks on PostgreSQL. */
final class LiveRuns {

    private LiveRuns() {}

    /**
     * {@code pairs} drift episodes on the fixtures' security group, two minutes apart from
     * {@code start}: port 1000+k opened to the world from the console, closed again a minute later.
     */
    static List<String> openedAndClosedPorts(Instant start, int pairs) {
        List<String> records = new ArrayList<>();
        for (int k = 0; k < pairs; k++) {
            Instant opened = start.plus(Duration.ofMinutes(2L * k));
            records.add(record(
                    "open-" + k,
                    opened.toString(),
                    "AuthorizeSecurityGroupIngress",
                    "console.ec2.amazonaws.com",
                    ingress(1000 + k),
                    null));
            records.add(record(
                    "close-" + k,
                    opened.plusSeconds(60).toString(),
                    "RevokeSecurityGroupIngress",
                    "console.ec2.amazonaws.com",
                    ingress(1000 + k),
                    null));
        }
        return records;
    }

    /** A CloudTrail log file holding {@code records}, as S3 holds it and the SQS connector forwards it. */
    static byte[] logFile(List<String> records) {
        return ("{\"Records\": [" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /** The same input through the replay command: the undisturbed run (finding id → summary). */
    static Map<String, String> replayed(Path dir, List<String> records) throws Exception {
        Path input = dir.resolve("replay-in");
        ReplayFixtures.terraformState(input);
        ReplayFixtures.cloudTrailFile(
                input, ReplayFixtures.ACCOUNT + "_CloudTrail_eu-west-1_all.json.gz", records.toArray(String[]::new));
        Path output = dir.resolve("replay-out/FINDINGS.jsonl");
        ReplayFixtures.replay(input, output);
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(output)) {
            JsonNode f = Json.MAPPER.readTree(line);
            out.put(f.path("finding_id").asText(), summary(f));
        }
        return out;
    }

    /** What a reader compares: status, resolution, changes, source events. */
    static String summary(JsonNode f) throws Exception {
        return f.path("status").asText() + " " + f.path("resolution").asText() + " " + canonical(f.path("changes"))
                + " " + canonical(f.path("source_events"));
    }

    /** JSON with its object keys sorted: PostgreSQL's jsonb keeps values, not key order. */
    private static String canonical(JsonNode node) throws Exception {
        return SORTED.writeValueAsString(Json.MAPPER.treeToValue(node, Object.class));
    }

    private static final ObjectWriter SORTED =
            Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * Declares the fixtures' Terraform state on {@code bootstrap} and starts the live job on it at
     * parallelism 1 with checkpoints every second, its consumers in group {@code group}.
     */
    static JobClient startDeclared(Path dir, String bootstrap, Database db, String group) throws Exception {
        ReplayFixtures.terraformState(dir);
        try (IacSync sync = new IacSync(bootstrap)) {
            sync.sync(dir.resolve("iac"), new ArrayList<>());
        }
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        LiveJob.build(
                env, new LiveJob.Connections(bootstrap, group, db), JobSettings.live(DriftGuardConfig.empty(), 1));
        return env.executeAsync("driftguard-" + group);
    }

    static Map<String, String> awaitResolved(Database db, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> last = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                last = stored(db);
                if (last.values().stream().filter(s -> s.startsWith("resolved")).count() >= count) {
                    return last;
                }
            } catch (SQLException e) {
                // not up yet
            }
            Thread.sleep(250); // the poll interval
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + count
                + " resolved findings; stored: " + last);
    }

    static Map<String, String> stored(Database db) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT finding_id, document::text FROM findings")) {
            while (rs.next()) {
                out.put(rs.getString(1), summary(Json.MAPPER.readTree(rs.getString(2))));
            }
        }
        return out;
    }

    /** No child row twice, child rows as the document says, the row's version the last of its history. */
    static void assertNoChildRowDoubled(Database db) throws Exception {
        assertThat(query(
                        db,
                        "SELECT finding_id || ' ' || count(*) FROM finding_changes"
                                + " GROUP BY finding_id HAVING count(*) <> 1"))
                .as("findings whose one changed attribute is stored more or less than once")
                .isEmpty();
        assertThat(query(
                        db,
                        "SELECT finding_id || ' ' || event_id FROM finding_source_events"
                                + " GROUP BY finding_id, event_id HAVING count(*) > 1"))
                .as("source events stored twice")
                .isEmpty();
        assertThat(query(
                        db,
                        "SELECT f.finding_id FROM findings f"
                                + " WHERE (SELECT count(*) FROM finding_source_events e WHERE e.finding_id = f.finding_id)"
                                + " <> jsonb_array_length(f.document -> 'source_events')"))
                .as("findings whose source-event rows differ from their document")
                .isEmpty();
        assertThat(query(
                        db,
                        "SELECT f.finding_id FROM findings f WHERE f.version <>"
                                + " (SELECT max(v.version) FROM finding_versions v WHERE v.finding_id = f.finding_id)"))
                .as("findings whose latest version is not the last in their history")
                .isEmpty();
    }

    static List<String> query(Database db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
