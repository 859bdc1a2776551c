package io.driftguard.smoke;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the built artefacts are, and the classpaths they ship on, read the way the launcher
 * ({@code ./driftguard}) and the images read them:
 *
 * <ul>
 *   <li>the CLI: {@code cli/target/classes} plus {@code cli/target/classpath.txt}, what the launcher runs every
 *       command but {@code demo} on and what {@code deploy/docker/cli.Dockerfile} copies;
 *   <li>the demo: {@code demo/target/classes} plus {@code demo/target/classpath.txt} ({@code ./driftguard demo});
 *   <li>the connector image: the ingest jar plus {@code ingest/target/classpath.txt}, what
 *       {@code deploy/docker/ingest.Dockerfile} copies;
 *   <li>the dashboard image: {@code dashboard/target/driftguard-dashboard.jar}.
 * </ul>
 */
final class Shipped {

    static final Path CHECKOUT = Path.of(System.getProperty("driftguard.checkout", ".."))
            .toAbsolutePath()
            .normalize();

    /** The JDK packages Flink's serializers reflect into: the launcher's list. */
    static final List<String> JDK_OPENS = List.of(
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED");

    /** The logging every plain-classpath command is started with. */
    static final String LOGGING = "-Dlog4j2.configurationFile=classpath:driftguard-log4j2.xml";

    private Shipped() {}

    static List<Path> cli() {
        return classpath(CHECKOUT.resolve("cli/target/classes"), CHECKOUT.resolve("cli/target/classpath.txt"));
    }

    static List<Path> demo() {
        return classpath(CHECKOUT.resolve("demo/target/classes"), CHECKOUT.resolve("demo/target/classpath.txt"));
    }

    static List<Path> ingestImage() {
        return classpath(ingestJar(), CHECKOUT.resolve("ingest/target/classpath.txt"));
    }

    static Path jobJar() {
        return existing(CHECKOUT.resolve("job/target/driftguard-job.jar"));
    }

    static Path dashboardJar() {
        return existing(CHECKOUT.resolve("dashboard/target/driftguard-dashboard.jar"));
    }

    static String joined(List<Path> classpath) {
        return String.join(
                File.pathSeparator, classpath.stream().map(Path::toString).toList());
    }

    private static Path ingestJar() {
        try (var jars = Files.list(CHECKOUT.resolve("ingest/target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("driftguard-ingest-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no ingest jar in ingest/target: run `mvn package` first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> classpath(Path first, Path classpathFile) {
        List<Path> out = new ArrayList<>();
        out.add(existing(first));
        try {
            for (String entry :
                    Files.readString(existing(classpathFile)).strip().split(File.pathSeparator)) {
                out.add(Path.of(entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Path existing(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(
                    p + " is missing: the smoke tests run after `mvn package` of the whole reactor");
        }
        return p;
    }
}
