package io.driftguard.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftguard model} on the launcher's classpath (what {@code ./driftguard} and the CLI image
 * run), against a real PostgreSQL: the registry's commands need the JDBC driver and Flyway there, not
 * only on the models module's test classpath. Registers the model this build ships, with its card.
 */
class ModelCommandShippedIT {

    @TempDir
    Path registry;

    private static String run(LocalPostgres pg, Path registry, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Shipped.LOGGING,
                "-cp",
                Shipped.joined(Shipped.cli()),
                "io.driftguard.cli.DriftGuard",
                "model"));
        command.addAll(List.of(args));
        command.addAll(List.of(
                "--registry",
                registry.toString(),
                "--db-url",
                pg.jdbcUrl(),
                "--db-user",
                "postgres",
                "--db-password",
                ""));
        Process p = new ProcessBuilder(command)
                .directory(Shipped.CHECKOUT.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(ChildJvm.linkageErrors(out)).isEmpty();
        return out;
    }

    @Test
    void theShippedModelIsRegisteredAndPromotedFromTheLauncherClasspath() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start()) {
            String registered = run(pg, registry, "register", "judge/src/main/resources/models");
            String version = registered.split("\\s+")[1];
            assertThat(run(pg, registry, "promote", version)).contains(version + " is live");
            assertThat(run(pg, registry, "list")).containsPattern(version + "\\s+live\\s+live");
            assertThat(registry.resolve("cause").resolve(version).resolve("MODEL_CARD.md"))
                    .content()
                    .startsWith("# Cause model card");
        }
    }
}
