package io.driftguard.judge.cause;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    private static ModelMetadata trainedOn(String text) {
        return new ModelMetadata(1, "h", List.of(), List.of(), 1.0, text);
    }

    @Test
    void theTrainingSeedsAreReadFromWhatTrainingRecorded() {
        assertThat(trainedOn("seeds 1..10 (6974 episodes; 600 TAXONOMY-sampled per seed)")
                        .trainingSeeds())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(trainedOn("seeds 3,5,8 (900 episodes)").trainingSeeds()).containsExactly(3L, 5L, 8L);
        assertThat(trainedOn("hand-made").trainingSeeds()).isEmpty();
        assertThat(trainedOn(null).trainingSeeds()).isEmpty();
    }

    @Test
    void theTrainingWorldsAreReadFromWhatTrainingRecorded() {
        assertThat(trainedOn("seeds 1..10 (worlds acme,platform,startup; calibration world regulated; 9000 episodes)")
                        .trainingWorlds())
                .containsExactly("acme", "platform", "regulated", "startup");
        assertThat(trainedOn("seeds 1..10 (6974 episodes; 600 TAXONOMY-sampled per seed)")
                        .trainingWorlds())
                .as("before worlds existed every model saw ACME only")
                .containsExactly("acme");
        assertThat(trainedOn("hand-made").trainingWorlds()).isEmpty();
        assertThat(trainedOn(null).trainingWorlds()).isEmpty();
    }

    @Test
    void theShippedModelRecordsItsSeedsAndWorlds() {
        try (CauseModel shipped = CauseModel.fromClasspath(new CauseFeatures())) {
            assertThat(shipped.metadata().trainingSeeds()).isNotEmpty();
            assertThat(shipped.metadata().trainingWorlds()).isNotEmpty();
        }
    }
}
