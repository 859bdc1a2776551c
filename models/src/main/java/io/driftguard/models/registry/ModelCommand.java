package io.driftguard.models.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.ModelStore;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.cause.CauseModelException;
import io.driftguard.judge.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code driftguard model}: the cause model registry. Versions live as files in a registry
 * directory ({@link ModelRegistry}); with {@code --db-url} every command also updates the
 * registry's PostgreSQL table ({@link ModelStore}), which the live job watches and the dashboard
 * shows. A promotion, rollback or shadow switch takes effect in a running job within seconds
 * (its judge re-reads the roles), without a restart and without losing its state.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "The cause model registry: register, list, promote, rollback, shadow.",
        subcommands = {
            ModelCommand.Register.class,
            ModelCommand.ListVersions.class,
            ModelCommand.Promote.class,
            ModelCommand.Rollback.class,
            ModelCommand.Shadow.class
        })
public final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the registry is; shared by every subcommand. */
    static class Where {
        @Option(
                names = "--registry",
                defaultValue = "${env:DRIFTGUARD_MODEL_REGISTRY:-models/registry}",
                paramLabel = "DIR",
                description = "The registry directory (default: ${DEFAULT-VALUE}).")
        Path registry;

        @Option(
                names = "--db-url",
                defaultValue = "${env:DRIFTGUARD_DB_URL}",
                description = "PostgreSQL JDBC URL; when set, the registry's table there is updated too"
                        + " (what a running job follows).")
        String dbUrl;

        @Option(names = "--db-user", defaultValue = "${env:DRIFTGUARD_DB_USER:-driftguard}")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:DRIFTGUARD_DB_PASSWORD:-driftguard}")
        String dbPassword;

        @Option(
                names = "--actor",
                defaultValue = "${sys:user.name}",
                description = "Who is recorded as making the switch (default: ${DEFAULT-VALUE}).")
        String actor;

        ModelRegistry registry() {
            return new ModelRegistry(registry);
        }

        /** The database, migrated, or empty without {@code --db-url}. */
        Optional<Database> database() {
            if (dbUrl == null || dbUrl.isBlank()) {
                return Optional.empty();
            }
            Database db = new Database(dbUrl, dbUser, dbPassword);
            db.migrate();
            return Optional.of(db);
        }
    }

    /** Runs a subcommand body and turns expected failures into one line and exit code 1. */
    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Mixin
        Where where = new Where();

        PrintStream out = System.out;
        PrintStream err = System.err;

        @Override
        public Integer call() {
            try {
                return body();
            } catch (IOException | SQLException | CauseModelException | IllegalArgumentException e) {
                err.println("driftguard model: " + e.getMessage());
                return 1;
            }
        }

        abstract int body() throws IOException, SQLException;
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Add a trained model to the registry.")
    static final class Register extends Sub {
        @Parameters(
                paramLabel = "MODEL",
                description =
                        "cause.onnx, or the folder `driftguard train --output` wrote it to (cause.json beside it).")
        Path model;

        @Option(
                names = "--card",
                paramLabel = "FILE",
                description = "The model card (default: MODEL_CARD.md beside the model, else models/MODEL_CARD.md).")
        Path card;

        @Option(
                names = "--metrics",
                paramLabel = "FILE",
                description =
                        "The card's figures as JSON (default: metrics.json beside the card, else the sidecar's test figures).")
        Path metrics;

        @Override
        int body() throws IOException, SQLException {
            Path onnx = Files.isDirectory(model) ? model.resolve(ModelRegistry.ONNX) : model;
            Path cardFile = card != null
                    ? card
                    : firstExisting(onnx.resolveSibling(ModelRegistry.CARD), Path.of("models", ModelRegistry.CARD));
            Path metricsFile = metrics != null
                    ? metrics
                    : cardFile == null ? null : firstExisting(cardFile.resolveSibling(ModelRegistry.METRICS));
            List<Path> plots = cardFile == null ? List.of() : plotsBeside(cardFile);
            ModelRegistry registry = where.registry();
            ModelRegistry.Entry e = registry.register(onnx, cardFile, metricsFile, plots, where.actor);
            if (metricsFile == null) {
                Files.writeString(
                        e.folder().resolve(ModelRegistry.METRICS),
                        metricsFromSidecar(e.folder()),
                        StandardCharsets.UTF_8);
            }
            Optional<Database> db = where.database();
            if (db.isPresent()) {
                try (Connection c = db.get().connect()) {
                    upload(new ModelStore(c), e);
                }
            }
            out.printf(
                    Locale.ROOT,
                    "registered %s (%s)%s%n",
                    e.version(),
                    e.trainedOn(),
                    db.isPresent() ? " in " + registry.folder() + " and PostgreSQL" : " in " + registry.folder());
            return 0;
        }

        private static List<Path> plotsBeside(Path card) throws IOException {
            Path dir = card.toAbsolutePath().getParent();
            if (dir == null) {
                return List.of();
            }
            String text = Files.readString(card, StandardCharsets.UTF_8);
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith(".png"))
                        .filter(p -> text.contains(p.getFileName().toString()))
                        .sorted()
                        .toList();
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the registered versions and their roles.")
    static final class ListVersions extends Sub {
        @Override
        int body() throws IOException, SQLException {
            ModelRegistry registry = where.registry();
            List<ModelRegistry.Entry> versions = registry.versions();
            Optional<Database> db = where.database();
            List<ModelStore.Version> rows = new ArrayList<>();
            if (db.isPresent()) {
                try (Connection c = db.get().connect()) {
                    rows = new ModelStore(c).list(CauseModel.NAME);
                }
            }
            out.printf(
                    Locale.ROOT,
                    "%-14s %-10s %-10s %-18s %s%n",
                    "VERSION",
                    "ROLE",
                    "DATABASE",
                    "FEATURE SCHEMA",
                    "TRAINED ON");
            for (ModelRegistry.Entry e : versions) {
                String inDb = db.isEmpty()
                        ? "-"
                        : rows.stream()
                                .filter(r -> r.version().equals(e.version()))
                                .map(ModelStore.Version::role)
                                .findFirst()
                                .orElse("absent");
                out.printf(
                        Locale.ROOT,
                        "%-14s %-10s %-10s %-18s %s%n",
                        e.version(),
                        e.role(),
                        inDb,
                        e.featureSchema(),
                        e.trainedOn());
            }
            for (ModelStore.Version r : rows) {
                if (versions.stream().noneMatch(e -> e.version().equals(r.version()))) {
                    out.printf(
                            Locale.ROOT,
                            "%-14s %-10s %-10s %-18s %s%n",
                            r.version(),
                            "absent",
                            r.role(),
                            r.featureSchema(),
                            r.trainedOn());
                }
            }
            if (versions.isEmpty() && rows.isEmpty()) {
                out.println("(no versions; add one with `driftguard model register MODEL`)");
            }
            return 0;
        }
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = "Make a registered version the live model.")
    static final class Promote extends Sub {
        @Parameters(paramLabel = "VERSION")
        String version;

        @Override
        int body() throws IOException, SQLException {
            ModelRegistry registry = where.registry();
            String v = resolve(registry, version);
            Optional<Database> db = where.database();
            if (db.isPresent()) {
                try (Connection c = db.get().connect()) {
                    ModelStore store = new ModelStore(c);
                    upload(store, registry.entry(v).orElseThrow());
                    store.makeLive(CauseModel.NAME, v, "promote", where.actor);
                }
            }
            String before = registry.promote(v, where.actor);
            out.printf(Locale.ROOT, "%s is live (was %s)%n", v, before == null ? "the built-in model" : before);
            return 0;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Make the version that was live before the current one live again.")
    static final class Rollback extends Sub {
        @Override
        int body() throws IOException, SQLException {
            ModelRegistry registry = where.registry();
            Optional<Database> db = where.database();
            String previous;
            if (db.isPresent()) {
                // The job follows the table, so its history decides.
                try (Connection c = db.get().connect()) {
                    ModelStore store = new ModelStore(c);
                    previous = store.previousLive(CauseModel.NAME)
                            .orElseThrow(
                                    () -> new IllegalArgumentException(
                                            "nothing to roll back to: model_promotions records no promotion that replaced a live model"));
                    store.makeLive(CauseModel.NAME, previous, "rollback", where.actor);
                }
                if (registry.entry(previous).isPresent()) {
                    registry.promote(previous, where.actor);
                }
            } else {
                previous = registry.rollback(where.actor);
            }
            out.printf(Locale.ROOT, "%s is live again%n", previous);
            return 0;
        }
    }

    @Command(
            name = "shadow",
            mixinStandardHelpOptions = true,
            description =
                    "Score a registered version in shadow beside the live model (its causes are kept, never acted on).")
    static final class Shadow extends Sub {
        @Parameters(paramLabel = "VERSION", arity = "0..1")
        String version;

        @Option(names = "--stop", description = "End shadow scoring.")
        boolean stop;

        @Override
        int body() throws IOException, SQLException {
            if (stop == (version != null)) {
                throw new IllegalArgumentException("give a VERSION to score in shadow, or --stop");
            }
            ModelRegistry registry = where.registry();
            String v = stop ? null : resolve(registry, version);
            Optional<Database> db = where.database();
            if (db.isPresent()) {
                try (Connection c = db.get().connect()) {
                    ModelStore store = new ModelStore(c);
                    if (v != null) {
                        upload(store, registry.entry(v).orElseThrow());
                    }
                    store.makeCandidate(CauseModel.NAME, v, where.actor);
                }
            }
            registry.shadow(v, where.actor);
            out.println(v == null ? "no model scores in shadow" : v + " scores in shadow");
            return 0;
        }
    }

    /** A version or a unique prefix of one. */
    static String resolve(ModelRegistry registry, String prefix) throws IOException {
        List<String> matches = registry.versions().stream()
                .map(ModelRegistry.Entry::version)
                .filter(v -> v.startsWith(prefix))
                .toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(
                    (matches.isEmpty() ? "no registered version " : "more than one version starts with ") + prefix
                            + " in " + registry.folder() + "; registered: "
                            + registry.versions().stream()
                                    .map(ModelRegistry.Entry::version)
                                    .toList());
        }
        return matches.get(0);
    }

    /** Copies a registry version into the table (card, metrics, sidecar, bytes); keeps its role. */
    static void upload(ModelStore store, ModelRegistry.Entry e) throws IOException, SQLException {
        Path dir = e.folder();
        Path card = dir.resolve(ModelRegistry.CARD);
        Path metrics = dir.resolve(ModelRegistry.METRICS);
        Path sidecar = dir.resolve(CauseModel.SIDECAR_NAME);
        store.register(new ModelStore.NewVersion(
                e.version(),
                CauseModel.NAME,
                e.featureSchema(),
                e.trainedOn(),
                Files.isRegularFile(card)
                        ? Files.readString(card, StandardCharsets.UTF_8)
                        : "(no model card was registered)",
                Files.isRegularFile(metrics)
                        ? Files.readString(metrics, StandardCharsets.UTF_8)
                        : metricsFromSidecar(dir),
                Files.isRegularFile(sidecar) ? Files.readString(sidecar, StandardCharsets.UTF_8) : "{}",
                Files.readAllBytes(dir.resolve(ModelRegistry.ONNX))));
    }

    /** The figures a sidecar carries, for a model registered without a metrics file. */
    static String metricsFromSidecar(Path dir) throws IOException {
        Path sidecar = dir.resolve(CauseModel.SIDECAR_NAME);
        ObjectNode m = Json.MAPPER.createObjectNode();
        if (Files.isRegularFile(sidecar)) {
            JsonNode s = Json.MAPPER.readTree(sidecar.toFile());
            m.put("trained_on", s.path("trained_on").asText(""));
            m.set("test", s.path("test"));
            m.set("calibration", s.path("calibration"));
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m);
    }

    private static Path firstExisting(Path... candidates) {
        for (Path p : candidates) {
            if (p != null && Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
