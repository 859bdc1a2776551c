package io.driftguard.models.scenario;

import io.driftguard.models.scenario.iac.DeclaredFleet;
import io.driftguard.models.scenario.world.WorldShape;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftguard generate}: writes a labelled replay folder. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Write a labelled replay input folder (native provider formats) and its labels.jsonl.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--output", required = true, description = "Folder to create (must be new or empty).")
    Path output;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenarios", defaultValue = "150", description = "Labelled cases (default ${DEFAULT-VALUE}).")
    int scenarios;

    @Option(
            names = "--events",
            defaultValue = "0",
            description = "Total records to write, padding with background traffic (throughput mode); 0 = by ratio.")
    long events;

    @Option(
            names = "--declared-resources",
            defaultValue = "0",
            description = "Also declare at least this many resources in iac/ (copies of the organisation's own"
                    + " IaC with renamed identifiers, untouched by events): state and memory at scale; 0 = none.")
    long declaredResources;

    @Option(
            names = "--background-ratio",
            defaultValue = "0.85",
            description = "Share of all records that is background traffic (default ${DEFAULT-VALUE}).")
    double backgroundRatio;

    @Option(
            names = "--span-hours",
            defaultValue = "48",
            description = "Length of the window in hours (default ${DEFAULT-VALUE}).")
    int spanHours;

    @Option(
            names = "--world",
            defaultValue = "acme",
            description = "The organisation's shape: acme (default), startup, platform, regulated, enterprise or "
                    + "agency (size, actor mix, incident and ticket rates, working hours, automation share; "
                    + "models/GENERATOR.md).")
    String world;

    @Option(names = "--start", description = "Event time the window opens at (default 2025-03-03T08:00:00Z).")
    Instant start;

    @Override
    public Integer call() throws Exception {
        GeneratorOptions options;
        try {
            options = new GeneratorOptions(
                    seed,
                    scenarios,
                    events,
                    backgroundRatio,
                    start == null ? GeneratorOptions.DEFAULT_START : start,
                    Duration.ofHours(spanHours),
                    WorldShape.named(world));
        } catch (IllegalArgumentException e) {
            System.err.println("driftguard generate: " + e.getMessage());
            return 2;
        }
        long t0 = System.nanoTime();
        ReplayFolderWriter.Summary s = ReplayFolderWriter.write(output, options);
        long fleet = DeclaredFleet.write(output.resolve("iac"), declaredResources);
        double secs = (System.nanoTime() - t0) / 1e9;
        long total = s.recordsPerSource().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        System.out.printf("Wrote %s: %d files, %d records in %.1f s%n", s.folder(), s.files(), total, secs);
        for (Map.Entry<String, Long> e : s.recordsPerSource().entrySet()) {
            System.out.printf("  events/%-16s %,10d records%n", e.getKey(), e.getValue());
        }
        if (fleet > 0) {
            System.out.printf("  iac/ fleet               %,10d declared resources%n", fleet);
        }
        System.out.printf("  labels.jsonl             %,10d cases %s%n", s.labels(), s.labelsPerExpect());
        System.out.printf(
                "  window %s .. %s (seed %d, world %s)%n", options.start(), s.runEnd(), seed, options.world());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new GenerateCommand()).execute(args));
    }
}
