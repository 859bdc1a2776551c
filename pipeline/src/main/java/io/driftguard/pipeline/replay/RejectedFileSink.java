package io.driftguard.pipeline.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.DeadLetter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Replay's {@code FINDINGS.jsonl.rejected}: one JSON line per bad record with the file, the line or
 * record index, the source and the reason (docs/design/replay-contract.md). Parallelism 1.
 */
public final class RejectedFileSink implements Sink<DeadLetter> {

    private final String output;

    public RejectedFileSink(Path output) {
        this.output = output.toString();
    }

    @Override
    public SinkWriter<DeadLetter> createWriter(WriterInitContext context) throws IOException {
        return new Writer(Path.of(output));
    }

    /** Turns an origin ({@code file:line}, {@code file#index} or a bare file) into the line's fields. */
    static ObjectNode describe(DeadLetter d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        String origin = d.origin() == null ? "" : d.origin();
        int hash = origin.lastIndexOf('#');
        int colon = origin.lastIndexOf(':');
        if (hash > 0 && isNumber(origin.substring(hash + 1))) {
            n.put("file", origin.substring(0, hash));
            n.put("record", Long.parseLong(origin.substring(hash + 1)));
        } else if (colon > 0 && isNumber(origin.substring(colon + 1))) {
            n.put("file", origin.substring(0, colon));
            n.put("line", Long.parseLong(origin.substring(colon + 1)));
        } else {
            n.put("file", origin);
        }
        n.put("source", d.source());
        n.put("reason", d.reason());
        return n;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static final class Writer implements SinkWriter<DeadLetter> {
        private final BufferedWriter out;

        Writer(Path output) throws IOException {
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            out = Files.newBufferedWriter(
                    output,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }

        @Override
        public void write(DeadLetter d, Context context) throws IOException {
            out.write(Json.MAPPER.writeValueAsString(describe(d)));
            out.write('\n');
            ReplayProgress.REJECTED.incrementAndGet();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
