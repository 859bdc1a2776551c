package io.driftguard.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Commit;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParsedSamples;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The push payload samples, wrapped as replay delivery lines. */
class GitWebhookSamplesTest {

    private static final String FOLDER = "git-webhook";

    static List<ParsedRecord> parse(Path file) {
        boolean gitlab = file.getFileName().toString().startsWith("gitlab");
        String source = gitlab ? Sources.GITLAB : Sources.GITHUB;
        return ParsedSamples.parse(file, n -> source, payload -> wrap(gitlab ? "Push Hook" : "push", payload), null);
    }

    static JsonNode wrap(String event, JsonNode payload) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("event", event);
        line.put("delivery", "d-1");
        line.set("payload", payload);
        return line;
    }

    @TestFactory
    Stream<DynamicTest> everyPushParsesOrIsSkippedWhenItCarriesNoCommits() {
        return Samples.list(FOLDER, ".json").stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    List<ParsedRecord> results = parse(file);
                    assertThat(results).isNotEmpty();
                    List<String> reasons = ParsedSamples.reasons(results);
                    if (!reasons.isEmpty()) {
                        assertThat(reasons)
                                .containsExactly(
                                        "skipped: push to refs/tags/simple-tag carries no commits (tag, branch creation or deletion)");
                    }
                }));
    }

    @Test
    void githubPushYieldsOneCommitWithItsPaths() {
        List<Commit> commits =
                ParsedSamples.contexts(parse(Samples.path(FOLDER, "github-push-with-new-branch.payload.json"))).stream()
                        .map(Commit.class::cast)
                        .toList();
        assertThat(commits).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
            assertThat(c.source()).isEqualTo(Sources.GITHUB);
            assertThat(c.repository()).isEqualTo("Codertocat/Hello-World");
            assertThat(c.ref()).isEqualTo("refs/heads/master");
            assertThat(c.paths()).containsExactly("README.md");
            assertThat(c.delivery()).isEqualTo("d-1");
            assertThat(c.author()).isEqualTo("Codertocat");
            assertThat(c.time()).isEqualTo(Instant.parse("2019-05-15T15:19:25Z"));
        });
    }

    @Test
    void gitlabPushYieldsEveryCommitWithOffsetsHonoured() {
        List<Commit> commits = ParsedSamples.contexts(parse(Samples.path(FOLDER, "gitlab-push-hook.json"))).stream()
                .map(Commit.class::cast)
                .toList();
        assertThat(commits).hasSize(2);
        assertThat(commits.get(0).repository()).isEqualTo("mike/diaspora");
        assertThat(commits.get(0).paths()).containsExactly("CHANGELOG", "app/controller/application.rb");
        assertThat(commits.get(0).time()).isEqualTo(Instant.parse("2011-12-12T12:27:31Z"));
        assertThat(commits.get(1).id()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    }
}
