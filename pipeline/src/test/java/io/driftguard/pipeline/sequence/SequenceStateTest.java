package io.driftguard.pipeline.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.finding.Finding;
import io.driftguard.pipeline.correlation.CorrelatedFinding;
import io.driftguard.pipeline.correlation.ReadActivityFunction;
import io.driftguard.pipeline.correlation.ReadBundle;
import io.driftguard.pipeline.correlation.ReadEvent;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Keyed state per actor, as checkpointed, of the CEP troubleshooting pattern against today's read
 * activity operator ({@link ReadActivityFunction}, counts per minute), for an actor reading one
 * resource steadily for 30 minutes. The figures go to the test output (docs/design/sequence-patterns.md
 * quotes them). CEP keeps every read that may still start a match; the minute buckets keep counts, so
 * CEP's state grows with the reads and the buckets' with the minutes.
 */
class SequenceStateTest {

    static final long MIN = 60_000;
    static final long T0 = SequencePatternsTest.T0;

    static long cepState(int reads) throws Exception {
        try (var h = SequenceHarness.of(SequencePatterns.troubleshooting(), SequencePatterns.TROUBLESHOOTING, true)) {
            for (int i = 0; i < reads; i++) {
                SequenceEvent e = new SequenceEvent(
                        SequenceEvent.Kind.READ, "r" + i, "jane", "sg-1", "checkout", false, T0 + i * 30 * MIN / reads);
                h.processElement(new StreamRecord<>(e, e.time()));
            }
            h.processWatermark(new Watermark(T0 + 30 * MIN));
            OperatorSubtaskState s = h.snapshot(1, 1);
            return s.getManagedKeyedState().getStateSize();
        }
    }

    static long readActivityState(int reads) throws Exception {
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, ReadBundle, Finding, CorrelatedFinding>(
                new KeyedCoProcessOperator<>(new ReadActivityFunction()),
                r -> r.actor,
                f -> f.actor().id(),
                Types.STRING)) {
            h.open();
            for (int i = 0; i < reads; i++) {
                long t = T0 + i * 30 * MIN / reads;
                h.processElement1(new StreamRecord<>(
                        ReadBundle.of(new ReadEvent("jane", "aws|1|sg-1", "aws|1|ec2", t, "r" + i)), t));
            }
            h.processBothWatermarks(new Watermark(T0 + 30 * MIN));
            return h.snapshot(1, 1).getManagedKeyedState().getStateSize();
        }
    }

    @Test
    void cepKeepsEveryReadThatMayStartAMatchTheMinuteBucketsKeepCountsAndAHashPerRead() throws Exception {
        StringBuilder report = new StringBuilder("keyed state of one actor after 30 minutes of reads (bytes)\n");
        report.append(String.format(Locale.ROOT, "%8s %14s %14s%n", "reads", "CEP pattern", "read buckets"));
        long[] cep = new long[3];
        long[] buckets = new long[3];
        int[] counts = {10, 100, 1000};
        for (int i = 0; i < counts.length; i++) {
            cep[i] = cepState(counts[i]);
            buckets[i] = readActivityState(counts[i]);
            report.append(String.format(Locale.ROOT, "%8d %14d %14d%n", counts[i], cep[i], buckets[i]));
        }
        System.out.print(report);
        assertThat(cep[2]).as("CEP grows with the reads").isGreaterThan(5 * cep[1]);
        // A bucket keeps counts per resource and scope plus one 8-byte hash per read (so a
        // redelivered read is counted once): it grows by about a hash per read, CEP by a whole event.
        double bucketBytesPerRead = (buckets[2] - buckets[1]) / 900.0;
        double cepBytesPerRead = (cep[2] - cep[1]) / 900.0;
        assertThat(bucketBytesPerRead).as("read buckets: bytes per extra read").isLessThanOrEqualTo(16.0);
        assertThat(cepBytesPerRead).as("CEP: bytes per extra read").isGreaterThan(10 * bucketBytesPerRead);
    }
}
