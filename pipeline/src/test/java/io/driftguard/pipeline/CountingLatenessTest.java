package io.driftguard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.pipeline.replay.ReplayProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** A replay's watermark moves on its records alone, so what it counts as late depends on nothing else. */
class CountingLatenessTest {

    private static final long BOUND = 15 * 60_000L;

    /** Feeds the times in order, with periodic emits in between as the wall clock would call them. */
    private static Run run(long[] times, Random clock) {
        DriftGuardJob.CountingLateness<Object> g = new DriftGuardJob.CountingLateness<>(BOUND);
        Run run = new Run();
        long before = ReplayProgress.LATE.get();
        for (long t : times) {
            g.onEvent(null, t, run);
            if (clock.nextInt(7) == 0) {
                g.onPeriodicEmit(run);
            }
        }
        run.late = ReplayProgress.LATE.get() - before;
        return run;
    }

    private static final class Run implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        long late;

        @Override
        public void emitWatermark(Watermark w) {
            assertThat(watermarks.isEmpty() || w.getTimestamp() > watermarks.get(watermarks.size() - 1))
                    .as("watermarks only move forward")
                    .isTrue();
            watermarks.add(w.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    @Test
    void theSameRecordsInTheSameOrderCountTheSameWhateverTheClockDoes() {
        Random random = new Random(5);
        long[] times = new long[50_000];
        long t = 1_700_000_000_000L;
        for (int i = 0; i < times.length; i++) {
            t += random.nextInt(2_000);
            // about one record in 500 delivered up to 25 minutes late
            times[i] = random.nextInt(500) == 0 ? t - random.nextInt(25 * 60_000) : t;
        }
        Run first = run(times, new Random(1));
        Run second = run(times, new Random(2));
        assertThat(second.late).isEqualTo(first.late).isPositive();
        assertThat(second.watermarks).isEqualTo(first.watermarks);
        // the watermark keeps up: it moves at least every 10,000 records or every bound of event time
        assertThat(first.watermarks).hasSizeGreaterThan(5);
        assertThat(first.watermarks.get(first.watermarks.size() - 1)).isGreaterThan(t - 3 * BOUND);
    }

    @Test
    void aRecordWithinTheBoundIsNeverLateAndOneBehindTheWatermarkAlwaysIs() {
        long t0 = 1_700_000_000_000L;
        Run run = run(new long[] {t0, t0 + BOUND, t0 + 2 * BOUND + 1, t0 + BOUND + 1, t0 + BOUND}, new Random(3));
        // watermarks: t0 - bound - 1 (first record), then t0 - 1 (moved by a bound), then t0 + bound
        assertThat(run.watermarks).containsExactly(t0 - BOUND - 1, t0 - 1, t0 + BOUND);
        assertThat(run.late)
                .as("t0 + bound arrives when the watermark is t0 + bound")
                .isEqualTo(1);
    }

    @Test
    void aRecordWithoutATimeMovesNothing() {
        Run run = run(new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 5}, new Random(4));
        assertThat(run.watermarks).isEmpty();
        assertThat(run.late).isZero();
    }
}
