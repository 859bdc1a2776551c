package io.driftguard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.testkit.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Databases of one server migrated at the same moment (the job's and the dashboard's, or staging and
 * production on one server): each has its own Flyway lock, but the analyst role they both create
 * belongs to the server. Every database is brought to the version before the role at once, and then
 * all take the migration that creates it together, which is where they collided.
 */
class MigrationRaceIT {

    private static final int DATABASES = 4;

    private static LocalPostgres pg;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void databasesOfOneServerMigratedTogetherAllReachTheLatestVersion() throws Exception {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < DATABASES; i++) {
            String url = pg.createDatabase();
            flyway(url, "3").migrate();
            urls.add(url);
        }
        CyclicBarrier together = new CyclicBarrier(DATABASES);
        ExecutorService pool = Executors.newFixedThreadPool(DATABASES);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (String url : urls) {
                runs.add(pool.submit(() -> {
                    Flyway flyway = flyway(url, "latest");
                    together.await(30, TimeUnit.SECONDS);
                    Migrations.run(flyway);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS); // throws the migration's failure, if any
            }
        } finally {
            pool.shutdownNow();
        }
        String latest =
                flyway(urls.get(0), "latest").info().current().getVersion().getVersion();
        for (String url : urls) {
            try (Connection c = new Database(url, "postgres", "").connect();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE NOT success")) {
                r.next();
                assertThat(r.getLong(1))
                        .as("failed migrations recorded in %s", url)
                        .isZero();
            }
            assertThat(flyway(url, "latest").info().current().getVersion().getVersion())
                    .isEqualTo(latest);
            try (Connection c = new Database(url, "postgres", "").connect();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(
                            "SELECT has_table_privilege('driftguard_analyst', 'analyst_findings', 'SELECT')")) {
                r.next();
                assertThat(r.getBoolean(1)).as("the analyst role reads %s", url).isTrue();
            }
        }
    }

    @Test
    void onlyAConcurrentCreationOfAServerObjectIsRetried() {
        assertThat(Migrations.raceOnServerObject(new RuntimeException(new java.sql.SQLException(
                        "duplicate key value violates unique constraint \"pg_authid_rolname_index\"", "23505"))))
                .isTrue();
        assertThat(Migrations.raceOnServerObject(new RuntimeException(
                        new java.sql.SQLException("relation \"findings\" already exists", "42P07"))))
                .isFalse();
        assertThat(Migrations.raceOnServerObject(new RuntimeException(new java.sql.SQLException(
                        "duplicate key value violates unique constraint \"findings_pkey\"", "23505"))))
                .isFalse();
    }

    private static Flyway flyway(String url, String target) {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, "postgres", "")
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }
}
