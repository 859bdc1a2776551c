package io.driftguard.pipeline.replay;

import io.driftguard.core.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.Serializable;
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
 * with parallelism 1.
 *
 * <p>Records are written as they come, as the JSON lines they will be, to a spill file beside the
 * output ({@code .FILE.spill}); the heap holds per key only the newest version's place in it and its
 * sort key. At the end of the input the newest lines are copied, in order, to the output and the
 * spill file is deleted. A finding carries all its evidence (on twenty days of a busy organisation,
 * up to 4,700 alerts of its service each, 67 MB of findings), which the heap would otherwise hold to
 * the end of the replay.
 */
public final class LatestFileSink<T> implements Sink<T> {

    /** Serializable accessors, since the sink ships to the task managers. */
    public interface Key<T> extends Function<T, String>, Serializable {}

    public interface Version<T> extends ToLongFunction<T>, Serializable {}

    /** Where a record goes in the file: lines are in ascending order of this string. */
    public interface SortKey<T> extends Function<T, String>, Serializable {}

    private final String output;
    private final Key<T> key;
    private final Version<T> version;
    private final SortKey<T> order;
    private final boolean countsFindings;

    public LatestFileSink(Path output, Key<T> key, Version<T> version, SortKey<T> order, boolean countsFindings) {
        this.output = output.toString();
        this.key = key;
        this.version = version;
        this.order = order;
        this.countsFindings = countsFindings;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer();
    }

    /** The newest version of one key: where its line is in the spill file. */
    private record Line(long version, String sortKey, long offset, int length) {}

    private final class Writer implements SinkWriter<T> {
        private final Map<String, Line> latest = new HashMap<>();
        private final Path file = Path.of(output);
        private final Path spill;
        private final OutputStream out;
        private long written;

        Writer() throws IOException {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            spill = file.resolveSibling("." + file.getFileName() + ".spill");
            out = new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16);
        }

        @Override
        public void write(T value, Context context) throws IOException {
            String k = key.apply(value);
            long v = version.applyAsLong(value);
            Line known = latest.get(k);
            if (known != null && known.version() > v) {
                return; // an older version arriving late
            }
            byte[] json = Json.MAPPER.writeValueAsBytes(value);
            out.write(json);
            latest.put(k, new Line(v, order.apply(value), written, json.length));
            written += json.length;
            if (countsFindings) {
                ReplayProgress.FINDINGS.set(latest.size());
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            out.flush();
            List<Line> lines = new ArrayList<>(latest.values());
            lines.sort(Comparator.comparing(Line::sortKey));
            try (RandomAccessFile in = new RandomAccessFile(spill.toFile(), "r");
                    OutputStream w = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                byte[] buffer = new byte[0];
                for (Line line : lines) {
                    if (buffer.length < line.length()) {
                        buffer = new byte[line.length()];
                    }
                    in.seek(line.offset());
                    in.readFully(buffer, 0, line.length());
                    w.write(buffer, 0, line.length());
                    w.write('\n');
                }
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
            Files.deleteIfExists(spill);
        }
    }
}
