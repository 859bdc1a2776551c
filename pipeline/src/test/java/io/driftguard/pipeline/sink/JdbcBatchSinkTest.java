package io.driftguard.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the sink cuts what waits into transactions, in which order, what stops the task, and what a
 * checkpoint keeps instead of waiting for PostgreSQL.
 */
@Timeout(60) // a writer or checkpoint that waits where it must not hangs; this fails it
class JdbcBatchSinkTest {

    private final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    private final AtomicBoolean firstCall = new AtomicBoolean(true);
    private StatefulSinkWriter<String, byte[]> sink;

    private static final JdbcBatchSink.Codec<String> UTF8 = new JdbcBatchSink.Codec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    /** The writers here never touch their connection but close it. */
    private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> null);

    /** A sink whose first transaction blocks until the test releases it: PostgreSQL busy with a burst. */
    private StatefulSinkWriter<String, byte[]> sink(JdbcBatchSink.First<String> first) {
        return sink(first, List.of());
    }

    private StatefulSinkWriter<String, byte[]> sink(JdbcBatchSink.First<String> first, List<String> recovered) {
        try {
            sink = JdbcBatchSink.writer(
                    () -> CONNECTION,
                    (connection, batch) -> {
                        if (firstCall.compareAndSet(true, false)) {
                            firstWriteStarted.countDown();
                            try {
                                releaseFirstWrite.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        transactions.add(List.copyOf(batch));
                    },
                    s -> s,
                    UTF8,
                    first,
                    recovered);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return sink;
    }

    @AfterEach
    void close() throws Exception {
        releaseFirstWrite.countDown();
        sink.close();
    }

    @Test
    void aChangesJudgementIsWrittenWhilePostgresIsBusyWithReJudgementsAndTheirFullQueue() throws Exception {
        SinkWriter<String> s = sink(v -> v.startsWith("new"));
        s.write("rejudged-0", null);
        assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // PostgreSQL is busy with rejudged-0; the task hands over what the judge sends, up to the bound
        for (int i = 1; i <= JdbcBatchSink.MAX_WAITING_LATER; i++) {
            s.write("rejudged-" + i, null);
        }
        Thread late = new Thread(() -> {
            try {
                s.write("rejudged-late", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the test stops the task's wait
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        late.start();
        late.join(300);
        assertThat(late.isAlive())
                .as("the queue of re-judgements is full: the task waits for the writer")
                .isTrue();
        late.interrupt();
        late.join(10_000);

        s.write("new-change", null); // returns: a full queue of re-judgements does not hold it up
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (transactions.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(transactions)
                .as("written while rejudged-0 still holds the other connection")
                .containsExactly(List.of("new-change"));

        releaseFirstWrite.countDown();
        s.flush(true);
        assertThat(transactions.get(1)).containsExactly("rejudged-0");
        assertThat(transactions.subList(1, transactions.size()))
                .as("one re-judgement per transaction, in arrival order")
                .allSatisfy(t -> assertThat(t).hasSize(1));
        assertThat(transactions.stream().flatMap(List::stream))
                .hasSize(JdbcBatchSink.MAX_WAITING_LATER + 2)
                .doesNotHaveDuplicates()
                .doesNotContain("rejudged-late")
                .endsWith(
                        "rejudged-" + (JdbcBatchSink.MAX_WAITING_LATER - 1),
                        "rejudged-" + JdbcBatchSink.MAX_WAITING_LATER);
    }

    @Test
    void aCheckpointKeepsWhatWaitsInsteadOfWaitingForPostgresAndARestoredWriterWritesIt() throws Exception {
        StatefulSinkWriter<String, byte[]> s = sink(null);
        s.write("a", null);
        assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
        s.write("b", null);
        s.write("c", null);

        // PostgreSQL stands still, and the checkpoint does not wait for it
        s.flush(false);
        List<String> state = s.snapshotState(7).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .toList();
        assertThat(state).as("the transaction being written, then what waits").containsExactly("a", "b", "c");
        assertThat(transactions).isEmpty();

        // the job fails before anything is written; a writer restored from the checkpoint writes it all
        releaseFirstWrite.countDown();
        s.close();
        transactions.clear();
        StatefulSinkWriter<String, byte[]> restored = sink(null, state);
        restored.flush(true);
        assertThat(transactions.stream().flatMap(List::stream)).containsExactly("a", "b", "c");
        assertThat(restored.snapshotState(8)).isEmpty();
    }

    @Test
    void withoutPrioritiesWhatWaitsIsOneTransactionAndTheLatestValueOfAKeyWins() throws Exception {
        SinkWriter<String> s = sink(null);
        s.write("a", null);
        assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 30; i++) {
            s.write("b" + i, null);
        }
        s.write("b3", null); // the same key again: one row, in its new place
        releaseFirstWrite.countDown();
        s.flush(true);

        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(1)).hasSize(30).endsWith("b3");
    }

    @Test
    void aFailedWriteFailsTheNextCheckpointAndTheTask() throws Exception {
        sink = JdbcBatchSink.writer(
                () -> CONNECTION,
                (connection, batch) -> {
                    throw new SQLException("connection reset");
                },
                v -> v,
                UTF8,
                null,
                List.of());
        sink.write("x", null);
        assertThatThrownBy(() -> sink.flush(true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
        assertThatThrownBy(() -> sink.flush(false)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> sink.snapshotState(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> sink.write("y", null)).isInstanceOf(IOException.class);
    }
}
