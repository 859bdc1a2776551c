package io.driftguard.dashboard;

import io.driftguard.core.store.Migrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/** The DriftGuard web app: findings from PostgreSQL, approvals, audit log, metrics. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DashboardApplication {

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }

    /**
     * Migrates as the job does ({@link Migrations#run}): again when a
     * migration of another database on the same server created the same server-wide role at once.
     */
    @Bean
    FlywayMigrationStrategy migrateAsTheJobDoes() {
        return Migrations::run;
    }
}
