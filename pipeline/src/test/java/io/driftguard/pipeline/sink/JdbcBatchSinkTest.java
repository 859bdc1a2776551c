package io.driftguard.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;

/** How the sink cuts what waits into transactions, and in which order. */
class JdbcBatchSinkTest {

    /** Timers fire only when the test says so, one at a time, as the task's mailbox runs them. */
    private static final class ManualTime implements ProcessingTimeService {
        final List<ProcessingTimeCallback> due = new ArrayList<>();
        long now;

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
            due.add(target);
            return null;
        }

        void fireOne() throws Exception {
            now += JdbcBatchSink.MAX_DELAY_MS;
            due.remove(0).onProcessingTime(now);
        }
    }

    private final List<List<String>> transactions = new ArrayList<>();
    private final ManualTime time = new ManualTime();
    private final SinkWriter<String> sink = JdbcBatchSink.writer(
            null, (connection, batch) -> transactions.add(List.copyOf(batch)), s -> s, s -> s.startsWith("new"), time);

    @Test
    void aBurstIsWrittenInChunksAndWhatArrivesMeanwhileFirstWhenItIsUrgent() throws Exception {
        for (int i = 0; i < 20; i++) {
            sink.write("rejudged-" + i, null);
        }
        assertThat(transactions).as("nothing before the timer").isEmpty();
        assertThat(time.due).hasSize(1);

        time.fireOne();
        assertThat(transactions).hasSize(1);
        assertThat(transactions.get(0)).hasSize(JdbcBatchSink.CHUNK).startsWith("rejudged-0", "rejudged-1");
        assertThat(time.due).as("the rest after the mailbox's turn").hasSize(1);

        // the mailbox's turn: a change's own judgement and one more re-judgement arrive
        sink.write("rejudged-20", null);
        sink.write("new-change", null);
        time.fireOne();
        assertThat(transactions.get(1))
                .hasSize(JdbcBatchSink.CHUNK)
                .as("ahead of the re-judgements waiting since before it")
                .startsWith("new-change", "rejudged-8");

        while (!time.due.isEmpty()) {
            time.fireOne();
        }
        List<String> written = transactions.stream().flatMap(List::stream).toList();
        assertThat(written).hasSize(22).doesNotHaveDuplicates();
        assertThat(transactions).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(JdbcBatchSink.CHUNK));
    }

    @Test
    void aCheckpointWritesEverythingWaitingBeforeItReturns() throws Exception {
        for (int i = 0; i < 19; i++) {
            sink.write("rejudged-" + i, null);
        }
        sink.write("rejudged-3", null); // the same key again: the latest value, in its new place
        sink.flush(false);

        List<String> written = transactions.stream().flatMap(List::stream).toList();
        assertThat(written).hasSize(19).endsWith("rejudged-3");
        assertThat(transactions).hasSize(3);
    }
}
