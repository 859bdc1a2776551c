package io.driftguard.dashboard.outcome;

import io.driftguard.dashboard.system.DriftguardProperties;
import io.driftguard.dashboard.system.Vocabulary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The outcome measures as Prometheus gauges ({@code driftguard_outcome_*}): share of judged drift
 * findings with a decision, share of decisions that followed the recommendation, mean hours to
 * resolve drift overall, by cause and by service. Read from the database at most every {@code
 * driftguard.metrics.refresh}; NaN while it cannot be read.
 */
@Component
class OutcomeGauges {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeGauges.class);

    private final Outcomes outcomes;
    private final long refreshNanos;
    private final MultiGauge byService;
    private Map<String, Double> snapshot = Map.of();
    private long readAt;
    private boolean everRead;

    OutcomeGauges(Outcomes outcomes, MeterRegistry registry, DriftguardProperties properties) {
        this.outcomes = outcomes;
        this.refreshNanos = properties.metrics().refresh().toNanos();
        Gauge.builder("driftguard.outcome.share.decided", this, g -> g.value("share_decided"))
                .description("Share of judged drift findings whose recommendation was approved or rejected")
                .register(registry);
        Gauge.builder("driftguard.outcome.share.followed", this, g -> g.value("share_followed"))
                .description("Share of decisions that followed (approved) the recommendation")
                .register(registry);
        Gauge.builder("driftguard.outcome.mean.hours.to.resolve", this, g -> g.value("mean_hours"))
                .description("Mean hours from the first change to resolution, resolved drift episodes")
                .register(registry);
        for (String cause : Vocabulary.CAUSES) {
            Gauge.builder("driftguard.outcome.mean.hours.to.resolve.by.cause", this, g -> g.value("cause." + cause))
                    .description("Mean hours to resolve drift, by cause")
                    .tag("cause", cause)
                    .register(registry);
        }
        byService = MultiGauge.builder("driftguard.outcome.mean.hours.to.resolve.by.service")
                .description("Mean hours to resolve drift, by owning service")
                .register(registry);
    }

    synchronized double value(String key) {
        long now = System.nanoTime();
        if (!everRead || now - readAt > refreshNanos) {
            snapshot = read();
            readAt = now;
            everRead = true;
        }
        return snapshot.getOrDefault(key, Double.NaN);
    }

    private Map<String, Double> read() {
        try {
            Outcomes.Snapshot s = outcomes.snapshot();
            Map<String, Double> values = new HashMap<>();
            values.put("share_decided", s.shareDecided());
            values.put("share_followed", s.shareFollowed());
            values.put("mean_hours", s.meanHoursToResolve() == null ? Double.NaN : s.meanHoursToResolve());
            for (Outcomes.Resolution r : s.byCause()) {
                if (r.meanHours() != null) {
                    values.put("cause." + r.group(), r.meanHours());
                }
            }
            List<MultiGauge.Row<?>> rows = s.byService().stream()
                    .filter(r -> r.meanHours() != null)
                    .<MultiGauge.Row<?>>map(r -> MultiGauge.Row.of(Tags.of("service", r.group()), r.meanHours()))
                    .toList();
            byService.register(rows, true);
            return values;
        } catch (RuntimeException e) {
            LOG.warn("Could not read outcome gauges: {}", e.getMessage());
            return Map.of();
        }
    }
}
