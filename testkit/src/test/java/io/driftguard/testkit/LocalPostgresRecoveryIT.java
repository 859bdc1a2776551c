package io.driftguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's database starts again after its owner was killed at any moment: with its server still
 * running (the JVM got SIGKILL, the PostgreSQL processes it started did not), with a data directory
 * half removed (killed during shutdown), and never by stopping a server whose owner is alive.
 */
class LocalPostgresRecoveryIT {

    @TempDir
    Path work;

    @Test
    void startsAgainAfterItsOwnerWasKilledWithSigkill() throws Exception {
        Path data = work.resolve("postgres");
        int port = freePort();
        Process owner = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PostgresHolder.class.getName(),
                        "" + port,
                        data.toString())
                .redirectErrorStream(true)
                .start();
        try {
            awaitReady(owner);
        } finally {
            owner.destroyForcibly(); // SIGKILL: no shutdown hook runs
            owner.waitFor(30, TimeUnit.SECONDS);
        }
        Optional<ProcessHandle> orphan = StaleData.postmaster(data);
        assertThat(orphan)
                .as("the killed JVM's PostgreSQL outlives it (what the next run must deal with)")
                .isPresent();

        long started = System.nanoTime();
        try (LocalPostgres again = LocalPostgres.start(port, data)) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(again.port()).isEqualTo(port);
            assertThat(selectOne(again.jdbcUrl())).isEqualTo(1);
            assertThat(orphan.get().isAlive())
                    .as("the orphaned server was stopped")
                    .isFalse();
            System.out.printf("recovered a SIGKILLed owner's PostgreSQL and started again in %d ms%n", millis);
        }
    }

    @Test
    void startsAgainOnADirectoryLeftHalfRemovedByAKillDuringShutdown() throws Exception {
        Path data = work.resolve("half");
        // What is left when the owner dies while deleting the directory: no postgresql.conf, no
        // server, some of the rest (the case that made initdb fail).
        Files.createDirectories(data.resolve("base/5"));
        Files.writeString(data.resolve("PG_VERSION"), "17\n");
        Files.write(data.resolve("base/5/1259"), new byte[8192]);
        Files.writeString(data.resolve("postmaster.pid"), "999999999\n" + data + "\n");
        Files.writeString(data.resolve(StaleData.LOCK_FILE), "");
        try (LocalPostgres again = LocalPostgres.start(freePort(), data)) {
            assertThat(selectOne(again.jdbcUrl())).isEqualTo(1);
        }
    }

    @Test
    void refusesADirectoryWhoseOwnerIsAlive() throws Exception {
        Path data = work.resolve("live");
        try (LocalPostgres live = LocalPostgres.start(freePort(), data)) {
            assertThatThrownBy(() -> LocalPostgres.start(freePort(), data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by a running process");
            assertThat(selectOne(live.jdbcUrl()))
                    .as("the live server was left alone")
                    .isEqualTo(1);
        }
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("ready ")) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the owner JVM exited before its PostgreSQL was ready:\n" + seen);
    }

    private static int selectOne(String jdbcUrl) throws Exception {
        try (Connection c = LocalPostgres.dataSource(jdbcUrl).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
