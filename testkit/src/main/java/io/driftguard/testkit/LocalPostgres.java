package io.driftguard.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server started in this JVM's machine from Maven-packaged binaries (about 3 s,
 * 5–8 s the first time while they unpack), user {@code postgres} with no password. Tests get a
 * fresh database each with {@link #createDatabase()}, so test classes never see each other's rows.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A server on a free port with its data in a temporary folder. */
    public static LocalPostgres start() {
        try {
            return new LocalPostgres(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local PostgreSQL", e);
        }
    }

    /**
     * A server on {@code port} with its data in {@code dataDirectory}, emptied first: the demo's
     * database, which starts clean on every run. What a crashed earlier run left there is
     * recovered first ({@link #recover(Path)}).
     */
    public static LocalPostgres start(int port, Path dataDirectory) {
        recover(dataDirectory);
        try {
            return new LocalPostgres(EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * A server on {@code port} over the data already in {@code dataDirectory} (a new one is
     * initialised when there is none), which {@link #close()} leaves in place: closing and opening
     * again is a restart of the same database, as a failure test needs.
     */
    public static LocalPostgres open(int port, Path dataDirectory) {
        try {
            return new LocalPostgres(EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * Makes {@code dataDirectory} ready for a fresh server after an earlier run in it was killed at any
     * moment ({@code kill -9}, a power cut, a crash during shutdown): a server still running from that
     * run (its {@code postmaster.pid} names a live PostgreSQL process on this directory) is stopped,
     * and the directory is removed, whatever half-written state it is in. A directory still in use by
     * a live process (the test kit's lock file in it is held) is left alone, and this fails with a
     * message that says so, rather than stopping someone else's database.
     */
    public static void recover(Path dataDirectory) {
        StaleData.recover(dataDirectory);
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** Creates a new empty database and returns its JDBC URL. */
    public String createDatabase() {
        String name = "dg_test_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    /** A plain data source for a database of this server, user {@code postgres}. */
    public static DataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser("postgres");
        return ds;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
