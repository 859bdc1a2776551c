package io.driftguard.dashboard.assistant;

import io.driftguard.dashboard.system.DriftguardProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the first analysis of each new high-severity finding, once: polls for high findings first
 * written within the look-back that have none (or a failed one with attempts left) and asks the
 * model, one at a time, so a burst of findings never floods the API. Off while the assistant is.
 */
@Component
class FirstAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(FirstAnalysis.class);

    private final AssistantService assistant;
    private final Conversations store;
    private final DriftguardProperties.FirstAnalysis config;
    private ScheduledExecutorService poller;

    FirstAnalysis(AssistantService assistant, Conversations store, DriftguardProperties properties) {
        this.assistant = assistant;
        this.store = store;
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

    /** One pass: analyses what is waiting, and returns how many it tried. */
    int runOnce() {
        int tried = 0;
        try {
            for (String id : store.awaitingAnalysis(config.lookback().toSeconds(), config.maxAttempts(), 20)) {
                assistant.analyse(id);
                tried++;
            }
        } catch (RuntimeException e) {
            LOG.warn("first analyses stopped for this pass: {}", e.toString());
        }
        return tried;
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
