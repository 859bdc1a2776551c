package io.driftguard.pipeline.replay;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Replay's FINDINGS.jsonl: each finding as it stands at the end of the run (its highest version),
 * one JSON object per line, ordered by first event time then id so equal input gives an equal file.
 * Runs with parallelism 1; findings are few compared with events.
 */
public final class FindingsFileSink implements Sink<Finding> {

    private final String output;

    public FindingsFileSink(Path output) {
        this.output = output.toString();
    }

    @Override
    public SinkWriter<Finding> createWriter(WriterInitContext context) {
        return new Writer(Path.of(output));
    }

    private static final class Writer implements SinkWriter<Finding> {
        private final Path output;
        private final Map<String, Finding> latest = new HashMap<>();

        Writer(Path output) {
            this.output = output;
        }

        @Override
        public void write(Finding f, Context context) {
            latest.merge(f.findingId(), f, (a, b) -> b.version() >= a.version() ? b : a);
            ReplayProgress.FINDINGS.set(latest.size());
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            List<Finding> all = new ArrayList<>(latest.values());
            all.sort(Comparator.comparing(Finding::firstEventTime).thenComparing(Finding::findingId));
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                for (Finding f : all) {
                    w.write(Json.MAPPER.writeValueAsString(f));
                    w.write('\n');
                }
            }
        }

        @Override
        public void close() {}
    }
}
