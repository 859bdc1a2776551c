package io.driftguard.dashboard.assistant;

import io.driftguard.dashboard.system.DriftguardProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the first analysis of each new high-severity finding, once: polls for high findings first
 * written within the look-back that have none (or a failed one with attempts left) and asks the
 * model, one at a time, so a burst of findings never floods the API. Off while the assistant is.
 *
 * <p>Several dashboards may run against one database: a pass holds a PostgreSQL advisory lock for
 * its duration, so only one instance asks the model about a finding (the others skip the pass).
 */
@Component
class FirstAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(FirstAnalysis.class);

    /** The advisory lock key of a first-analysis pass ("DGFirstA" in ASCII), the same in every instance. */
    static final long LOCK = 0x4447466972737441L;

    private final AssistantService assistant;
    private final Conversations store;
    private final DataSource dataSource;
    private final DriftguardProperties.FirstAnalysis config;
    private ScheduledExecutorService poller;

    FirstAnalysis(
            AssistantService assistant, Conversations store, DataSource dataSource, DriftguardProperties properties) {
        this.assistant = assistant;
        this.store = store;
        this.dataSource = dataSource;
        this.config = properties.assistant().firstAnalysis();
    }

    @PostConstruct
    void start() {
        if (!assistant.enabled() || !config.enabled()) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assistant-first-analysis");
            t.setDaemon(true);
            return t;
        });
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * One pass: analyses what is waiting, and returns how many it tried (0 when another dashboard's
     * pass holds the lock).
     */
    int runOnce() {
        int tried = 0;
        try (Connection lock = dataSource.getConnection()) {
            if (!advisory(lock, "SELECT pg_try_advisory_lock(?)")) {
                return 0;
            }
            try {
                for (String id : store.awaitingAnalysis(config.lookback().toSeconds(), config.maxAttempts(), 20)) {
                    assistant.analyse(id);
                    tried++;
                }
            } finally {
                advisory(lock, "SELECT pg_advisory_unlock(?)");
            }
        } catch (RuntimeException | SQLException e) {
            LOG.warn("first analyses stopped for this pass: {}", e.toString());
        }
        return tried;
    }

    private static boolean advisory(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
