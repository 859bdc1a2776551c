package io.driftguard.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.context.ContextFact.Relation;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.testing.Episodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledContextsTest {

    @Test
    void joinsEachContextToTheCaseSharingTheMostEvents(@TempDir Path dir) throws Exception {
        EpisodeContext emergency = Episodes.human()
                .events("e1", "e2", "e3")
                .fact("incident", Relation.OPEN_DURING_CHANGE, 20, "high", null, false, "x", 1, false)
                .build();
        EpisodeContext noise = Episodes.human().events("zz").build();
        Path contexts = dir.resolve("contexts.jsonl");
        Files.writeString(
                contexts,
                Json.MAPPER.writeValueAsString(emergency) + "\n" + Json.MAPPER.writeValueAsString(noise)
                        + "\n{broken\n");
        Path labels = dir.resolve("labels.jsonl");
        Files.writeString(
                labels,
                String.join(
                                "\n",
                                "{\"case_id\":\"c1\",\"expect\":\"drift\",\"event_ids\":[\"e1\"],\"cause\":\"configuration_error\"}",
                                "{\"case_id\":\"c2\",\"expect\":\"drift\",\"event_ids\":[\"e2\",\"e3\",\"e9\"],\"cause\":\"emergency_fix\"}",
                                "{\"case_id\":\"c3\",\"expect\":\"not_drift\",\"event_ids\":[\"zz\"]}")
                        + "\n");

        LabelledContexts.Result r = LabelledContexts.join(contexts, labels, "seed-1");

        assertThat(r.examples()).singleElement().satisfies(e -> {
            assertThat(e.caseId()).isEqualTo("c2");
            assertThat(e.cause()).isEqualTo(Cause.EMERGENCY_FIX);
            assertThat(e.group()).isEqualTo("seed-1");
            // The context survives the JSON round trip with everything the features read.
            CauseFeatures f = new CauseFeatures();
            assertThat(f.extract(e.context())).containsExactly(f.extract(emergency));
        });
        assertThat(r.unmatched()).isEqualTo(1);
        assertThat(r.unreadable()).isEqualTo(1);
        assertThat(r.firstProblem()).contains("contexts.jsonl line 3");
    }

    @Test
    void samplerLabelsFollowTheTable() {
        List<LabelledContexts.Example> xs = TaxonomySampler.sample(3, 500, "g");
        assertThat(xs).extracting(LabelledContexts.Example::cause).contains(Cause.values());
        assertThat(TaxonomySampler.sample(3, 500, "g"))
                .extracting(LabelledContexts.Example::cause)
                .isEqualTo(xs.stream().map(LabelledContexts.Example::cause).toList());
    }
}
