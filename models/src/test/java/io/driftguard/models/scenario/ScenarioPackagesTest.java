package io.driftguard.models.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of GENERATOR.md, checked on the sources' imports: the generator's packages form
 * layers and each uses only the layers below it, so a cloud never reaches into another cloud and
 * the shared parts never reach back into the front door.
 */
class ScenarioPackagesTest {

    private static final String BASE = "io.driftguard.models.scenario";
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?" + Pattern.quote(BASE) + "((?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);
    /** GENERATOR.md's layers, top down; "" is the front door, {@value #BASE} itself. */
    private static final List<List<String>> LAYERS = List.of(
            List.of(""),
            List.of("cases", "timeline"),
            List.of("aws", "gcp", "azure", "kubernetes", "context"),
            List.of("driver"),
            List.of("iac", "label"),
            List.of("world"),
            List.of("random"));

    /** Package (relative to {@value #BASE}, "" for the front door) to the packages it imports from. */
    static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void readImports() throws IOException {
        Path root = Path.of("src/main/java/io/driftguard/models/scenario");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
            }
        }
    }

    @Test
    void thePackagesAreTheOnesTheMapNames() {
        assertThat(USES.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        LAYERS.stream().flatMap(List::stream).toList());
    }

    @Test
    void aPackageUsesOnlyTheLayersBelowIt() {
        for (int layer = 0; layer < LAYERS.size(); layer++) {
            List<String> below = LAYERS.subList(layer + 1, LAYERS.size()).stream()
                    .flatMap(List::stream)
                    .toList();
            for (String pkg : LAYERS.get(layer)) {
                assertThat(USES.get(pkg))
                        .as("what %s uses", pkg.isEmpty() ? "scenario" : "scenario." + pkg)
                        .isSubsetOf(below);
            }
        }
    }

    @Test
    void theLabelsStandOnTheCoreVocabularyAlone() {
        assertThat(USES.get("label")).isEmpty();
    }
}
