package io.driftguard.pipeline.exception;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.ExceptionRule;
import io.driftguard.core.store.ExceptionRuleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted exceptions as the running job sees them, free of Flink: the rules in force are
 * re-read from PostgreSQL at most every {@code refresh}, so a rule approved in the dashboard
 * applies within seconds without a restart; expiry is checked against the clock on every finding,
 * so a rule stops silencing at its {@code expires_at}, not at the next read. When PostgreSQL cannot
 * be read the last rules read stay in force (expiry still applies) and the read is tried again.
 */
public final class ExceptionRules implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionRules.class);

    private final Database database;
    private final Duration refresh;
    private final Clock clock;
    private Connection connection;
    private List<ExceptionRule> rules = List.of();
    private Instant readAt;

    public ExceptionRules(Database database, Duration refresh, Clock clock) {
        this.database = database;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** The finding, marked {@code suppressed_by} the first rule that silences it now. */
    public Finding apply(Finding finding) {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(refresh))) {
            read(now);
        }
        for (ExceptionRule rule : rules) {
            if (rule.silences(finding, now)) {
                return finding.toBuilder().suppressedBy(rule.describe()).build();
            }
        }
        return finding;
    }

    private void read(Instant now) {
        readAt = now;
        try {
            if (connection == null || connection.isClosed()) {
                connection = database.connect();
            }
            rules = ExceptionRuleStore.active(connection, now);
        } catch (SQLException e) {
            LOG.warn("cannot read exception rules, keeping the {} read before: {}", rules.size(), e.getMessage());
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // the connection is broken already
        }
        connection = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
