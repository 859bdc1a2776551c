package io.driftguard.pipeline.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.store.ShadowPrediction;
import io.driftguard.judge.Judge;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.registry.ModelRegistry;
import io.driftguard.judge.testing.Episodes;
import io.driftguard.judge.testing.ModelVariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftguard model promote}, {@code rollback} and {@code shadow} against a running judge
 * operator: the next batch is judged by the model the registry names, a shadow candidate's causes
 * leave on the side output, and what the operator held (a waiting batch, across a checkpoint) is
 * judged, not lost.
 */
class ModelSwitchTest {

    @TempDir
    Path tmp;

    private ModelRegistry registry;
    private String shipped;
    private String a;
    private String b;

    @BeforeEach
    void registry() throws Exception {
        registry = new ModelRegistry(tmp.resolve("registry"));
        a = registry.register(ModelVariants.write(tmp.resolve("a"), "a"), null, null, List.of(), "test")
                .version();
        b = registry.register(ModelVariants.write(tmp.resolve("b"), "b"), null, null, List.of(), "test")
                .version();
        try (CauseModel m = CauseModel.fromClasspath(new CauseFeatures())) {
            shipped = m.ref().version();
        }
    }

    /** A judge operator following the registry, not yet opened. */
    private KeyedOneInputStreamOperatorTestHarness<String, EpisodeContext, Finding> harness() throws Exception {
        Judge judge = Judge.of(DriftGuardConfig.empty(), CauseModel.fromClasspath(new CauseFeatures()));
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new JudgeFunction(judge, false, registry)),
                c -> c.finding().findingId(),
                Types.STRING);
    }

    private static EpisodeContext episode(String id) {
        return Episodes.aws("aws_security_group", "sg-" + id)
                .findingId(id)
                .change("ingress", "[" + Episodes.HTTPS_LB + "]", "[" + Episodes.SSH_WORLD + "]")
                .build();
    }

    private static List<String> versions(KeyedOneInputStreamOperatorTestHarness<String, EpisodeContext, Finding> h) {
        return h.extractOutputValues().stream()
                .map(f -> f.findingId() + "@" + f.causeModel().version())
                .toList();
    }

    @Test
    void promotionAndRollbackChangeTheModelOfTheNextBatchWithoutARestart() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(episode("f1"), 1));
            h.setProcessingTime(100);
            assertThat(versions(h))
                    .as("nothing live in the registry: the model the job started with")
                    .containsExactly("f1@" + shipped);

            registry.promote(a, "test");
            h.setProcessingTime(JudgeFunction.MODEL_REFRESH.toMillis() + 200);
            h.processElement(new StreamRecord<>(episode("f2"), 2));
            h.setProcessingTime(JudgeFunction.MODEL_REFRESH.toMillis() + 300);

            registry.promote(b, "test");
            h.setProcessingTime(2 * JudgeFunction.MODEL_REFRESH.toMillis() + 400);
            h.processElement(new StreamRecord<>(episode("f3"), 3));
            h.setProcessingTime(2 * JudgeFunction.MODEL_REFRESH.toMillis() + 500);

            registry.rollback("test");
            h.setProcessingTime(3 * JudgeFunction.MODEL_REFRESH.toMillis() + 600);
            h.processElement(new StreamRecord<>(episode("f4"), 4));
            h.setProcessingTime(3 * JudgeFunction.MODEL_REFRESH.toMillis() + 700);

            assertThat(versions(h)).containsExactly("f1@" + shipped, "f2@" + a, "f3@" + b, "f4@" + a);
            assertThat(h.extractOutputValues())
                    .as("the same judgement, only the model's name differs between the variants")
                    .extracting(Finding::cause)
                    .containsOnly(h.extractOutputValues().get(0).cause());
        }
    }

    @Test
    void aShadowCandidateScoresBesideTheLiveModelAndIsNeverWritten() throws Exception {
        registry.promote(a, "test");
        registry.shadow(b, "test");
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(episode("f1"), 1));
            h.processElement(new StreamRecord<>(episode("f2"), 2));
            h.setProcessingTime(100);

            assertThat(versions(h)).containsExactly("f1@" + a, "f2@" + a);
            List<ShadowPrediction> shadow = h.getSideOutput(JudgeFunction.SHADOW).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(shadow)
                    .extracting(
                            ShadowPrediction::findingId,
                            ShadowPrediction::liveVersion,
                            ShadowPrediction::candidateVersion)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("f1", a, b),
                            org.assertj.core.groups.Tuple.tuple("f2", a, b));
            assertThat(shadow).allSatisfy(p -> assertThat(p.agrees()).isTrue());

            registry.shadow(null, "test");
            h.setProcessingTime(JudgeFunction.MODEL_REFRESH.toMillis() + 200);
            h.processElement(new StreamRecord<>(episode("f3"), 3));
            h.setProcessingTime(JudgeFunction.MODEL_REFRESH.toMillis() + 300);
            assertThat(h.getSideOutput(JudgeFunction.SHADOW))
                    .as("shadow scoring ended")
                    .hasSize(2);
        }
    }

    @Test
    void aBatchWaitingAtACheckpointIsJudgedAfterRestoreByTheModelLiveThen() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(episode("f1"), 1));
            snapshot = h.snapshot(1, 10);
            assertThat(h.extractOutputValues())
                    .as("still waiting for its batch")
                    .isEmpty();
        }
        registry.promote(b, "test");
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(1_000);
            assertThat(versions(h)).containsExactly("f1@" + b);
        }
    }

    @Test
    void aPromotedFileThatCannotBeLoadedLeavesTheCurrentModelJudging() throws Exception {
        registry.promote(a, "test");
        try (var h = harness()) {
            h.open();
            Files.write(registry.folder().resolve(b).resolve("cause.onnx"), new byte[] {1, 2, 3});
            registry.promote(b, "test");
            h.setProcessingTime(JudgeFunction.MODEL_REFRESH.toMillis() + 1);
            h.processElement(new StreamRecord<>(episode("f1"), 1));
            h.setProcessingTime(JudgeFunction.MODEL_REFRESH.toMillis() + 100);
            assertThat(versions(h)).containsExactly("f1@" + a);
        }
    }
}
