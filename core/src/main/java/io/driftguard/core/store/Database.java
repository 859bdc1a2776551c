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
     * whichever starts first creates the schema, the other finds it current.
     */
    public void migrate() {
        migrate(Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load());
    }

    /** How often {@link #migrate(Flyway)} tries when another database's migration raced it. */
    static final int MIGRATION_ATTEMPTS = 3;

    /**
     * Runs Flyway's migrate, again when it failed only because a migration of <em>another</em>
     * database on the same server ran the same statement at the same moment. Flyway's lock is per
     * database, but roles belong to the server: two databases (the job's and the dashboard's, or
     * staging and production on one server) migrated at once both find no {@code driftguard_analyst}
     * role, both create it, and the second fails on the server's unique index. PostgreSQL runs each
     * migration in a transaction, so the loser's attempt left nothing behind, and on the next attempt
     * the role exists. Any other failure is thrown at once.
     */
    public static void migrate(Flyway flyway) {
        for (int attempt = 1; ; attempt++) {
            try {
                flyway.migrate();
                return;
            } catch (RuntimeException e) {
                if (attempt >= MIGRATION_ATTEMPTS || !raceOnServerObject(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt); // the other migration's transaction commits meanwhile
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Whether a failure is a concurrent creation of a server-wide object: a unique violation
     * (23505, on {@code pg_authid}), a duplicate object (42710) or PostgreSQL's "tuple concurrently
     * updated" (XX000) when two transactions write one catalog row.
     */
    static boolean raceOnServerObject(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("23505".equals(state) && String.valueOf(sql.getMessage()).contains("pg_authid")
                        || "42710".equals(state)
                        || "XX000".equals(state)
                                && String.valueOf(sql.getMessage()).contains("concurrently updated")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Database[" + url + ", user=" + user + "]";
    }
}
