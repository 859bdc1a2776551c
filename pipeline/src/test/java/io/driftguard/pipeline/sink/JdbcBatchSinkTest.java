package io.driftguard.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the sink cuts what waits into transactions, in which order, and what a checkpoint waits for. */
class JdbcBatchSinkTest {

    private final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    private SinkWriter<String> sink;

    /** The writers here never touch their connection but close it. */
    private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> null);

    /** A sink whose first transaction blocks until the test releases it: PostgreSQL busy with a burst. */
    private SinkWriter<String> sink(JdbcBatchSink.First<String> first) {
        sink = JdbcBatchSink.writer(
                CONNECTION,
                (connection, batch) -> {
                    if (transactions.isEmpty()) {
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
                first);
        return sink;
    }

    @AfterEach
    void close() throws Exception {
        releaseFirstWrite.countDown();
        sink.close();
    }

    @Test
    void aChangesJudgementIsWrittenFirstInATransactionOfItsOwnAndAFullQueueHoldsTheTask() throws Exception {
        SinkWriter<String> s = sink(v -> v.startsWith("new"));
        s.write("rejudged-0", null);
        assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // PostgreSQL is busy with rejudged-0; the task hands over what the judge sends, up to the bound
        for (int i = 1; i < JdbcBatchSink.MAX_WAITING_FIRST; i++) {
            s.write("rejudged-" + i, null);
        }
        s.write("new-change", null);
        Thread task = new Thread(() -> {
            try {
                s.write("rejudged-late", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        task.start();
        task.join(300);
        assertThat(task.isAlive())
                .as("the queue is full: the task waits for the writer")
                .isTrue();

        releaseFirstWrite.countDown();
        task.join(10_000);
        s.flush(false);

        assertThat(transactions.get(0)).containsExactly("rejudged-0");
        assertThat(transactions.get(1))
                .as("ahead of the re-judgements that came before it")
                .containsExactly("new-change");
        assertThat(transactions.get(2)).hasSize(JdbcBatchSink.CHUNK).startsWith("rejudged-1", "rejudged-2");
        assertThat(transactions).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(JdbcBatchSink.CHUNK));
        assertThat(transactions.stream().flatMap(List::stream))
                .hasSize(JdbcBatchSink.MAX_WAITING_FIRST + 2)
                .doesNotHaveDuplicates()
                .endsWith("rejudged-late");
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
        s.flush(false);

        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(1)).hasSize(30).endsWith("b3");
    }

    @Test
    void aFailedWriteFailsTheNextCheckpointAndTheTask() throws Exception {
        sink = JdbcBatchSink.writer(
                CONNECTION,
                (connection, batch) -> {
                    throw new SQLException("connection reset");
                },
                v -> v,
                null);
        sink.write("x", null);
        assertThatThrownBy(() -> sink.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
        assertThatThrownBy(() -> sink.write("y", null)).isInstanceOf(IOException.class);
    }
}
