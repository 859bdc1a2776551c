package io.driftguard.models.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.store.Database;
import io.driftguard.judge.testing.ModelVariants;
import io.driftguard.testkit.LocalPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code driftguard model} as an operator runs it: files and the PostgreSQL table move together. */
class ModelCommandIT {

    private static LocalPostgres pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private record Run(int exit, String out, String err) {}

    private Run model(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--registry",
                tmp.resolve("registry").toString(),
                "--db-url",
                pg.jdbcUrl(),
                "--db-user",
                "postgres",
                "--db-password",
                "",
                "--actor",
                "ops"));
        CommandLine cli = new CommandLine(new ModelCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CommandLine sub = cli.getSubcommands().get(args[0]);
        ModelCommand.Sub command = sub.getCommand();
        command.out = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new java.io.PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String registered(String variant) throws Exception {
        Path dir = tmp.resolve("trained-" + variant);
        ModelVariants.write(dir, variant);
        Files.writeString(
                dir.resolve("MODEL_CARD.md"), "# Cause model card " + variant + "\n![reliability](reliability.png)\n");
        Files.write(dir.resolve("reliability.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Run r = model("register", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().split(" ")[1];
    }

    @Test
    void registerPromoteShadowAndRollbackMoveTheFilesAndTheTableTogether() throws Exception {
        String a = registered("a");
        String b = registered("b");
        Path folder = tmp.resolve("registry/cause");
        assertThat(folder.resolve(a).resolve("reliability.png"))
                .as("the card's plot travels with it")
                .exists();
        assertThat(folder.resolve(a).resolve("metrics.json")).exists();

        assertThat(model("promote", a.substring(0, 6)).out()).contains(a + " is live");
        assertThat(model("shadow", b).out()).contains(b + " scores in shadow");
        Run list = model("list");
        assertThat(list.out())
                .containsPattern(a + "\\s+live\\s+live")
                .containsPattern(b + "\\s+candidate\\s+candidate");

        assertThat(model("promote", b).exit()).isZero();
        assertThat(model("rollback").out()).contains(a + " is live again");
        assertThat(Files.readString(folder.resolve("live")).trim()).isEqualTo(a);
        try (Connection c = new Database(pg.jdbcUrl(), "postgres", "").connect()) {
            assertThat(rows(
                            c,
                            "SELECT version || ':' || role FROM model_versions WHERE version IN ('" + a + "', '" + b
                                    + "')"))
                    .containsExactlyInAnyOrder(a + ":live", b + ":retired");
            assertThat(rows(
                            c,
                            "SELECT action || ':' || actor FROM model_promotions WHERE version IN ('" + a + "', '" + b
                                    + "') ORDER BY promotion_id"))
                    .containsExactly("promote:ops", "shadow:ops", "promote:ops", "rollback:ops");
            assertThat(rows(c, "SELECT card FROM model_versions WHERE version = '" + a + "'"))
                    .singleElement()
                    .asString()
                    .startsWith("# Cause model card a");
        }
    }

    @Test
    void anUnknownVersionIsRefusedWithTheVersionsThereAre() throws Exception {
        String a = registered("c");
        Run r = model("promote", "ffffffffffff");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no registered version ffffffffffff").contains(a);
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
