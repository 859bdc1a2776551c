package io.driftguard.pipeline.sink;

import io.driftguard.core.store.Database;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A PostgreSQL sink that batches: it writes when {@link #MAX_BATCH} records wait, when
 * {@link #MAX_DELAY_MS} has passed since the first waiting record, and at every checkpoint. Records
 * with the same key in one batch collapse to the last one. With idempotent statements this gives
 * effectively-once rows under Flink's at-least-once replay after a failure.
 */
public final class JdbcBatchSink<T> implements Sink<T> {

    /** Writes one batch inside the given connection. */
    @FunctionalInterface
    public interface BatchWriter<T> extends Serializable {
        void write(Connection connection, List<T> batch) throws SQLException;
    }

    /** The key under which later records replace earlier ones within a batch. */
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    static final int MAX_BATCH = 500;
    static final long MAX_DELAY_MS = 50;

    private final Database database;
    private final BatchWriter<T> writer;
    private final KeyOf<T> keyOf;

    public JdbcBatchSink(Database database, KeyOf<T> keyOf, BatchWriter<T> writer) {
        this.database = database;
        this.writer = writer;
        this.keyOf = keyOf;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            return new Writer<>(database.connect(), writer, keyOf, context.getProcessingTimeService());
        } catch (SQLException e) {
            throw new IOException("cannot connect to " + database, e);
        }
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final Connection connection;
        private final BatchWriter<T> writer;
        private final KeyOf<T> keyOf;
        private final ProcessingTimeService time;
        private final Map<String, T> waiting = new LinkedHashMap<>();
        private boolean timerSet;
        private volatile IOException asyncFailure;

        Writer(Connection connection, BatchWriter<T> writer, KeyOf<T> keyOf, ProcessingTimeService time) {
            this.connection = connection;
            this.writer = writer;
            this.keyOf = keyOf;
            this.time = time;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            rethrow();
            waiting.remove(keyOf.apply(element)); // keep arrival order of the latest value
            waiting.put(keyOf.apply(element), element);
            if (waiting.size() >= MAX_BATCH) {
                writeWaiting();
            } else if (!timerSet) {
                timerSet = true;
                time.registerTimer(time.getCurrentProcessingTime() + MAX_DELAY_MS, t -> {
                    timerSet = false;
                    try {
                        writeWaiting();
                    } catch (IOException e) {
                        asyncFailure = e;
                    }
                });
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            rethrow();
            writeWaiting();
        }

        private void writeWaiting() throws IOException {
            if (waiting.isEmpty()) {
                return;
            }
            List<T> batch = new ArrayList<>(waiting.values());
            try {
                writer.write(connection, batch);
                waiting.clear();
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
