package io.driftguard.models.training;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ReplayFolderWriter;
import io.driftguard.models.scenario.world.WorldShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftguard train}: trains the cause model reproducibly and writes {@code cause.onnx}, its
 * sidecar {@code cause.json} and {@code MODEL_CARD.md}. By default the model goes where the job
 * serves it from, judge's resources ({@value #DEFAULT_OUTPUT}), and the card stays in the lab
 * ({@value #DEFAULT_MODEL_CARD}); run it from the repository root.
 *
 * <p>Data per seed N comes from {@code DATA/seed-N/}: {@code labels.jsonl} (as {@code driftguard
 * generate --seed N} writes it) joined with {@code contexts.jsonl} (the episode contexts the
 * replay writes for every drift finding), plus {@code --synthetic-per-seed} contexts drawn from
 * docs/design/taxonomy.md by {@link TaxonomySampler} with a seed derived from N. Both belong to group
 * {@code seed-N}; the last seeds are held out (calibration, then test), never mixed into training.
 * With {@code --worlds} other generator worlds train too ({@code DATA/W/seed-N}, group {@code W/seed-N});
 * with {@code --calibration-world} a whole world the model never trains on fits the temperature, and
 * the last seed of every training world is the test group.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train the cause model (XGBoost, exported to ONNX) reproducibly from labelled episode contexts.")
public final class TrainCommand implements Callable<Integer> {

    /** The judge module's resources: the build ships the model from there ({@code CauseModel.fromClasspath}). */
    public static final String DEFAULT_OUTPUT = "judge/src/main/resources/models/";

    public static final String DEFAULT_MODEL_CARD = "models/MODEL_CARD.md";

    /** The card's figures as JSON, written beside the card (what `driftguard model register` stores). */
    public static final String METRICS = "metrics.json";

    /** The row of all unseen worlds together. */
    static final String UNSEEN_POOLED = "unseen worlds (all)";

    @Option(
            names = "--scenarios-seeds",
            defaultValue = "1..10",
            description = "Seeds as a range a..b or a list a,b,c (default ${DEFAULT-VALUE}).")
    String seeds;

    @Option(
            names = "--data",
            defaultValue = "target/train-data",
            description = "Folder holding seed-N/labels.jsonl and seed-N/contexts.jsonl (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--generate",
            description = "Write missing seed-N folders with the scenario generator first "
                    + "(then run `driftguard replay` on them to get contexts.jsonl).")
    boolean generate;

    @Option(
            names = "--synthetic-per-seed",
            defaultValue = "600",
            description =
                    "Contexts drawn from docs/design/taxonomy.md per seed (default ${DEFAULT-VALUE}; 0 = replayed data only).")
    int syntheticPerSeed;

    @Option(
            names = "--holdout",
            defaultValue = "2",
            description =
                    "How many of the last seeds are held out: the first half calibrates, the rest tests (default ${DEFAULT-VALUE}).")
    int holdout;

    @Option(
            names = "--unseen-world",
            description = "A folder with labels.jsonl and contexts.jsonl of a world the model must not see "
                    + "(another organisation shape, other rates); scored for the card, never trained or calibrated on. "
                    + "Its world.txt, when present, says how the world differs. Repeatable.")
    List<Path> unseenWorlds = new ArrayList<>();

    @Option(
            names = "--worlds",
            defaultValue = "acme",
            split = ",",
            description =
                    "Generator worlds to train on (default ${DEFAULT-VALUE}): acme's data per seed N is DATA/seed-N, "
                            + "another world W's is DATA/W/seed-N.")
    List<String> trainWorlds = new ArrayList<>();

    @Option(
            names = "--calibration-world",
            description = "A world held out of training that only fits the temperature (its seeds: "
                    + "--calibration-seeds, data in DATA/W/seed-N). Then the last seed of every training world is the "
                    + "test group and all other seeds train. Without it the last --holdout seeds calibrate and test.")
    String calibrationWorld;

    @Option(
            names = "--calibration-seeds",
            defaultValue = "1..2",
            description = "Seeds of the calibration world (default ${DEFAULT-VALUE}).")
    String calibrationSeeds;

    @Option(
            names = "--model",
            description = "Train nothing: measure this existing cause.onnx (and its cause.json beside it) on the same "
                    + "split and worlds and write only its card, metrics and diagrams.")
    Path model;

    @Option(
            names = "--output",
            defaultValue = DEFAULT_OUTPUT,
            description = "Folder for cause.onnx and cause.json (default ${DEFAULT-VALUE}, what the build ships).")
    Path output;

    @Option(
            names = "--model-card",
            defaultValue = DEFAULT_MODEL_CARD,
            description = "Where to write the model card (default ${DEFAULT-VALUE}).")
    Path modelCard;

    @Override
    public Integer call() throws IOException {
        List<Long> seedList;
        try {
            seedList = parseSeeds(seeds);
        } catch (IllegalArgumentException e) {
            System.err.println("driftguard train: " + e.getMessage());
            return 2;
        }
        if (seedList.size() < holdout + 1 || holdout < 2) {
            System.err.println(
                    "driftguard train: need --holdout >= 2 and at least one training seed more than that; got "
                            + seedList.size() + " seeds, holdout " + holdout);
            return 2;
        }
        List<Long> calibrationSeedList = List.of();
        if (calibrationWorld != null) {
            try {
                calibrationSeedList = parseSeeds(calibrationSeeds);
            } catch (IllegalArgumentException e) {
                System.err.println("driftguard train: --calibration-seeds: " + e.getMessage());
                return 2;
            }
            if (trainWorlds.contains(calibrationWorld)) {
                System.err.println("driftguard train: the calibration world " + calibrationWorld
                        + " must not be a training world too");
                return 2;
            }
        }
        List<LabelledContexts.Example> examples = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Set<String> calibration = new LinkedHashSet<>();
        Set<String> test = new LinkedHashSet<>();
        List<String> trainingWorlds = new ArrayList<>(new LinkedHashSet<>(trainWorlds));
        for (String world : trainingWorlds) {
            for (int i = 0; i < seedList.size(); i++) {
                long seed = seedList.get(i);
                String group = group(world, seed);
                if (calibrationWorld != null) {
                    if (i == seedList.size() - 1) {
                        test.add(group);
                    }
                } else if (i >= seedList.size() - holdout) {
                    (i < seedList.size() - holdout + holdout / 2 ? calibration : test).add(group);
                }
                replayed(world, seed, group, examples, sources);
                if (syntheticPerSeed > 0 && world.equals(trainingWorlds.get(0))) {
                    examples.addAll(TaxonomySampler.sample(seed * 1_000_003L + 17, syntheticPerSeed, group));
                    sources.add(group + ": " + syntheticPerSeed
                            + " contexts drawn from docs/design/taxonomy.md (TaxonomySampler)");
                }
            }
        }
        for (long seed : calibrationSeedList) {
            String group = group(calibrationWorld, seed);
            calibration.add(group);
            replayed(calibrationWorld, seed, group, examples, sources);
        }
        if (examples.isEmpty()) {
            System.err.println("driftguard train: no training data; see above, or pass --synthetic-per-seed > 0");
            sources.forEach(s -> System.err.println("  " + s));
            return 2;
        }
        Set<String> allSeeds = new java.util.TreeSet<>();
        seedList.forEach(x -> allSeeds.add(String.valueOf(x)));
        calibrationSeedList.forEach(x -> allSeeds.add(String.valueOf(x)));
        String seedText = allSeeds.size() == seedList.size() ? seeds : joinSeeds(seedList, calibrationSeedList);
        XgboostTrainer.Params params = XgboostTrainer.Params.defaults();
        // ACME alone is written as before worlds existed (ModelMetadata.trainingWorlds reads it as acme), so
        // retraining an ACME-only model keeps its bytes.
        boolean acmeOnly = trainingWorlds.equals(List.of("acme")) && calibrationWorld == null;
        String trainedOn = "seeds " + seedText + " ("
                + (acmeOnly
                        ? ""
                        : "worlds " + String.join(",", trainingWorlds)
                                + (calibrationWorld == null ? "" : "; calibration world " + calibrationWorld) + "; ")
                + examples.size() + " episodes; "
                + (syntheticPerSeed > 0 ? syntheticPerSeed + " TAXONOMY-sampled per seed" : "replayed only") + ")";
        CauseTraining.Result r;
        if (model != null) {
            Path sidecar = model.resolveSibling(CauseModel.SIDECAR_NAME);
            r = CauseTraining.evaluate(
                    Files.readAllBytes(model),
                    Files.isRegularFile(sidecar) ? Files.readString(sidecar, StandardCharsets.UTF_8) : "",
                    examples,
                    test);
        } else {
            r = CauseTraining.train(examples, calibration, test, params, trainedOn);
        }

        List<WorldEvaluation> worlds = new ArrayList<>();
        Set<String> heldOut = new LinkedHashSet<>(calibration);
        heldOut.addAll(test);
        worlds.add(WorldEvaluation.score(
                r.onnx(),
                "training seeds (replayed episodes)",
                "in-sample",
                "",
                examples.stream()
                        .filter(e -> !heldOut.contains(e.group()) && LabelledContexts.replayed(e))
                        .toList()));
        worlds.add(WorldEvaluation.score(
                r.onnx(),
                "test seeds " + sorted(test) + " (replayed episodes)",
                "held-out seeds, training's world shape",
                "",
                examples.stream()
                        .filter(e -> test.contains(e.group()) && LabelledContexts.replayed(e))
                        .toList()));
        if (calibrationWorld != null) {
            worlds.add(WorldEvaluation.score(
                    r.onnx(),
                    "calibration world " + calibrationWorld + " (replayed episodes)",
                    "held-out world, fits the temperature only",
                    "",
                    examples.stream()
                            .filter(e -> calibration.contains(e.group()) && LabelledContexts.replayed(e))
                            .toList()));
        }
        List<LabelledContexts.Example> pooled = new ArrayList<>();
        for (Path world : unseenWorlds) {
            String name = world.getFileName().toString();
            LabelledContexts.Result u =
                    LabelledContexts.join(world.resolve("contexts.jsonl"), world.resolve("labels.jsonl"), name);
            Path shapeFile = world.resolve("world.txt");
            String shape = Files.isRegularFile(shapeFile)
                    ? Files.readString(shapeFile, StandardCharsets.UTF_8).trim()
                    : "";
            worlds.add(WorldEvaluation.score(r.onnx(), name, "unseen world", shape, u.examples()));
            pooled.addAll(u.examples());
        }
        if (unseenWorlds.size() > 1) {
            worlds.add(WorldEvaluation.score(r.onnx(), UNSEEN_POOLED, "unseen worlds, pooled", "", pooled));
        }
        worlds.removeIf(java.util.Objects::isNull);

        if (model == null) {
            Files.createDirectories(output);
            Files.write(output.resolve("cause.onnx"), r.onnx());
            Files.writeString(output.resolve(CauseModel.SIDECAR_NAME), r.sidecarJson(), StandardCharsets.UTF_8);
        }
        if (modelCard.getParent() != null) {
            Files.createDirectories(modelCard.getParent());
        }
        Files.writeString(
                modelCard, ModelCard.render(r, sources, calibration, test, params, worlds), StandardCharsets.UTF_8);
        Path cardDir = modelCard.toAbsolutePath().getParent();
        for (WorldEvaluation w : worlds) {
            if (ModelCard.hasDiagram(w)) {
                Files.write(
                        cardDir.resolve(ReliabilityDiagram.fileName(w.name())),
                        ReliabilityDiagram.png(w.confidence(), "Reliability, " + w.name() + " (" + w.role() + ")"));
            }
        }
        Files.writeString(cardDir.resolve(METRICS), ModelMetrics.json(r, worlds), StandardCharsets.UTF_8);

        System.out.printf(
                (model != null ? "Measured on" : "Trained on")
                        + " %d episodes; test macro precision %.3f, accuracy %.3f, ECE %.3f (T = %s)%n",
                examples.size(),
                r.calibrated().macroPrecision(),
                r.calibrated().accuracy(),
                r.calibrated().ece(),
                r.metadata().temperature());
        for (int c = 0; c < Term.ids(Cause.class).size(); c++) {
            System.out.printf(
                    "  %-24s precision %.3f recall %.3f%n",
                    Term.ids(Cause.class).get(c),
                    r.calibrated().precision()[c],
                    r.calibrated().recall()[c]);
        }
        System.out.println(
                model != null
                        ? "Measured " + model + "; wrote " + modelCard
                        : "Wrote " + output.resolve("cause.onnx") + ", " + output.resolve(CauseModel.SIDECAR_NAME)
                                + ", " + modelCard);
        return 0;
    }

    /** ACME's seed N is {@code seed-N} (the layout before worlds); another world's is {@code W/seed-N}. */
    static String group(String world, long seed) {
        return world.equals("acme") ? "seed-" + seed : world + "/seed-" + seed;
    }

    private void replayed(
            String world, long seed, String group, List<LabelledContexts.Example> examples, List<String> sources)
            throws IOException {
        Path folder = data.resolve(group);
        if (generate && !Files.exists(folder.resolve("labels.jsonl"))) {
            ReplayFolderWriter.write(
                    folder, GeneratorOptions.defaults().withSeed(seed).withWorld(WorldShape.named(world)));
        }
        Path labels = folder.resolve("labels.jsonl");
        Path contexts = folder.resolve("contexts.jsonl");
        if (Files.isRegularFile(labels) && Files.isRegularFile(contexts)) {
            LabelledContexts.Result r = LabelledContexts.join(contexts, labels, group);
            examples.addAll(r.examples());
            sources.add(group + ": " + r.examples().size() + " replayed contexts joined to labels.jsonl ("
                    + r.unmatched() + " matched no labelled drift case, " + r.unreadable() + " unreadable"
                    + (r.firstProblem() == null ? "" : ", first: " + r.firstProblem()) + ")");
        } else {
            sources.add(group + ": no replayed contexts (" + contexts + " missing; write it with the replay's"
                    + " episode-context output over " + folder + ")");
        }
    }

    private static String joinSeeds(List<Long> a, List<Long> b) {
        Set<Long> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return String.join(",", all.stream().map(String::valueOf).toList());
    }

    private static String sorted(Set<String> groups) {
        return String.join(", ", new java.util.TreeSet<>(groups));
    }

    /** {@code 1..10} or {@code 1,2,5}. */
    static List<Long> parseSeeds(String text) {
        List<Long> out = new ArrayList<>();
        try {
            if (text.contains("..")) {
                String[] ends = text.split("\\.\\.", 2);
                long a = Long.parseLong(ends[0].trim());
                long b = Long.parseLong(ends[1].trim());
                if (b < a) {
                    throw new IllegalArgumentException("seed range " + text + " runs backwards");
                }
                for (long s = a; s <= b; s++) {
                    out.add(s);
                }
            } else {
                for (String s : text.split(",")) {
                    out.add(Long.parseLong(s.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--scenarios-seeds must be a..b or a,b,c; got " + text);
        }
        return out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }
}
