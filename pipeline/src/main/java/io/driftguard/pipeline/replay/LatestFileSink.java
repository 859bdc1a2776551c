package io.driftguard.pipeline.replay;

import io.driftguard.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A replay output file holding each record as it stands at the end of the run: the highest version
 * per key, one JSON object per line, in a stable order so equal input gives an equal file. Runs
 * with parallelism 1; findings are few compared with events.
 */
public final class LatestFileSink<T> implements Sink<T> {

    /** Serializable accessors, since the sink ships to the task managers. */
    public interface Key<T> extends Function<T, String>, Serializable {}

    public interface Version<T> extends ToLongFunction<T>, Serializable {}

    public interface Order<T> extends Comparator<T>, Serializable {}

    private final String output;
    private final Key<T> key;
    private final Version<T> version;
    private final Order<T> order;
    private final boolean countsFindings;

    public LatestFileSink(Path output, Key<T> key, Version<T> version, Order<T> order, boolean countsFindings) {
        this.output = output.toString();
        this.key = key;
        this.version = version;
        this.order = order;
        this.countsFindings = countsFindings;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer();
    }

    private final class Writer implements SinkWriter<T> {
        private final Map<String, T> latest = new HashMap<>();

        @Override
        public void write(T value, Context context) {
            latest.merge(key.apply(value), value, (a, b) -> version.applyAsLong(b) >= version.applyAsLong(a) ? b : a);
            if (countsFindings) {
                ReplayProgress.FINDINGS.set(latest.size());
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            List<T> all = new ArrayList<>(latest.values());
            all.sort(order);
            Path file = Path.of(output);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (T value : all) {
                    w.write(Json.MAPPER.writeValueAsString(value));
                    w.write('\n');
                }
            }
        }

        @Override
        public void close() {}
    }
}
