package io.driftguard.judge.registry;

import io.driftguard.core.store.LiveHistory;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.cause.CauseModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model registry as files: one folder per cause model version, named by the version (the first
 * 12 hex digits of the model file's SHA-256, what findings carry as {@code cause_model.version}),
 * holding {@code cause.onnx}, {@code cause.json}, {@code MODEL_CARD.md}, {@code metrics.json} and
 * the card's figures; the pointers {@code live} and {@code candidate}, each one line naming a
 * version; and {@code history.tsv}, every register, promote, rollback and shadow switch.
 *
 * <pre>
 *   REGISTRY/cause/
 *     3f9a1c0e55d2/  cause.onnx  cause.json  MODEL_CARD.md  metrics.json  reliability-*.png
 *     live           (3f9a1c0e55d2)
 *     candidate      (optional)
 *     history.tsv    occurred_at, action, version, previous_version, actor
 * </pre>
 *
 * A pointer is replaced by an atomic rename, so a job watching it reads the old version or the new
 * one, never half a line. Registering validates the model against this build's feature schema: a
 * model the job would refuse never enters the registry.
 */
public final class ModelRegistry implements ModelSource {

    private static final long serialVersionUID = 1L;

    public static final String ONNX = "cause.onnx";
    public static final String CARD = "MODEL_CARD.md";
    public static final String METRICS = "metrics.json";
    static final String LIVE = "live";
    static final String CANDIDATE = "candidate";
    static final String HISTORY = "history.tsv";

    /** One registered version. */
    public record Entry(
            String version, Path folder, String featureSchema, String trainedOn, boolean live, boolean candidate) {

        public String role() {
            return live ? "live" : candidate ? "candidate" : "registered";
        }
    }

    /** One line of {@code history.tsv}. */
    public record Switch(String occurredAt, String action, String version, String previous, String actor) {}

    private final String root;
    private transient Clock clock;

    public ModelRegistry(Path root) {
        this.root = root.toAbsolutePath().toString();
    }

    /** The folder of the cause model's versions and pointers. */
    public Path folder() {
        return Path.of(root).resolve(CauseModel.NAME);
    }

    ModelRegistry withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Copies a trained model into the registry: {@code onnx} with the sidecar beside it, the card and
     * metrics when given, and any extra files the card refers to (its plots). Registering the same
     * file again refreshes the card and metrics and changes no role.
     *
     * @throws CauseModelException when the model does not fit this build's features
     */
    public Entry register(Path onnx, Path card, Path metrics, List<Path> extras, String actor) throws IOException {
        String version;
        String schema;
        try (CauseModel model = CauseModel.fromPath(onnx, new CauseFeatures())) {
            version = model.ref().version();
            schema = model.ref().featureSchema();
        }
        Path dir = folder().resolve(version);
        boolean fresh = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        Files.copy(onnx, dir.resolve(ONNX), StandardCopyOption.REPLACE_EXISTING);
        Path sidecar = onnx.resolveSibling(CauseModel.SIDECAR_NAME);
        if (Files.isRegularFile(sidecar)) {
            Files.copy(sidecar, dir.resolve(CauseModel.SIDECAR_NAME), StandardCopyOption.REPLACE_EXISTING);
        }
        if (card != null) {
            Files.copy(card, dir.resolve(CARD), StandardCopyOption.REPLACE_EXISTING);
        }
        if (metrics != null) {
            Files.copy(metrics, dir.resolve(METRICS), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Path extra : extras) {
            Files.copy(extra, dir.resolve(extra.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
        if (fresh) {
            append("register", version, null, actor);
        }
        return entry(version).orElseThrow();
    }

    /** Every registered version, in the order they were registered. */
    public List<Entry> versions() throws IOException {
        List<String> order = new ArrayList<>();
        for (Switch s : history()) {
            if ("register".equals(s.action()) && !order.contains(s.version())) {
                order.add(s.version());
            }
        }
        if (Files.isDirectory(folder())) {
            try (Stream<Path> dirs = Files.list(folder())) {
                dirs.filter(p -> Files.isRegularFile(p.resolve(ONNX)))
                        .map(p -> p.getFileName().toString())
                        .sorted()
                        .filter(v -> !order.contains(v))
                        .forEach(order::add);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (String v : order) {
            entry(v).ifPresent(out::add);
        }
        return out;
    }

    public Optional<Entry> entry(String version) throws IOException {
        Path dir = folder().resolve(version);
        if (!Files.isRegularFile(dir.resolve(ONNX))) {
            return Optional.empty();
        }
        String schema = "";
        String trainedOn = "";
        Path sidecar = dir.resolve(CauseModel.SIDECAR_NAME);
        if (Files.isRegularFile(sidecar)) {
            var json = io.driftguard.core.json.Json.MAPPER.readTree(sidecar.toFile());
            schema = json.path("feature_schema_hash").asText("");
            trainedOn = json.path("trained_on").asText("");
        }
        Roles roles = roles();
        return Optional.of(new Entry(
                version, dir, schema, trainedOn, version.equals(roles.live()), version.equals(roles.candidate())));
    }

    /** The folder of one version; fails with the versions there are when it is not registered. */
    public Path versionFolder(String version) throws IOException {
        Path dir = folder().resolve(version);
        if (!Files.isRegularFile(dir.resolve(ONNX))) {
            throw new IOException("no model version " + version + " in " + folder() + "; registered: "
                    + versions().stream().map(Entry::version).toList());
        }
        return dir;
    }

    @Override
    public Roles roles() throws IOException {
        return new Roles(pointer(LIVE), pointer(CANDIDATE));
    }

    @Override
    public byte[] onnx(String version) throws IOException {
        return Files.readAllBytes(versionFolder(version).resolve(ONNX));
    }

    @Override
    public String describe() {
        return "model registry " + folder();
    }

    /** Makes a registered version live; the candidate role ends if it held it. Returns the previous live. */
    public String promote(String version, String actor) throws IOException {
        return makeLive(version, "promote", actor);
    }

    /** Makes the version that was live before the current one live again; returns it. */
    public String rollback(String actor) throws IOException {
        String previous = previousLive()
                .orElseThrow(() -> new IOException(
                        "nothing to roll back to: " + folder() + " records no promotion that replaced a live model"));
        makeLive(previous, "rollback", actor);
        return previous;
    }

    /** Makes a registered version the candidate scored in shadow, or ends shadow scoring (null). */
    public void shadow(String version, String actor) throws IOException {
        String before = pointer(CANDIDATE);
        if (version == null) {
            if (before != null) {
                Files.deleteIfExists(folder().resolve(CANDIDATE));
                append("unshadow", null, before, actor);
            }
            return;
        }
        versionFolder(version);
        if (version.equals(pointer(LIVE))) {
            throw new IOException("version " + version + " is live; a shadow candidate is another version");
        }
        if (!version.equals(before)) {
            writePointer(CANDIDATE, version);
            append("shadow", version, before, actor);
        }
    }

    /** What a rollback would make live now. */
    public Optional<String> previousLive() throws IOException {
        List<String[]> switches = new ArrayList<>();
        for (Switch s : history()) {
            if ("promote".equals(s.action()) || "rollback".equals(s.action())) {
                switches.add(new String[] {s.action(), s.version(), s.previous()});
            }
        }
        return Optional.ofNullable(LiveHistory.previous(switches));
    }

    public List<Switch> history() throws IOException {
        Path file = folder().resolve(HISTORY);
        List<Switch> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("occurred_at\t")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length >= 5) {
                out.add(new Switch(f[0], f[1], blankToNull(f[2]), blankToNull(f[3]), f[4]));
            }
        }
        return out;
    }

    private String makeLive(String version, String action, String actor) throws IOException {
        versionFolder(version);
        String before = pointer(LIVE);
        if (version.equals(before)) {
            return before;
        }
        if (version.equals(pointer(CANDIDATE))) {
            Files.deleteIfExists(folder().resolve(CANDIDATE));
        }
        writePointer(LIVE, version);
        append(action, version, before, actor);
        return before;
    }

    private String pointer(String name) throws IOException {
        Path p = folder().resolve(name);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        return blankToNull(Files.readString(p, StandardCharsets.UTF_8).trim());
    }

    private void writePointer(String name, String version) throws IOException {
        Files.createDirectories(folder());
        Path tmp = Files.createTempFile(folder(), "." + name, ".tmp");
        Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, folder().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void append(String action, String version, String previous, String actor) throws IOException {
        Files.createDirectories(folder());
        Path file = folder().resolve(HISTORY);
        if (!Files.exists(file)) {
            Files.writeString(file, "occurred_at\taction\tversion\tprevious_version\tactor\n", StandardCharsets.UTF_8);
        }
        String line = String.join(
                        "\t",
                        (clock == null ? Clock.systemUTC() : clock).instant().toString(),
                        action,
                        version == null ? "" : version,
                        previous == null ? "" : previous,
                        actor == null ? "" : actor.replace('\t', ' '))
                + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
