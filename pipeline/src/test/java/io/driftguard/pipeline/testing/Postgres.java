package io.driftguard.pipeline.testing;

import io.driftguard.pipeline.sink.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL started in-process for one test class, with the project's schema applied. */
public final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Database database;

    private Postgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.database = new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    public static Postgres start() {
        try {
            Postgres pg = new Postgres(EmbeddedPostgres.builder().start());
            pg.database.migrate();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    public Database database() {
        return database;
    }

    public Connection connect() throws SQLException {
        return database.connect();
    }

    /** Empties the tables the job writes, between tests. */
    public void truncate() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE findings, dead_letters CASCADE");
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
