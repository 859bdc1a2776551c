package io.driftguard.core.store;

import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** Flyway's migrate, as the job, the notifier and the dashboard run it. */
public final class Migrations {

    private Migrations() {}

    /** How often {@link #run(Flyway)} tries when another database's migration raced it. */
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
    public static void run(Flyway flyway) {
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
}
