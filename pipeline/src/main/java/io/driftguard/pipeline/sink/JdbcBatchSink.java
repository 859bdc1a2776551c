package io.driftguard.pipeline.sink;

import io.driftguard.core.store.Database;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A PostgreSQL sink that batches: it writes when {@link #MAX_BATCH} records wait, when
 * {@link #MAX_DELAY_MS} has passed since the first waiting record, and at every checkpoint. Records
 * with the same key in one batch collapse to the last one. With idempotent statements this gives
 * effectively-once rows under Flink's at-least-once replay after a failure.
 *
 * <p>On its timer the sink writes at most {@link #CHUNK} records per transaction and gives the task
 * {@link #PAUSE_MS} between chunks to read its input, so records that arrive while a burst is being written are not
 * stuck behind all of it; records {@code first} accepts are written ahead of the others. Live, a
 * burst is many re-judgements at once (evidence that concerns many findings), each a document of
 * tens or hundreds of kilobytes; the judgement of a new change (a version's first), written after the
 * whole burst, waited seconds for it. Order between records of different keys was never promised, and
 * the stores accept a version older than the one stored (it goes to the history only).
 */
public final class JdbcBatchSink<T> implements Sink<T> {

    /** Writes one batch inside the given connection. */
    @FunctionalInterface
    public interface BatchWriter<T> extends Serializable {
        void write(Connection connection, List<T> batch) throws SQLException;
    }

    /** The key under which later records replace earlier ones within a batch. */
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    /** Records written ahead of the others waiting. */
    public interface First<T> extends Predicate<T>, Serializable {}

    static final int MAX_BATCH = 500;
    static final long MAX_DELAY_MS = 50;
    /** The most records one transaction writes on the timer. */
    static final int CHUNK = 8;
    /**
     * Between two chunks: long enough for the task to read what waits in its input (a timer due at
     * once would run before the next input record, so the input would drain one record per chunk).
     */
    static final long PAUSE_MS = 5;

    private final Database database;
    private final BatchWriter<T> writer;
    private final KeyOf<T> keyOf;
    private final First<T> first;

    public JdbcBatchSink(Database database, KeyOf<T> keyOf, BatchWriter<T> writer) {
        this(database, keyOf, writer, t -> false);
    }

    public JdbcBatchSink(Database database, KeyOf<T> keyOf, BatchWriter<T> writer, First<T> first) {
        this.database = database;
        this.writer = writer;
        this.keyOf = keyOf;
        this.first = first;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            return new Writer<>(database.connect(), writer, keyOf, first, context.getProcessingTimeService());
        } catch (SQLException e) {
            throw new IOException("cannot connect to " + database, e);
        }
    }

    /** The writer over an open connection and a timer service of the caller's (tests). */
    static <T> SinkWriter<T> writer(
            Connection connection, BatchWriter<T> writer, KeyOf<T> keyOf, First<T> first, ProcessingTimeService time) {
        return new Writer<>(connection, writer, keyOf, first, time);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final Connection connection;
        private final BatchWriter<T> writer;
        private final KeyOf<T> keyOf;
        private final First<T> first;
        private final ProcessingTimeService time;
        private final Map<String, T> waiting = new LinkedHashMap<>();
        private boolean timerSet;
        private volatile IOException asyncFailure;

        Writer(
                Connection connection,
                BatchWriter<T> writer,
                KeyOf<T> keyOf,
                First<T> first,
                ProcessingTimeService time) {
            this.connection = connection;
            this.writer = writer;
            this.keyOf = keyOf;
            this.first = first;
            this.time = time;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            rethrow();
            waiting.remove(keyOf.apply(element)); // keep arrival order of the latest value
            waiting.put(keyOf.apply(element), element);
            if (waiting.size() >= MAX_BATCH) {
                writeWaiting();
            } else {
                schedule(MAX_DELAY_MS);
            }
        }

        private void schedule(long delayMs) {
            if (timerSet) {
                return;
            }
            timerSet = true;
            time.registerTimer(time.getCurrentProcessingTime() + delayMs, t -> {
                timerSet = false;
                try {
                    write(chunk());
                    if (!waiting.isEmpty()) {
                        schedule(PAUSE_MS); // the rest after the task has read what came meanwhile
                    }
                } catch (IOException e) {
                    asyncFailure = e;
                }
            });
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            rethrow();
            writeWaiting();
        }

        private void writeWaiting() throws IOException {
            while (!waiting.isEmpty()) {
                write(chunk());
            }
        }

        /** Up to {@link #CHUNK} waiting records, those {@code first} accepts ahead, each in arrival order. */
        private List<T> chunk() {
            List<T> out = new ArrayList<>(Math.min(CHUNK, waiting.size()));
            for (int pass = 0; pass < 2 && out.size() < CHUNK; pass++) {
                Iterator<T> it = waiting.values().iterator();
                while (it.hasNext() && out.size() < CHUNK) {
                    T t = it.next();
                    if (pass == 1 || first.test(t)) {
                        out.add(t);
                        it.remove();
                    }
                }
            }
            return out;
        }

        private void write(List<T> batch) throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            try {
                writer.write(connection, batch);
            } catch (SQLException e) {
                throw new IOException("writing " + batch.size() + " rows failed: " + e.getMessage(), e);
            }
        }

        private void rethrow() throws IOException {
            if (asyncFailure != null) {
                throw asyncFailure;
            }
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }
}
