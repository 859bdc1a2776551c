package io.driftguard.ingest.iac.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.state.SourceExcerpt;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.ingest.iac.IacSourceReader;
import io.driftguard.ingest.iac.source.DeclaringBlocks;
import io.driftguard.ingest.iac.source.DeclaringBlocks.Lines;
import io.driftguard.ingest.iac.source.DeclaringBlocks.YamlDocument;
import io.driftguard.ingest.kubernetes.KubernetesKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Kubernetes manifests under a replay input's {@code iac/kubernetes/} (docs/design/replay-contract.md):
 * {@code **}{@code /*.yaml} and {@code *.yml}, several documents per file, block or flow style,
 * {@code kind: List} wrappers unpacked. A file under {@code iac/kubernetes/<cluster>/} belongs to
 * that cluster, one directly in {@code iac/kubernetes/} to {@code default}; an object without a
 * namespace is in {@code default} (cluster-scoped kinds have none).
 *
 * <p>Each object becomes a declaration with resource id {@code <cluster>/<namespace>/<Kind>/<name>}
 * ({@code <cluster>/<Kind>/<name>} when cluster-scoped, as {@link KubernetesKinds} names them in audit
 * events), IaC address {@code <file relative to iac/>#<apiGroup>/<Kind>/<namespace>/<name>} and IaC
 * path the file relative to {@code iac/}. Kinds the catalog does not map are skipped silently; a file
 * that is not YAML, or an object without kind or name, is reported.
 */
public final class KubernetesManifestReader implements IacSourceReader {

    /** The cluster of manifests not in a cluster folder, and the namespace of objects naming none. */
    public static final String DEFAULT = "default";

    private final IacMapper mapper;

    public KubernetesManifestReader(IacMapper mapper) {
        this.mapper = mapper;
    }

    public static KubernetesManifestReader builtIn() {
        return new KubernetesManifestReader(IacMapper.builtIn());
    }

    @Override
    public String folder() {
        return "kubernetes";
    }

    @Override
    public void read(Path dir, Path inputRoot, Consumer<DeclaredResource> resources, Consumer<IacProblem> problems) {
        for (Path f : units(dir, problems)) {
            readUnit(dir, f, inputRoot, resources, problems);
        }
    }

    @Override
    public List<Path> units(Path dir, Consumer<IacProblem> problems) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(KubernetesManifestReader::isYaml)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.accept(IacProblem.cannotList(dir, e));
            return List.of();
        }
    }

    /** Reads one manifest file {@code f} under {@code dir}. */
    @Override
    public void readUnit(
            Path dir, Path f, Path inputRoot, Consumer<DeclaredResource> resources, Consumer<IacProblem> problems) {
        Path iac = dir.getParent();
        Path rel = dir.relativize(f);
        String cluster = rel.getNameCount() > 1 ? rel.getName(0).toString() : DEFAULT;
        String iacPath = iac.relativize(f).toString().replace('\\', '/');
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            problems.accept(new IacProblem(display(inputRoot, f), "not readable: " + e.getMessage()));
            return;
        }
        readText(text, cluster, iacPath, display(inputRoot, f), resources, problems);
    }

    /**
     * Reads one file's text.
     *
     * @param iacPath the file relative to {@code iac/} ({@code kubernetes/prod/app.yaml})
     * @param displayName the file name problems carry
     */
    public void readText(
            String text,
            String cluster,
            String iacPath,
            String displayName,
            Consumer<DeclaredResource> resources,
            Consumer<IacProblem> problems) {
        List<JsonNode> docs;
        try {
            docs = documents(text);
        } catch (IllegalArgumentException e) {
            problems.accept(new IacProblem(displayName, e.getMessage()));
            return;
        }
        // Where each object is written, for codify patches against this file's text.
        List<YamlDocument> found = DeclaringBlocks.yamlDocuments(text);
        List<YamlDocument> blocks = found.size() == docs.size() ? found : List.of();
        int index = 0;
        for (JsonNode doc : docs) {
            int at = index++;
            if (doc.isObject()
                    && "List".equals(doc.path("kind").asText())
                    && doc.path("items").isArray()) {
                List<Lines> items = at < blocks.size() ? blocks.get(at).items() : List.of();
                int i = 0;
                for (JsonNode item : doc.get("items")) {
                    Lines lines = i < items.size() ? items.get(i) : null;
                    i++;
                    object(
                            item,
                            cluster,
                            iacPath,
                            displayName,
                            "document " + at,
                            excerpt(text, iacPath, lines),
                            resources,
                            problems);
                }
            } else {
                Lines lines = at < blocks.size() ? blocks.get(at).lines() : null;
                object(
                        doc,
                        cluster,
                        iacPath,
                        displayName,
                        "document " + at,
                        excerpt(text, iacPath, lines),
                        resources,
                        problems);
            }
        }
    }

    /**
     * Why a manifest file's text cannot be loaded as YAML ({@code not valid YAML: …}), or null when it
     * can: what {@code iac-sync} checks before it replaces its copy of a file from Git.
     */
    public static String yamlError(String text) {
        try {
            documents(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Whether the reader takes a file of this name ({@code *.yaml}, {@code *.yml}). */
    public static boolean isManifest(String fileName) {
        return fileName.endsWith(".yaml") || fileName.endsWith(".yml");
    }

    private static List<JsonNode> documents(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try {
            for (Object o : new Yaml(new Constructor()).loadAll(text)) {
                if (o != null) {
                    docs.add(Json.MAPPER.valueToTree(o));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark();
            throw new IllegalArgumentException(
                    "not valid YAML: " + e.getProblem()
                            + (at == null
                                    ? ""
                                    : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")"),
                    e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid YAML: " + firstLine(e.getMessage()), e);
        }
        return docs;
    }

    private void object(
            JsonNode obj,
            String cluster,
            String iacPath,
            String file,
            String where,
            SourceExcerpt excerpt,
            Consumer<DeclaredResource> resources,
            Consumer<IacProblem> problems) {
        if (!obj.isObject()) {
            problems.accept(new IacProblem(file, where + " is not a Kubernetes object (a YAML mapping)"));
            return;
        }
        String kind = text(obj.get("kind"));
        String name = text(obj.path("metadata").get("name"));
        String apiVersion = text(obj.get("apiVersion"));
        if (kind == null || name == null || apiVersion == null) {
            problems.accept(new IacProblem(
                    file,
                    where + " has no "
                            + (apiVersion == null ? "apiVersion" : kind == null ? "kind" : "metadata.name")));
            return;
        }
        if (!mapper.knows("kubernetes", kind)) {
            return;
        }
        boolean clusterScoped = KubernetesKinds.isClusterScoped(kind);
        String namespace =
                clusterScoped ? null : orDefault(text(obj.path("metadata").get("namespace")));
        String id = KubernetesKinds.resourceId(cluster, namespace, kind, name);
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
        String address = iacPath + "#" + group + "/" + kind + "/" + (namespace == null ? "" : namespace + "/") + name;
        IacRef ref = new IacRef("kubernetes", address, iacPath, excerpt);
        mapper.map("kubernetes", kind, obj, obj, id, cluster, ref, note -> problems.accept(new IacProblem(file, note)))
                .forEach(resources);
    }

    private static SourceExcerpt excerpt(String text, String iacPath, Lines lines) {
        return lines == null ? null : SourceExcerpt.of(iacPath, text, lines.from(), lines.to());
    }

    private static String orDefault(String ns) {
        return ns == null ? DEFAULT : ns;
    }

    private static boolean isYaml(Path p) {
        return isManifest(p.getFileName().toString());
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || !n.isValueNode()) {
            return null;
        }
        String t = n.asText().trim();
        return t.isEmpty() ? null : t;
    }

    private static String display(Path root, Path file) {
        Path abs = file.toAbsolutePath();
        return root == null ? abs.toString() : root.relativize(abs).toString().replace('\\', '/');
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A safe loader that keeps timestamps as text (an annotation's date must not become a Date). */
    private static final class Constructor extends SafeConstructor {
        Constructor() {
            super(new LoaderOptions());
            yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return ((ScalarNode) node).getValue();
                }
            });
        }
    }
}
