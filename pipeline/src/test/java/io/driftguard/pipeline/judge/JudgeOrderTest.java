package io.driftguard.pipeline.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.Judge;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.testing.Episodes;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Live, the judgement of a new change is not held up by a burst of re-judgements that came before it
 * (evidence about a whole account re-judges every finding of it at once): re-judgements are judged a
 * slice at a time, the task reading its input in between, and what waits survives a restore.
 */
class JudgeOrderTest {

    private static final Judge JUDGE =
            Judge.of(DriftGuardConfig.empty(), CauseModel.fromClasspath(new CauseFeatures()));

    /** Finding {@code id} at {@code version} (n-th judgement of episode version v: v * 1000 + n). */
    private static EpisodeContext context(String id, long version) {
        return busy(id, 0, version);
    }

    /** Finding {@code id} with {@code alerts} alerts of its service open during the change. */
    private static EpisodeContext busy(String id, int alerts) {
        return busy(id, alerts, 1_000);
    }

    private static EpisodeContext busy(String id, int alerts, long version) {
        Episodes e = Episodes.aws("aws_security_group", "sg-" + id)
                .findingId(id)
                .change("ingress", "[" + Episodes.HTTPS_LB + "]", "[" + Episodes.SSH_WORLD + "]");
        for (int i = 0; i < alerts; i++) {
            e.factWithId("alert", "alert-" + i, "open_during_change", 30, "warning");
        }
        EpisodeContext c = e.build();
        return new EpisodeContext(
                c.finding().toBuilder().version(version).build(),
                c.actor(),
                c.service(),
                c.facts(),
                c.asOf(),
                c.lastActorChange());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EpisodeContext, Finding> harness() throws Exception {
        return harness(false);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EpisodeContext, Finding> harness(boolean replay)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new JudgeFunction(JUDGE, replay)),
                c -> c.finding().findingId(),
                Types.STRING);
    }

    @Test
    void aChangesJudgementGoesAheadOfABurstOfReJudgementsThatAreJudgedASliceAtATime() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            for (int i = 0; i < 20; i++) {
                h.processElement(new StreamRecord<>(context("rejudged-" + i, 1_003), 0));
            }
            h.processElement(new StreamRecord<>(context("new-change", 2_000), 0));
            assertThat(h.extractOutputValues())
                    .as("nothing before the batch's delay")
                    .isEmpty();

            h.setProcessingTime(JudgeFunction.MAX_DELAY_MS);
            List<Finding> first = h.extractOutputValues();
            assertThat(first).hasSize(1 + JudgeFunction.SLICE);
            assertThat(first.get(0).findingId()).isEqualTo("new-change");
            assertThat(first.get(1).findingId()).isEqualTo("rejudged-0");
            assertThat(first).allSatisfy(f -> assertThat(f.cause()).isNotNull());

            snapshot = h.snapshot(1, JudgeFunction.MAX_DELAY_MS);
        }
        // a restore judges the 12 re-judgements that were waiting, none twice, none lost
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(JudgeFunction.MAX_DELAY_MS + JudgeFunction.PAUSE_MS);
            assertThat(h.extractOutputValues())
                    .extracting(Finding::findingId)
                    .containsExactly(java.util.stream.IntStream.range(JudgeFunction.SLICE, 20)
                            .mapToObj(i -> "rejudged-" + i)
                            .toArray(String[]::new));
        }
    }

    @Test
    void withoutARestoreTheRestFollowsSliceBySlice() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            for (int i = 0; i < 20; i++) {
                h.processElement(new StreamRecord<>(context("rejudged-" + i, 1_001), 0));
            }
            long t = JudgeFunction.MAX_DELAY_MS;
            h.setProcessingTime(t);
            assertThat(h.extractOutputValues()).hasSize(JudgeFunction.SLICE);
            h.setProcessingTime(t += JudgeFunction.PAUSE_MS);
            assertThat(h.extractOutputValues()).hasSize(2 * JudgeFunction.SLICE);
            h.setProcessingTime(t + JudgeFunction.PAUSE_MS);
            assertThat(h.extractOutputValues())
                    .extracting(Finding::findingId)
                    .hasSize(20)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aBatchIsJudgedOnceItHoldsEnoughEvidenceHoweverFewItsContexts() throws Exception {
        // a replay's end judges every open finding at once; each of a busy service's carries thousands
        // of alerts, and a batch counted in contexts alone held all of them on the heap
        int alerts = JudgeFunction.MAX_BATCH_FACTS / 3 + 1;
        try (var h = harness(true)) {
            h.open();
            h.processElement(new StreamRecord<>(busy("a", alerts), 1_000));
            h.processElement(new StreamRecord<>(busy("b", alerts), 1_000));
            assertThat(h.extractOutputValues())
                    .as("two contexts, below the evidence bound")
                    .isEmpty();
            h.processElement(new StreamRecord<>(busy("c", alerts), 1_000));
            assertThat(h.extractOutputValues())
                    .as("judged without waiting for the watermark")
                    .extracting(Finding::findingId)
                    .containsExactly("a", "b", "c");
            assertThat(h.extractOutputValues().get(0).correlations()).hasSize(alerts);

            h.processElement(new StreamRecord<>(busy("d", 1), 1_000));
            assertThat(h.extractOutputValues()).as("the count starts again").hasSize(3);
            h.processWatermark(1_000);
            assertThat(h.extractOutputValues()).extracting(Finding::findingId).containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void liveReJudgementsWaitWithBoundedEvidenceAndTheirSlicesTooAreBoundedByIt() throws Exception {
        int alerts = JudgeFunction.MAX_BATCH_FACTS / 2 + 1; // two of them are more than a batch's evidence
        int crossing = (JudgeFunction.MAX_DEFERRED_FACTS + alerts - 1) / alerts;
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            for (int i = 0; i < crossing - 1; i++) {
                h.processElement(new StreamRecord<>(busy("rejudged-" + i, alerts, 1_001), 0));
            }
            assertThat(h.extractOutputValues())
                    .as("below the evidence bound, all wait")
                    .isEmpty();
            h.processElement(new StreamRecord<>(busy("rejudged-" + (crossing - 1), alerts, 1_001), 0));
            assertThat(h.extractOutputValues())
                    .as("past it, one is judged at once (back-pressure), one batch's evidence at most")
                    .extracting(Finding::findingId)
                    .containsExactly("rejudged-0");

            h.setProcessingTime(JudgeFunction.MAX_DELAY_MS);
            assertThat(h.extractOutputValues())
                    .as("a slice holds one batch's evidence, not " + JudgeFunction.SLICE + " contexts")
                    .extracting(Finding::findingId)
                    .containsExactly("rejudged-0", "rejudged-1");
        }
    }
}
