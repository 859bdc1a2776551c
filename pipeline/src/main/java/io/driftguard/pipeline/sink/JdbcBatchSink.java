package io.driftguard.pipeline.sink;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.EventCodec;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A PostgreSQL sink that writes on a thread of its own: the task hands records over and goes on
 * reading its input, the writer thread writes whatever waits, one transaction at a time. A
 * checkpoint does not wait for PostgreSQL: what waits (and what is being written) is the sink's
 * state in that checkpoint, and a writer restored from it writes those records first. Records with
 * the same key that wait together collapse to the last one. With idempotent statements this gives
 * effectively-once rows under Flink's replay after a failure: a record of the checkpoint is either
 * written already or written again from the state, one read after it comes again from upstream.
 * The end of a bounded input waits until everything is written. At most {@link #MAX_WAITING}
 * records wait; then the task waits for the writer (back-pressure).
 *
 * <p>A sink given {@code first} writes what {@code first} accepts on a connection and thread of
 * their own, at most {@link #CHUNK} per transaction, and the rest one record per transaction, at
 * most {@link #MAX_WAITING_LATER} waiting. Live, a burst is many re-judgements at once (evidence
 * that concerns many findings), each a document of tens or hundreds of kilobytes that PostgreSQL
 * takes tens to hundreds of milliseconds to write on a loaded machine; a change's judgement that
 * arrives meanwhile waits for none of them. (When the task waited for the burst, and every
 * checkpoint waited until the queue was written, the judgement of a new change came out seconds
 * later: docs/benchmarks.md.) Order between records of different keys was never promised, and the
 * stores accept a version older than the one stored (it goes to the history only).
 */
public final class JdbcBatchSink<T> implements Sink<T>, SupportsWriterState<T, byte[]> {

    /** Writes one batch inside the given connection. */
    @FunctionalInterface
    public interface BatchWriter<T> extends Serializable {
        void write(Connection connection, List<T> batch) throws SQLException;
    }

    /** The key under which later records replace earlier ones while they wait. */
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    /** Records written ahead of the others waiting. */
    public interface First<T> extends Predicate<T>, Serializable {}

    /** How a waiting record is kept in a checkpoint. */
    public interface Codec<T> extends Serializable {
        byte[] encode(T value) throws IOException;

        T decode(byte[] bytes) throws IOException;

        /** JSON through {@link Json#MAPPER}, for records the mapper reads back as written. */
        static <T> Codec<T> json(Class<T> type) {
            return new Codec<>() {
                @Override
                public byte[] encode(T value) throws IOException {
                    return Json.MAPPER.writeValueAsBytes(value);
                }

                @Override
                public T decode(byte[] bytes) throws IOException {
                    return Json.MAPPER.readValue(bytes, type);
                }
            };
        }

        /** A finding as the findings topic carries it ({@link EventCodec}). */
        static Codec<Finding> finding() {
            return new Codec<>() {
                @Override
                public byte[] encode(Finding value) {
                    return EventCodec.encode(value);
                }

                @Override
                public Finding decode(byte[] bytes) {
                    return EventCodec.decodeFinding(bytes);
                }
            };
        }
    }

    /** The most records that wait (in a sink with {@code first}: that it accepts); one transaction writes at most this many. */
    static final int MAX_WAITING = 500;
    /** The most records {@code first} accepts per transaction. */
    static final int CHUNK = 4;
    /**
     * The most records {@code first} does not accept that wait in a sink with {@code first}: a burst of
     * re-judgements (about a hundred documents of about 100 KB each in docs/benchmarks.md) waits here,
     * in the checkpoint's state, instead of stopping the task that hands them over; beyond it, the
     * task waits, and what would queue waits upstream (the judge's re-judgements, in its state).
     */
    static final int MAX_WAITING_LATER = 200;

    private final Database database;
    private final BatchWriter<T> writer;
    private final KeyOf<T> keyOf;
    private final Codec<T> codec;
    private final First<T> first;

    /** Writes whatever waits in one transaction. */
    public JdbcBatchSink(Database database, KeyOf<T> keyOf, BatchWriter<T> writer, Codec<T> codec) {
        this(database, keyOf, writer, codec, null);
    }

    /**
     * Writes what {@code first} accepts on a connection of its own, at most {@link #CHUNK} per transaction,
     * and the rest on another, one per transaction.
     */
    public JdbcBatchSink(Database database, KeyOf<T> keyOf, BatchWriter<T> writer, Codec<T> codec, First<T> first) {
        this.database = database;
        this.writer = writer;
        this.keyOf = keyOf;
        this.codec = codec;
        this.first = first;
    }

    @Override
    public StatefulSinkWriter<T, byte[]> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, byte[]> restoreWriter(WriterInitContext context, Collection<byte[]> recovered)
            throws IOException {
        List<T> records = new ArrayList<>(recovered.size());
        for (byte[] r : recovered) {
            records.add(codec.decode(r));
        }
        try {
            return new Writer<>(
                    database::connect,
                    writer,
                    keyOf,
                    codec,
                    first,
                    records,
                    "postgres writer " + context.getTaskInfo().getTaskNameWithSubtasks());
        } catch (SQLException e) {
            throw new IOException("cannot connect to " + database, e);
        }
    }

    @Override
    public SimpleVersionedSerializer<byte[]> getWriterStateSerializer() {
        return RECORD_BYTES;
    }

    /** A waiting record in the checkpoint: its {@link Codec} bytes as they are. */
    private static final SimpleVersionedSerializer<byte[]> RECORD_BYTES = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(byte[] record) {
            return record;
        }

        @Override
        public byte[] deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown version " + version + " of a waiting PostgreSQL record");
            }
            return serialized;
        }
    };

    /** Opens a connection for a lane. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    /** The writer over {@code connections}, with {@code recovered} records waiting (tests). */
    static <T> StatefulSinkWriter<T, byte[]> writer(
            Connections connections,
            BatchWriter<T> writer,
            KeyOf<T> keyOf,
            Codec<T> codec,
            First<T> first,
            List<T> recovered)
            throws SQLException {
        return new Writer<>(connections, writer, keyOf, codec, first, recovered, "postgres writer");
    }

    /**
     * Hands records to its lanes: one that writes everything, or, with {@code first}, one for what
     * {@code first} accepts and one for the rest, each with a connection and a thread of its own, so
     * that a change's judgement waits for no re-judgement. Each transaction of the rest holds one
     * record, so two lanes writing the same finding wait for each other's row lock but never deadlock.
     */
    private static final class Writer<T> implements StatefulSinkWriter<T, byte[]> {
        private final BatchWriter<T> writer;
        private final KeyOf<T> keyOf;
        private final Codec<T> codec;
        private final First<T> first;
        private final Object lock = new Object();
        private final Lane ahead;
        private final Lane rest;
        // guarded by lock
        private IOException failure;
        private boolean closed;

        Writer(
                Connections connections,
                BatchWriter<T> writer,
                KeyOf<T> keyOf,
                Codec<T> codec,
                First<T> first,
                List<T> recovered,
                String name)
                throws SQLException {
            this.writer = writer;
            this.keyOf = keyOf;
            this.codec = codec;
            this.first = first;
            if (first == null) {
                this.rest = new Lane(connections.open(), MAX_WAITING, MAX_WAITING);
                this.ahead = rest;
            } else {
                Connection one = connections.open();
                Connection two;
                try {
                    two = connections.open();
                } catch (SQLException e) {
                    close(one);
                    throw e;
                }
                this.ahead = new Lane(one, MAX_WAITING, CHUNK);
                this.rest = new Lane(two, MAX_WAITING_LATER, 1);
            }
            recovered.forEach(r -> laneOf(r).enqueue(r)); // before the threads start: no lock needed yet
            ahead.start(name + (ahead == rest ? "" : ", first"));
            if (rest != ahead) {
                rest.start(name);
            }
        }

        private Lane laneOf(T element) {
            return first != null && first.test(element) ? ahead : rest;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            Lane lane = laneOf(element);
            synchronized (lock) {
                while (lane.waiting.size() >= lane.limit && failure == null) {
                    lock.wait();
                }
                rethrow();
                lane.enqueue(element);
                lock.notifyAll();
            }
        }

        /**
         * At a checkpoint, only a failure counts (it fails the checkpoint and the task): what waits is
         * in the state instead ({@link #snapshotState}). At the end of the input, returns once everything
         * handed over is written.
         */
        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            synchronized (lock) {
                while (endOfInput && (ahead.busy() || rest.busy()) && failure == null) {
                    lock.wait();
                }
                rethrow();
            }
        }

        /** What is being written and what waits, in the order a restored writer writes them. */
        @Override
        public List<byte[]> snapshotState(long checkpointId) throws IOException {
            List<T> records = new ArrayList<>();
            synchronized (lock) {
                rethrow();
                ahead.addTo(records);
                if (rest != ahead) {
                    rest.addTo(records);
                }
            }
            List<byte[]> state = new ArrayList<>(records.size());
            for (T r : records) {
                state.add(codec.encode(r));
            }
            return state;
        }

        private void rethrow() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() throws Exception {
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
            ahead.stop();
            if (rest != ahead) {
                rest.stop();
            }
        }

        private static void close(Connection c) {
            try {
                c.close();
            } catch (SQLException e) {
                // broken already
            }
        }

        /** Records waiting for one connection, written by one thread, at most {@code chunk} per transaction. */
        private final class Lane {
            private final Connection connection;
            private final int limit;
            private final int chunk;
            // guarded by lock
            private final Map<String, T> waiting = new LinkedHashMap<>();
            /** The transaction being written, until it committed. */
            private List<T> writing = List.of();

            private Thread thread;

            Lane(Connection connection, int limit, int chunk) {
                this.connection = connection;
                this.limit = limit;
                this.chunk = chunk;
            }

            void start(String name) {
                thread = new Thread(this::run, name);
                thread.setDaemon(true);
                thread.start();
            }

            /** Adds {@code element} at the end, in place of a waiting record of its key. */
            void enqueue(T element) {
                String key = keyOf.apply(element);
                waiting.remove(key); // keep arrival order of the latest value
                waiting.put(key, element);
            }

            boolean busy() {
                return !waiting.isEmpty() || !writing.isEmpty();
            }

            void addTo(List<T> records) {
                records.addAll(writing);
                records.addAll(waiting.values());
            }

            private void run() {
                try {
                    while (true) {
                        List<T> batch = new ArrayList<>();
                        synchronized (lock) {
                            while (waiting.isEmpty() && !closed && failure == null) {
                                lock.wait();
                            }
                            if (closed || failure != null) {
                                return; // what waits is in the last checkpoint or comes again from upstream
                            }
                            Iterator<T> it = waiting.values().iterator();
                            while (it.hasNext() && batch.size() < chunk) {
                                batch.add(it.next());
                                it.remove();
                            }
                            writing = batch;
                            lock.notifyAll(); // room in the queue
                        }
                        try {
                            writer.write(connection, batch);
                        } catch (SQLException
                                | RuntimeException
                                | Error e) { // never a silent end: a checkpoint or the end of input would miss it
                            synchronized (lock) {
                                if (failure == null) {
                                    failure = new IOException(
                                            "writing " + batch.size() + " rows failed: " + e.getMessage(), e);
                                }
                                lock.notifyAll();
                            }
                            return;
                        }
                        synchronized (lock) {
                            writing = List.of();
                            lock.notifyAll();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            void stop() throws InterruptedException {
                thread.join(10_000);
                close(connection);
            }
        }
    }
}
