package io.driftguard.models.training;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.models.scenario.world.WorldShape;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Writes {@code MODEL_CARD.md} from a training run: data, features, quality, calibration. No timestamps, so it is reproducible too. */
public final class ModelCard {

    private ModelCard() {}

    public static String render(
            CauseTraining.Result r,
            List<String> sources,
            Set<String> calibrationGroups,
            Set<String> testGroups,
            XgboostTrainer.Params p,
            List<WorldEvaluation> worlds) {
        StringBuilder b = new StringBuilder();
        CauseFeatures f = new CauseFeatures();
        b.append("# Cause model card\n\n");
        b.append("Written by `driftguard train` (`io.driftguard.models.training.TrainCommand`); do not edit by hand,\n")
                .append(
                        "retrain instead. The model decides the cause of a drift episode (docs/design/taxonomy.md) from its `EpisodeContext`.\n\n");
        b.append("## Model\n\n");
        b.append("- Lives in the judge module: `")
                .append(TrainCommand.DEFAULT_OUTPUT)
                .append("cause.onnx` and its metadata `")
                .append(CauseModel.SIDECAR_NAME)
                .append("`,\n  on the job's classpath as `")
                .append(CauseModel.CLASSPATH_LOCATION)
                .append("` (`CauseModel`). `driftguard train` writes both there by default\n")
                .append(
                        "  (`--output DIR` elsewhere); the job and `driftguard replay` serve another with `--cause-model FILE`.\n");
        b.append("- XGBoost4J `multi:softprob`, ")
                .append(p.rounds())
                .append(" rounds, max depth ")
                .append(p.maxDepth())
                .append(", eta ")
                .append(p.eta())
                .append(", min child weight ")
                .append(p.minChildWeight())
                .append(", lambda ")
                .append(p.lambda())
                .append(", exact tree method, 1 thread, seed ")
                .append(p.seed())
                .append(".\n");
        b.append(
                        "- Exported to ONNX as one `ai.onnx.ml.TreeEnsembleClassifier` (SOFTMAX, per-class base values), file\n")
                .append("  `cause.onnx`; input `features` float [N, ")
                .append(f.size())
                .append("], outputs `label` and `probabilities` [N, 5]\n")
                .append("  in class order ")
                .append(String.join(", ", Term.ids(Cause.class)))
                .append(".\n");
        if (Double.isNaN(r.maxExportDifference())) {
            b.append(
                            "- Export check: not re-measured; this card scores an existing model (`driftguard train --model`)\n")
                    .append("  on today's data, it did not train one.\n");
        } else {
            b.append("- Export check on the test rows: max |XGBoost − onnxruntime| probability difference ")
                    .append(String.format(Locale.ROOT, "%.2e", r.maxExportDifference()))
                    .append(".\n");
        }
        b.append("- Feature schema version ")
                .append(f.version())
                .append(", hash `")
                .append(f.schemaHash())
                .append(
                        "` (stored in the ONNX `metadata_props` and in `cause.json`; serving refuses a model whose schema differs).\n");
        b.append("- Reproducible: retraining with the same inputs and parameters gives byte-identical `cause.onnx`,\n")
                .append(
                        "  `cause.json` and this card (one thread, fixed seed, no clock; `CauseTrainingTest` checks it).\n\n");

        b.append("## Data\n\n");
        b.append("Trained on: ").append(r.metadata().trainedOn()).append("\n\n");
        if (Double.isNaN(r.maxExportDifference())) {
            b.append("This card re-measures that model on the data below (replayed by today's pipeline); the split\n")
                    .append("is the one it was trained with, so no test or unseen row was trained on.\n\n");
        }
        for (String s : sources) {
            b.append("- ").append(s).append("\n");
        }
        b.append("\nSplit by group (never by row): calibration groups ")
                .append(sorted(calibrationGroups))
                .append(", test groups ")
                .append(sorted(testGroups))
                .append(", every other group trains.\n\n");
        b.append("| group | role |");
        for (String c : Term.ids(Cause.class)) {
            b.append(' ').append(c).append(" |");
        }
        b.append(" total |\n|---|---|");
        b.append("---:|".repeat(Term.ids(Cause.class).size() + 1)).append('\n');
        r.countsByGroup().forEach((g, counts) -> {
            b.append("| ")
                    .append(g)
                    .append(" | ")
                    .append(testGroups.contains(g) ? "test" : calibrationGroups.contains(g) ? "calibration" : "train")
                    .append(" |");
            int total = 0;
            for (int c : counts) {
                b.append(' ').append(c).append(" |");
                total += c;
            }
            b.append(' ').append(total).append(" |\n");
        });

        Metrics m = r.calibrated();
        b.append("\n## Quality on the test groups (").append(m.rows()).append(" episodes, calibrated)\n\n");
        b.append("| cause | precision | recall | F1 |\n|---|---:|---:|---:|\n");
        for (int c = 0; c < Term.ids(Cause.class).size(); c++) {
            b.append("| ")
                    .append(Term.ids(Cause.class).get(c))
                    .append(" | ")
                    .append(fmt(m.precision()[c]))
                    .append(" | ")
                    .append(fmt(m.recall()[c]))
                    .append(" | ")
                    .append(fmt(m.f1()[c]))
                    .append(" |\n");
        }
        b.append("\nMacro precision **")
                .append(fmt(m.macroPrecision()))
                .append("**, accuracy ")
                .append(fmt(m.accuracy()))
                .append(".\n\nConfusion matrix (rows true, columns predicted, same order):\n\n| true \\ predicted |");
        for (String c : Term.ids(Cause.class)) {
            b.append(' ').append(c).append(" |");
        }
        b.append("\n|---|").append("---:|".repeat(Term.ids(Cause.class).size())).append('\n');
        for (int t = 0; t < Term.ids(Cause.class).size(); t++) {
            b.append("| ").append(Term.ids(Cause.class).get(t)).append(" |");
            for (int c = 0; c < Term.ids(Cause.class).size(); c++) {
                b.append(' ').append(m.confusion()[t][c]).append(" |");
            }
            b.append('\n');
        }

        b.append("\n## Calibration\n\n");
        b.append("Expected calibration error (10 equal-width bins of the top probability): before calibration ")
                .append(fmt(r.uncalibrated().ece()))
                .append(", after ")
                .append(fmt(m.ece()))
                .append(".\n");
        b.append("Method: temperature scaling, `p_i^(1/T) / Σ p_j^(1/T)`, T fitted on the calibration groups by\n")
                .append("minimising negative log-likelihood (golden-section search): **T = ")
                .append(r.metadata().temperature())
                .append("**. Serving (`CauseModel`) applies it to every score; it never changes which cause wins.\n\n");
        b.append("| confidence bin | episodes | mean confidence | accuracy |\n|---|---:|---:|---:|\n");
        for (Metrics.Bin bin : m.bins()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %.1f–%.1f | %d | %s | %s |%n",
                    bin.lo(),
                    bin.hi(),
                    bin.count(),
                    fmt(bin.meanConfidence()),
                    fmt(bin.accuracy())));
        }

        generalisation(b, worlds);

        b.append("\n## Features (").append(f.size()).append(", from the EpisodeContext only)\n\n");
        b.append("`").append(String.join("`, `", f.names())).append("`\n\n");
        b.append("Who acted (actor type one-hot, security and automation principal, console); a high or critical\n")
                .append(
                        "incident, Jira Incident or alert open during the change and minutes since it started; an incident\n")
                .append(
                        "that ended before; low/medium tickets; security findings, tickets or alerts within 2 hours before\n")
                .append(
                        "(same resource or service level); the actor's reads before the change; commits after (hotfix or\n")
                .append(
                        "incident id in the message); the episode's events, revert within an hour, codified, duration; what\n")
                .append(
                        "the change means (`semantics.ChangeSemantics`: tightening, widening, admin port to the world, public\n")
                .append(
                        "storage, wildcard/admin grants, encryption/logging/backups/deletion protection off, log2 capacity\n")
                .append(
                        "ratio, tag-only); and the changed paths' families (capacity, size, network, storage access, IAM,\n")
                .append("logging, tags, config) multi-hot.\n\n");
        b.append("## Limits\n\n");
        b.append(
                        "- The model learns the taxonomy's cause table (docs/design/taxonomy.md) from data; where the correlation stage misses evidence\n")
                .append(
                        "  (an incident not joined to the service, reads not attributed), the model cannot see it either.\n")
                .append(
                        "- Rows drawn by `TaxonomySampler` are labelled by the taxonomy's table and precedence; scores on them\n")
                .append("  measure how well the trees learned the table, not the pipeline's correlation quality.\n");
        return b.toString();
    }

    /** In-sample, held-out seeds and unseen worlds side by side, scored as serving scores. */
    private static void generalisation(StringBuilder b, List<WorldEvaluation> worlds) {
        if (worlds == null || worlds.isEmpty()) {
            return;
        }
        List<String> causes = Term.ids(Cause.class);
        b.append("\n## Generalisation: worlds the model never saw\n\n");
        b.append("Scored as serving scores (the ONNX model, its temperature, and the taxonomy's evidence\n")
                .append(
                        "requirements, `TaxonomyEvidence`), on replayed episodes only, so rows compare like with like.\n")
                .append("Split by world, not by episode: an unseen world is a data set generated for an organisation\n")
                .append(
                        "the model was neither trained nor calibrated on (`driftguard generate --world`: another size and\n")
                .append(
                        "shape, actor mix, incident and ticket rates, working hours and automation share; table below),\n")
                .append(
                        "with a seed training never used. ECE: expected calibration error (10 bins); AUC: how often a right\n")
                .append("answer carries a higher confidence than a wrong one (0.5 = no separation).\n\n");
        b.append("| world | how it differs |\n|---|---|\n");
        for (WorldShape w : WorldShape.ALL) {
            b.append("| `").append(w.name()).append("` | ").append(w.summary()).append(" |\n");
        }
        b.append('\n');
        b.append(
                        "| data | role | episodes | macro precision | accuracy | ECE | AUC | mean confidence right / wrong |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (WorldEvaluation w : worlds) {
            b.append("| ")
                    .append(w.name())
                    .append(w.shape().isEmpty() ? "" : " (`" + w.shape() + "`)")
                    .append(" | ")
                    .append(w.role())
                    .append(" | ")
                    .append(w.metrics().rows())
                    .append(" | ")
                    .append(fmt(w.metrics().macroPrecision()))
                    .append(" | ")
                    .append(fmt(w.metrics().accuracy()))
                    .append(" | ")
                    .append(fmt(w.confidence().ece()))
                    .append(" | ")
                    .append(
                            Double.isNaN(w.confidence().auc())
                                    ? "n/a"
                                    : fmt(w.confidence().auc()))
                    .append(" | ")
                    .append(fmt(w.confidence().meanConfidenceRight()))
                    .append(" / ")
                    .append(
                            Double.isNaN(w.confidence().meanConfidenceWrong())
                                    ? "none wrong"
                                    : fmt(w.confidence().meanConfidenceWrong()))
                    .append(" |\n");
        }
        b.append("\nPrecision / recall per cause (recall is the accuracy on the episodes of that cause):\n\n| data |");
        for (String c : causes) {
            b.append(' ').append(c).append(" |");
        }
        b.append("\n|---|").append("---|".repeat(causes.size())).append('\n');
        for (WorldEvaluation w : worlds) {
            b.append("| ").append(w.name()).append(" |");
            for (int c = 0; c < causes.size(); c++) {
                b.append(' ')
                        .append(fmt(w.metrics().precision()[c]))
                        .append(" / ")
                        .append(fmt(w.metrics().recall()[c]))
                        .append(" |");
            }
            b.append('\n');
        }
        for (WorldEvaluation w : worlds) {
            if (!hasDiagram(w)) {
                continue;
            }
            b.append("\nReliability diagram, ").append(w.name()).append(":\n\n");
            b.append("![reliability diagram, ")
                    .append(w.name())
                    .append("](")
                    .append(ReliabilityDiagram.fileName(w.name()))
                    .append(")\n\n```\n");
            b.append(w.confidence().render(""));
            b.append("```\n");
        }
    }

    /** In-sample, unseen worlds and their pool get a diagram (a PNG beside the card, and the table). */
    public static boolean hasDiagram(WorldEvaluation w) {
        return w.role().startsWith("unseen") || w.role().equals("in-sample");
    }

    private static String sorted(Set<String> groups) {
        return groups.isEmpty() ? "(none)" : String.join(", ", new java.util.TreeSet<>(groups));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
