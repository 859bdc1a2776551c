package io.driftguard.pipeline.replay;

import io.driftguard.ingest.Sources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The layout of a replay input folder (docs/design/replay-contract.md): which files under {@code events/} are read, as
 * which source, for which Kubernetes cluster. Files are listed in path order, so a replay is the same
 * on every machine.
 */
public final class ReplayFolder {

    /** Folder name under {@code events/} → source, and the file endings read there. */
    private static final Map<String, List<String>> ENDINGS = Map.ofEntries(
            Map.entry(Sources.AWS_CLOUDTRAIL, List.of(".json", ".json.gz")),
            Map.entry(Sources.AWS_EVENTBRIDGE, List.of(".jsonl", ".json")),
            Map.entry(Sources.GCP_AUDIT, List.of(".jsonl", ".json")),
            Map.entry(Sources.AZURE_ACTIVITY, List.of(".json", ".jsonl")),
            Map.entry(Sources.K8S_AUDIT, List.of(".jsonl", ".json")),
            Map.entry(Sources.GITHUB, List.of(".jsonl")),
            Map.entry(Sources.GITLAB, List.of(".jsonl")),
            Map.entry(Sources.PAGERDUTY, List.of(".jsonl")),
            Map.entry(Sources.JIRA, List.of(".jsonl")),
            Map.entry(Sources.ALERTMANAGER, List.of(".jsonl")));

    /** One input file. {@code problem} is set when the file is there but cannot be read as that source. */
    public record InputFile(Path path, String source, String cluster, String problem) {}

    private final Path root;

    public ReplayFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path iac() {
        return root.resolve("iac");
    }

    /** The default config file, when present. */
    public Path defaultConfig() {
        Path p = root.resolve("config.yaml");
        return Files.isRegularFile(p) ? p : null;
    }

    /** Every file under {@code events/}, with its source; files in unknown places carry a problem. */
    public List<InputFile> inputFiles() {
        Path events = root.resolve("events");
        if (!Files.isDirectory(events)) {
            return List.of();
        }
        List<InputFile> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(events)) {
            walk.filter(Files::isRegularFile).sorted().forEach(p -> out.add(classify(events, p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + events, e);
        }
        return out;
    }

    private static InputFile classify(Path events, Path file) {
        Path rel = events.relativize(file);
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return new InputFile(file, "unknown", null, "hidden file ignored");
        }
        String folder = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
        List<String> endings = ENDINGS.get(folder);
        if (endings == null) {
            return new InputFile(
                    file,
                    "unknown",
                    null,
                    "not in a known events/<source>/ folder (expected one of "
                            + ENDINGS.keySet().stream().sorted().toList() + ")");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (endings.stream().noneMatch(lower::endsWith)) {
            return new InputFile(
                    file, folder, null, "unexpected file type for " + folder + " (expected " + endings + ")");
        }
        String cluster = null;
        if (folder.equals(Sources.K8S_AUDIT)) {
            cluster = rel.getNameCount() > 2 ? rel.getName(1).toString() : "default";
        }
        return new InputFile(file, folder, cluster, null);
    }
}
