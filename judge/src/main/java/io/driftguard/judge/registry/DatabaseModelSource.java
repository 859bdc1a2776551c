package io.driftguard.judge.registry;

import io.driftguard.core.store.Database;
import io.driftguard.core.store.ModelStore;
import io.driftguard.judge.cause.CauseModel;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The registry's PostgreSQL table as a {@link ModelSource}: what the live job watches, since every
 * task manager reaches the database but not necessarily the directory the CLI wrote.
 *
 * <p>The roles are read every few seconds by the judge's own task, between judgements: the
 * connection stays open between reads (opening one took 100–200 ms on a loaded machine, a change's
 * judgement waiting meanwhile, docs/benchmarks.md), and a read that fails closes it, so the next
 * read connects again.
 */
public final class DatabaseModelSource implements ModelSource {

    private static final long serialVersionUID = 1L;

    private final Database database;
    private transient Connection connection;

    public DatabaseModelSource(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public Database database() {
        return database;
    }

    @Override
    public synchronized Roles roles() throws IOException {
        try {
            ModelStore.Roles r = new ModelStore(connection()).roles(CauseModel.NAME);
            return new Roles(r.live(), r.candidate());
        } catch (SQLException e) {
            close();
            throw new IOException("cannot read the model roles from " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized byte[] onnx(String version) throws IOException {
        try {
            return new ModelStore(connection())
                    .onnx(version)
                    .orElseThrow(() -> new IOException("model version " + version + " is not in model_versions"));
        } catch (SQLException e) {
            close();
            throw new IOException("cannot read model " + version + " from " + database + ": " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = database.connect();
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // broken already: nothing to give back
            }
            connection = null;
        }
    }

    @Override
    public String describe() {
        return "model_versions in " + database;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseModelSource d && d.database.equals(database);
    }

    @Override
    public int hashCode() {
        return database.hashCode();
    }
}
