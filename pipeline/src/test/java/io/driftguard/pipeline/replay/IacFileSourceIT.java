package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ReplayFolderWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay's declared state read inside the job ({@link IacFileSource}, {@link
 * DeclaredStateMerge}) is the declared state {@link IacFolderReader#read(Path)} reads in one
 * piece: on a generated organisation's IaC whose Terraform states are cut in two, so the parts of
 * one resource (a role and its policy attachments, a group and its rules) come from different
 * files, read by different tasks.
 */
class IacFileSourceIT {

    @TempDir
    Path dir;

    @Test
    void readingFileByFileInTheJobDeclaresWhatReadingTheFolderDeclares() throws Exception {
        Path input = dir.resolve("in");
        ReplayFolderWriter.write(input, GeneratorOptions.defaults().withSeed(7));
        Path iac = input.resolve("iac");
        cutTerraformStatesInTwo(iac);
        // bad input found inside the job must reach the command (and its .rejected file)
        Files.createDirectories(iac.resolve("terraform/broken"));
        Files.writeString(iac.resolve("terraform/broken/terraform.tfstate"), "{\"version\": 4, \"resources\": [");

        IacFolderReader.Result expected = new IacFolderReader().read(iac);
        Map<String, Set<String>> filesPerKey = expected.declarations().stream()
                .collect(Collectors.groupingBy(
                        (DeclaredResource d) -> d.resource().key(),
                        Collectors.mapping(d -> d.resource().iac().path(), Collectors.toSet())));
        assertThat(filesPerKey.values().stream().filter(files -> files.size() > 1))
                .as("resources declared in parts across files")
                .isNotEmpty();

        ReplayProgress.reset();
        List<IacProblem> listing = new ArrayList<>();
        List<IacFolderReader.Unit> units = new IacFolderReader().units(iac, listing::add);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        List<DesiredResource> declared = new ArrayList<>();
        CloseableIterator<DesiredResource> it = env.fromSource(
                        new IacFileSource(iac, units), WatermarkStrategy.noWatermarks(), "iac-files")
                .keyBy(IacPart::key)
                .process(new DeclaredStateMerge(iac.toString()), TypeInformation.of(DesiredResource.class))
                .collectAsync();
        JobClient job = env.executeAsync("iac-files");
        try (it) {
            it.forEachRemaining(declared::add);
        }
        JobExecutionResult result = job.getJobExecutionResult().get();

        assertThat(declared).hasSameSizeAs(expected.resources());
        assertThat(new HashSet<>(declared)).isEqualTo(new HashSet<>(expected.resources()));
        assertThat(expected.problems()).as("the broken state is a problem").isNotEmpty();
        List<IacProblem> problems = new ArrayList<>(listing);
        List<ReplayProgress.OrderedProblem> found =
                result.getAccumulatorResult(ReplayProgress.IAC_PROBLEMS_ACCUMULATOR);
        problems.addAll(ReplayProgress.inReadingOrder(found));
        assertThat(problems).containsExactlyInAnyOrderElementsOf(expected.problems());
        assertThat((Long) result.getAccumulatorResult(ReplayProgress.DECLARED_ACCUMULATOR))
                .isEqualTo(expected.resources().size());
    }

    /** Moves the second half of every Terraform state's resources into a state of their own beside it. */
    private static void cutTerraformStatesInTwo(Path iac) throws Exception {
        List<Path> states;
        try (Stream<Path> s = Files.walk(iac.resolve("terraform"))) {
            states = s.filter(p -> p.toString().endsWith(".tfstate")).sorted().toList();
        }
        for (Path state : states) {
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(state.toFile());
            ArrayNode resources = (ArrayNode) root.get("resources");
            if (resources.size() < 2) {
                continue;
            }
            ArrayNode first = Json.MAPPER.createArrayNode();
            ArrayNode second = Json.MAPPER.createArrayNode();
            int half = resources.size() / 2;
            int i = 0;
            for (JsonNode r : resources) {
                (i++ < half ? first : second).add(r);
            }
            ObjectNode other = root.deepCopy();
            root.set("resources", first);
            other.set("resources", second);
            Json.MAPPER.writeValue(state.toFile(), root);
            Path beside = state.getParent().resolveSibling(state.getParent().getFileName() + "-rest");
            Files.createDirectories(beside);
            Json.MAPPER.writeValue(beside.resolve(state.getFileName()).toFile(), other);
        }
    }
}
