package io.driftguard.pipeline.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.store.DeadLetter;
import io.driftguard.judge.Judge;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.testing.Episodes;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A context the judge throws on is a dead letter with its reason; the contexts batched with it are
 * judged as if it had not been there, and the operator keeps running (restarting would read the same
 * context and fail again, for ever).
 */
class JudgeFailureTest {

    private static EpisodeContext episode(String id) {
        return Episodes.aws("aws_security_group", "sg-" + id)
                .findingId(id)
                .change("ingress", "[" + Episodes.HTTPS_LB + "]", "[" + Episodes.SSH_WORLD + "]")
                .build();
    }

    /** A context the judge cannot read: a change that names no attribute. */
    private static EpisodeContext unjudgeable(String id) {
        return Episodes.aws("aws_security_group", "sg-" + id)
                .findingId(id)
                .change(null, "1", "2")
                .build();
    }

    @Test
    void aContextTheJudgeThrowsOnIsDeadLetteredAndItsBatchIsJudged() throws Exception {
        Judge judge = Judge.of(DriftGuardConfig.empty(), CauseModel.fromClasspath(new CauseFeatures()));
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, EpisodeContext, Finding>(
                new KeyedProcessOperator<>(new JudgeFunction(judge, true)),
                c -> c.finding().findingId(),
                Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>(episode("a"), 1_000));
            h.processElement(new StreamRecord<>(unjudgeable("b"), 1_000));
            h.processElement(new StreamRecord<>(episode("c"), 1_000));
            h.processWatermark(2_000);

            List<Finding> judged = h.extractOutputValues();
            assertThat(judged).extracting(Finding::findingId).containsExactlyInAnyOrder("a", "c");
            assertThat(judged).allSatisfy(f -> {
                assertThat(f.cause()).isNotNull();
                assertThat(f.severity()).isNotNull();
                assertThat(f.recommendation()).isNotNull();
            });
            var dead = h.getSideOutput(JudgeFunction.FAILED);
            assertThat(dead).hasSize(1);
            DeadLetter letter = dead.peek().getValue();
            assertThat(letter.source()).isEqualTo("judge");
            assertThat(letter.origin())
                    .isEqualTo("finding b version " + episode("b").finding().version());
            assertThat(letter.reason()).startsWith("judge_failed: java.lang.");
            assertThat(letter.payload()).contains("\"finding_id\":\"b\"");

            // the operator goes on judging
            h.processElement(new StreamRecord<>(episode("d"), 3_000));
            h.processWatermark(4_000);
            assertThat(h.extractOutputValues()).extracting(Finding::findingId).contains("d");
        }
    }
}
