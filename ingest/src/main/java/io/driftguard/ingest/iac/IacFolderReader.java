package io.driftguard.ingest.iac;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.SourceExcerpt;
import io.driftguard.ingest.catalog.CatalogTables;
import io.driftguard.ingest.iac.cloudformation.CloudFormationReader;
import io.driftguard.ingest.iac.kubernetes.KubernetesManifestReader;
import io.driftguard.ingest.iac.source.DeclaringBlocks;
import io.driftguard.ingest.iac.terraform.TerraformStateReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads a replay input's {@code iac/} folder (docs/design/replay-contract.md) into desired state: Terraform states
 * under {@code iac/terraform/**}, CloudFormation stacks under {@code iac/cloudformation/<stack>/},
 * Kubernetes manifests under {@code iac/kubernetes/**}, and any further {@link IacSourceReader}. Bad files are reported in {@link Result#problems()}, never thrown.
 */
public final class IacFolderReader {

    private final CatalogTables tables;
    private final List<IacSourceReader> readers;

    /** The built-in readers: Terraform, CloudFormation and Kubernetes manifests. */
    public IacFolderReader() {
        this(CatalogTables.builtIn(), List.of());
    }

    /**
     * The built-in readers plus {@code extra} ones; an extra reader for a folder a built-in one
     * owns ({@code kubernetes}) replaces it.
     */
    public IacFolderReader(CatalogTables tables, List<IacSourceReader> extra) {
        this.tables = tables;
        IacMapper mapper = new IacMapper(tables);
        List<IacSourceReader> all = new ArrayList<>();
        all.add(new TerraformFolder(new TerraformStateReader(mapper)));
        all.add(new CloudFormationFolder(new CloudFormationReader(mapper)));
        all.add(new KubernetesManifestReader(mapper));
        for (IacSourceReader r : extra) {
            all.removeIf(existing -> existing.folder().equals(r.folder()));
            all.add(r);
        }
        this.readers = List.copyOf(all);
    }

    /**
     * @param resources one per resource key, merged across the IaC resources that declare it
     * @param declarations every IaC resource as read, before merging
     * @param problems files or parts that were not read, and why
     */
    public record Result(
            List<DesiredResource> resources, List<DeclaredResource> declarations, List<IacProblem> problems) {}

    /**
     * One part of an {@code iac/} folder that is read on its own (a Terraform state, a
     * CloudFormation stack, a manifest file), as plain strings so it travels as a source split.
     *
     * @param folder the reader's folder under {@code iac/} ({@code terraform})
     * @param path the file or folder, as {@link Path#toString()}
     */
    public record Unit(String folder, String path) {}

    /**
     * The parts of {@code iac} in reading order: reading each with {@link #read(Path, Unit,
     * Consumer, Consumer)} and merging gives {@link #read(Path)}.
     */
    public List<Unit> units(Path iac, Consumer<IacProblem> problems) {
        List<Unit> out = new ArrayList<>();
        if (Files.isDirectory(iac)) {
            for (IacSourceReader r : readers) {
                Path dir = iac.resolve(r.folder());
                if (Files.isDirectory(dir)) {
                    for (Path unit : r.units(dir, problems)) {
                        out.add(new Unit(r.folder(), unit.toString()));
                    }
                }
            }
        }
        return out;
    }

    /** Reads one unit of {@code iac}: the IaC resources it declares, not yet merged. */
    public void read(Path iac, Unit unit, Consumer<DeclaredResource> resources, Consumer<IacProblem> problems) {
        Path root = iac.toAbsolutePath().getParent();
        for (IacSourceReader r : readers) {
            if (r.folder().equals(unit.folder())) {
                // on iac's own file system: a folder inside a jar (test fixtures) is not on the default one
                r.readUnit(
                        iac.resolve(r.folder()), iac.getFileSystem().getPath(unit.path()), root, resources, problems);
                return;
            }
        }
        problems.accept(new IacProblem(unit.path(), "no reader for iac/" + unit.folder()));
    }

    /**
     * Reads {@code iac} (the folder itself, e.g. {@code input/iac}). A missing folder declares
     * nothing.
     */
    public Result read(Path iac) {
        List<DeclaredResource> declared = new ArrayList<>();
        List<IacProblem> problems = new ArrayList<>();
        for (Unit unit : units(iac, problems::add)) {
            read(iac, unit, declared::add, problems::add);
        }
        List<DesiredResource> merged = ChildRules.foldIntoParents(
                DesiredStateMerger.merge(declared, tables, msg -> problems.add(new IacProblem(iac.toString(), msg))));
        return new Result(merged, declared, problems);
    }

    static String display(Path root, Path file) {
        Path abs = file.toAbsolutePath();
        return root == null ? abs.toString() : root.relativize(abs).toString().replace('\\', '/');
    }

    static List<Path> files(Path dir, String suffix, List<IacProblem> problems) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(new IacProblem(dir.toString(), "cannot list folder: " + e.getMessage()));
            return List.of();
        }
    }

    /** {@code iac/terraform/**}{@code /*.tfstate}; the IaC path is the state's folder under {@code iac/}. */
    private record TerraformFolder(TerraformStateReader reader) implements IacSourceReader {
        @Override
        public String folder() {
            return "terraform";
        }

        @Override
        public void read(
                Path dir,
                Path root,
                java.util.function.Consumer<DeclaredResource> resources,
                java.util.function.Consumer<IacProblem> problems) {
            for (Path f : units(dir, problems)) {
                readUnit(dir, f, root, resources, problems);
            }
        }

        @Override
        public List<Path> units(Path dir, Consumer<IacProblem> problems) {
            List<IacProblem> listing = new ArrayList<>();
            List<Path> files = files(dir, ".tfstate", listing);
            listing.forEach(problems);
            return files;
        }

        @Override
        public void readUnit(
                Path dir, Path f, Path root, Consumer<DeclaredResource> resources, Consumer<IacProblem> problems) {
            Path rel = dir.getParent().relativize(f.getParent());
            String iacPath = rel.toString().replace('\\', '/') + "/";
            TerraformStateReader.Result r = reader.read(f, display(root, f), iacPath);
            Map<String, SourceExcerpt> blocks = terraformBlocks(f.getParent(), dir.getParent(), problems);
            r.resources().forEach(d -> {
                SourceExcerpt e = blocks.get(d.resource().iac().address());
                resources.accept(e == null ? d : d.withExcerpt(e));
            });
            r.problems().forEach(problems);
        }
    }

    /**
     * The root module's {@code resource} blocks in the {@code *.tf} files beside a state, keyed by
     * address. Instances of {@code count} or {@code for_each} blocks get none: a value changed in
     * their shared block would change every instance, so no patch can codify one of them.
     */
    static Map<String, SourceExcerpt> terraformBlocks(
            Path folder, Path iac, java.util.function.Consumer<IacProblem> problems) {
        Map<String, SourceExcerpt> out = new HashMap<>();
        List<Path> tf;
        try (Stream<Path> s = Files.list(folder)) {
            tf = s.filter(p -> p.getFileName().toString().endsWith(".tf") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return out;
        }
        for (Path p : tf) {
            String file = iac.relativize(p).toString().replace('\\', '/');
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                problems.accept(new IacProblem(file, "not readable: " + e.getMessage()));
                continue;
            }
            DeclaringBlocks.terraformResources(text)
                    .forEach((address, lines) ->
                            out.putIfAbsent(address, SourceExcerpt.of(file, text, lines.from(), lines.to())));
        }
        return out;
    }

    /** {@code iac/cloudformation/<stack>/}: one stack per folder. */
    private record CloudFormationFolder(CloudFormationReader reader) implements IacSourceReader {
        @Override
        public String folder() {
            return "cloudformation";
        }

        @Override
        public void read(
                Path dir,
                Path root,
                java.util.function.Consumer<DeclaredResource> resources,
                java.util.function.Consumer<IacProblem> problems) {
            for (Path stackDir : units(dir, problems)) {
                readUnit(dir, stackDir, root, resources, problems);
            }
        }

        @Override
        public List<Path> units(Path dir, Consumer<IacProblem> problems) {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(Files::isDirectory).sorted().toList();
            } catch (IOException e) {
                problems.accept(IacProblem.cannotList(dir, e));
                return List.of();
            }
        }

        @Override
        public void readUnit(
                Path dir,
                Path stackDir,
                Path root,
                Consumer<DeclaredResource> resources,
                Consumer<IacProblem> problems) {
            CloudFormationReader.Result r =
                    reader.readStack(stackDir, stackDir.getFileName().toString(), display(root, stackDir));
            r.resources().forEach(resources);
            r.problems().forEach(problems);
        }
    }
}
