package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay's output files: the newest version per key, in order, whatever order the versions came in. */
class LatestFileSinkTest {

    @TempDir
    Path dir;

    @Test
    void theNewestVersionOfEachKeyInSortOrderAndNoSpillFileLeft() throws Exception {
        Path out = dir.resolve("out/FINDINGS.jsonl");
        var sink = new LatestFileSink<Map<String, Object>>(
                out,
                m -> (String) m.get("id"),
                m -> ((Number) m.get("version")).longValue(),
                m -> (String) m.get("id"),
                false);
        Random r = new Random(3);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int id = 0; id < 50; id++) {
            for (int v = 1; v <= 1 + id % 4; v++) {
                records.add(Map.of(
                        "id", "dg-" + (char) ('a' + id % 26) + id, "version", v, "body", "x".repeat(r.nextInt(200))));
            }
        }
        Collections.shuffle(records, r); // late, older versions too
        try (SinkWriter<Map<String, Object>> w = sink.createWriter(null)) {
            for (Map<String, Object> m : records) {
                w.write(m, null);
            }
            w.flush(true);
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(50);
        List<String> ids = lines.stream()
                .map(l -> l.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"))
                .toList();
        assertThat(ids).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        for (String line : lines) {
            String id = line.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            int n = Integer.parseInt(id.substring(4));
            assertThat(line).as(id).contains("\"version\":" + (1 + n % 4));
        }
        try (var files = Files.list(out.getParent())) {
            assertThat(files).as("the spill file is gone").containsExactly(out);
        }
    }

    @Test
    void instantsSortAsStringsInTimeOrder() {
        List<Instant> times = new ArrayList<>(List.of(
                Instant.parse("2025-03-12T12:48:24Z"),
                Instant.parse("2025-03-12T12:48:24.5Z"),
                Instant.parse("2025-03-12T12:48:24.000000001Z"),
                Instant.parse("2025-03-12T12:48:25Z"),
                Instant.parse("1969-12-31T23:59:59Z"),
                Instant.parse("1960-01-01T00:00:00Z"),
                Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z")));
        List<Instant> byString = new ArrayList<>(times);
        byString.sort(Comparator.comparing(ReplayCommand::sortable));
        times.sort(Comparator.naturalOrder());
        assertThat(byString).isEqualTo(times);
    }
}
