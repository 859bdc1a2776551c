package io.driftguard.testkit;

import java.nio.file.Path;

/**
 * A JVM that starts {@link LocalPostgres} on a port and data directory, says {@code ready}, and waits to
 * be killed: what {@code driftguard demo} is to its database, for {@link LocalPostgresRecoveryIT}.
 */
public final class PostgresHolder {

    private PostgresHolder() {}

    public static void main(String[] args) throws Exception {
        LocalPostgres pg = LocalPostgres.start(Integer.parseInt(args[0]), Path.of(args[1]));
        System.out.println("ready " + pg.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
