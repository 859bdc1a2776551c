package io.driftguard.dashboard.support;

import io.driftguard.testkit.LocalPostgres;
import javax.sql.DataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL per test JVM (the test kit's, started on first use), with a fresh database for
 * each test class, so classes never see each other's rows.
 */
public final class TestDatabase {

    private static LocalPostgres postgres;

    private final String url;

    private TestDatabase(String url) {
        this.url = url;
    }

    /** A new, empty database (no schema: the application's Flyway run creates it). */
    public static synchronized TestDatabase create() {
        if (postgres == null) {
            postgres = LocalPostgres.start();
        }
        return new TestDatabase(postgres.createDatabase());
    }

    public String url() {
        return url;
    }

    /** Points Spring's datasource at this database. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /** A plain data source for fixtures, outside Spring. */
    public DataSource dataSource() {
        return LocalPostgres.dataSource(url);
    }
}
