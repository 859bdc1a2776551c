package io.driftguard.pipeline.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.Judge;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.testing.Episodes;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class JudgeBatchTest {

    private static EpisodeContext context(String id, long version) {
        EpisodeContext c = Episodes.aws("aws_security_group", "sg-" + id)
                .change("ingress", "[" + Episodes.HTTPS_LB + "]", "[" + Episodes.SSH_WORLD + "]")
                .build();
        return new EpisodeContext(
                c.finding().toBuilder().findingId(id).version(version).build(),
                c.actor(),
                c.service(),
                c.facts(),
                c.asOf(),
                c.lastActorChange());
    }

    @Test
    void aFindingReEmittedWithinOneBatchIsJudgedOnceAsItsNewestContext() throws Exception {
        Judge judge = Judge.of(DriftGuardConfig.empty(), CauseModel.fromClasspath(new CauseFeatures()));
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, EpisodeContext, Finding>(
                new KeyedProcessOperator<>(new JudgeFunction(judge, false)),
                c -> c.finding().findingId(),
                Types.STRING)) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(context("f1", 1000), 1));
            h.processElement(new StreamRecord<>(context("f2", 1000), 2));
            h.processElement(new StreamRecord<>(context("f1", 1001), 3));
            h.processElement(new StreamRecord<>(context("f1", 1002), 4));
            h.setProcessingTime(JudgeFunction.MAX_DELAY_MS + 1);
            assertThat(h.extractOutputValues())
                    .extracting(f -> f.findingId() + "@" + f.version())
                    .containsExactly("f2@1000", "f1@1002");

            h.processElement(new StreamRecord<>(context("f1", 1003), 5));
            h.setProcessingTime(2 * JudgeFunction.MAX_DELAY_MS + 2);
            assertThat(h.extractOutputValues())
                    .as("the next batch judges the finding again")
                    .extracting(f -> f.findingId() + "@" + f.version())
                    .containsExactly("f2@1000", "f1@1002", "f1@1003");
        }
    }
}
