package io.driftguard.pipeline.sink;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * Where findings go: a PostgreSQL JDBC URL with credentials. Serializable so sinks can carry it to
 * task managers; the password never appears in {@link #toString()}.
 */
public record Database(String url, String user, String password) implements Serializable {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /**
     * Applies the shared migrations (core's {@code db/migration}). The dashboard runs the same ones;
     * whichever starts first creates the schema, the other finds it current.
     */
    public void migrate() {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @Override
    public String toString() {
        return "Database[" + url + ", user=" + user + "]";
    }
}
