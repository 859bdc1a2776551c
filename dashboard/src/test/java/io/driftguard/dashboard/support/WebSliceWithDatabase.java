package io.driftguard.dashboard.support;

import io.driftguard.dashboard.approval.ActionRepository;
import io.driftguard.dashboard.approval.ApprovalRepository;
import io.driftguard.dashboard.approval.ApprovalService;
import io.driftguard.dashboard.assistant.AssistantModule;
import io.driftguard.dashboard.audit.AuditLog;
import io.driftguard.dashboard.finding.FindingRepository;
import io.driftguard.dashboard.finding.FindingStream;
import io.driftguard.dashboard.outcome.Outcomes;
import io.driftguard.dashboard.security.SecurityConfig;
import io.driftguard.dashboard.system.DriftguardProperties;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * For {@code @WebMvcTest} slices: the real security rules and the real repositories over a real
 * PostgreSQL migrated by Flyway, so a slice tests the controllers with nothing of ours mocked.
 * The test class still points the datasource at its {@link TestDatabase}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ImportAutoConfiguration({
    DataSourceAutoConfiguration.class,
    JdbcTemplateAutoConfiguration.class,
    JdbcClientAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class,
    TransactionAutoConfiguration.class,
    FlywayAutoConfiguration.class
})
@Import({
    SecurityConfig.class,
    FindingRepository.class,
    FindingStream.class,
    AuditLog.class,
    ApprovalRepository.class,
    ActionRepository.class,
    Outcomes.class,
    ApprovalService.class,
    AssistantModule.class
})
@EnableConfigurationProperties(DriftguardProperties.class)
public @interface WebSliceWithDatabase {}
