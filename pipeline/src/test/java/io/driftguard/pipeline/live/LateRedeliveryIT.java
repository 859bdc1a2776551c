package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.replay.ReplayFixtures;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, a connector delivers a record again after the episode it belongs to was closed and judged
 * (an SQS message whose deletion failed, seen again after its visibility timeout): the port opened
 * to the world arrives a second time after it was closed. It must neither open the finding again
 * (its id is made of that first event id, so it would come back at version 1) nor leave an open
 * episode behind that swallows the next drift on the resource.
 *
 * <p>Before the episode operator remembered applied event ids beyond their episode, the repeat
 * reopened the closed finding on the findings topic, and the next episode on the resource (the
 * marker below) joined the phantom one and never resolved.
 */
class LateRedeliveryIT {

    @TempDir
    Path dir;

    @Test
    void aRecordDeliveredAgainAfterItsEpisodeClosedChangesNothing() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        List<String> records = LiveRuns.openedAndClosedPorts(start, 2);
        List<String> first = records.subList(0, 2);
        String opened = records.get(0);
        List<String> marker = records.subList(2, 4);

        try (LocalPostgres pg = LocalPostgres.start();
                LocalKafka kafka = LocalKafka.start()) {
            KafkaTopics.ensure(kafka.bootstrapServers(), 2, (short) 1);
            Database db = new Database(pg.createDatabase(), "postgres", null);
            db.migrate();
            JobClient job = LiveRuns.startDeclared(dir, kafka.bootstrapServers(), db, "late-redelivery");
            try {
                String topic = KafkaTopics.raw(Sources.AWS_CLOUDTRAIL);
                send(kafka, topic, first);
                Map<String, String> closed = LiveRuns.awaitResolved(db, 1, Duration.ofSeconds(120));
                String findingId = closed.keySet().iterator().next();
                List<String> history = versions(db, findingId);
                List<String> published = topicRecords(kafka, findingId, history.size());

                send(kafka, topic, List.of(opened)); // delivered again, an hour of processing later or a second
                send(kafka, topic, marker); // the next drift on the same resource, behind it in its partition

                Map<String, String> after = LiveRuns.awaitResolved(db, 2, Duration.ofSeconds(120));
                assertThat(after)
                        .as("the closed finding as it was, and the next one on its own")
                        .hasSize(2);
                assertThat(after.get(findingId)).isEqualTo(closed.get(findingId));
                assertThat(versions(db, findingId)).isEqualTo(history);
                String next = after.keySet().stream()
                        .filter(id -> !id.equals(findingId))
                        .findFirst()
                        .orElseThrow();
                assertThat(after.get(next)).startsWith("resolved reverted");
                // the marker's versions committed on the topic: whatever the repeat caused is there too,
                // in the same transaction or an earlier one (one task writes both, in input order)
                assertThat(topicRecords(kafka, next, versions(db, next).size())).isNotEmpty();
                assertThat(topicRecords(kafka, findingId, published.size()))
                        .as("nothing more on the findings topic for the closed finding")
                        .isEqualTo(published);
                LiveRuns.assertNoChildRowDoubled(db);
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void send(LocalKafka kafka, String topic, List<String> records) throws Exception {
        for (String r : records) {
            kafka.send(topic, ReplayFixtures.SG, r.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The finding's history: each version with its status. */
    private static List<String> versions(Database db, String findingId) throws Exception {
        return LiveRuns.query(
                db,
                "SELECT version || ' ' || status FROM finding_versions WHERE finding_id = '" + findingId
                        + "' ORDER BY version");
    }

    /** The finding's records on the findings topic, read committed: version and status of each. */
    private static List<String> topicRecords(LocalKafka kafka, String findingId, int atLeast) throws Exception {
        byte[] key = findingId.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                kafka.read(KafkaTopics.FINDINGS, r -> Arrays.equals(r.key(), key), atLeast, Duration.ofSeconds(60))) {
            JsonNode f = Json.MAPPER.readTree(r.value());
            out.add(f.path("version").asLong() + " " + f.path("status").asText());
        }
        return out;
    }
}
