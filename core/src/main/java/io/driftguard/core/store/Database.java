package io.driftguard.core.store;

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

    /**
     * Opens a connection. PostgreSQL URLs go to the driver directly: {@code DriverManager} only
     * sees drivers of its caller's class loader, and a job resubmitted to a Flink task manager runs
     * in a new user-code class loader ("No suitable driver found" on the first attempt otherwise).
     */
    public Connection connect() throws SQLException {
        if (url.startsWith("jdbc:postgresql:")) {
            java.util.Properties props = new java.util.Properties();
            if (user != null) {
                props.setProperty("user", user);
            }
            if (password != null) {
                props.setProperty("password", password);
            }
            Connection c = new org.postgresql.Driver().connect(url, props);
            if (c == null) {
                throw new SQLException("the PostgreSQL driver does not accept " + url);
            }
            return c;
        }
        return DriverManager.getConnection(url, user, password);
    }

    /**
     * Applies the shared migrations (core's {@code db/migration}). The dashboard runs the same ones;
     * whichever starts first creates the schema, the other finds it current. Flyway appears in no
     * signature of this class: connectors and task managers load it without Flyway on their class
     * path ({@code DatabaseClassLoaderIT}).
     */
    public void migrate() {
        Migrations.run(Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load());
    }

    @Override
    public String toString() {
        return "Database[" + url + ", user=" + user + "]";
    }
}
