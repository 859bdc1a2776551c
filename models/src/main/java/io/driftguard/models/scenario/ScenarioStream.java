package io.driftguard.models.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.label.Label;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator as a live feed for the demo: native records one by one, in event-time order,
 * with the window starting at "now", plus the IaC (and config.yaml) to preload. Each payload is
 * what one upstream delivery carries: a CloudTrail log file of one record
 * {@code {"Records": [record]}}, an EventBridge event, a GCP LogEntry, an Event Hubs body
 * {@code {"records": [record]}} for Azure, a Kubernetes audit Event, or
 * one webhook line ({@code {"event", "delivery", "payload"}} for Git, the payload itself otherwise).
 */
public final class ScenarioStream implements Iterator<ScenarioStream.StreamRecord> {

    /**
     * @param source the input name ({@link Sources}), which names the raw topic
     * @param cluster the Kubernetes cluster for k8s-audit records, else null
     * @param background whether the record is background traffic (reads, failed writes, unrelated
     *     context) rather than part of a labelled scenario: its timing carries no meaning, so a
     *     live feed may publish it whenever it likes
     */
    public record StreamRecord(String source, String cluster, byte[] payload, Instant eventTime, boolean background) {}

    private final ScenarioGenerator.Plan plan;
    private final Iterator<Emitted> events;
    private final Set<Emitted> scenarioEvents = Collections.newSetFromMap(new IdentityHashMap<>());

    private ScenarioStream(ScenarioGenerator.Plan plan) {
        this.plan = plan;
        this.events = plan.events();
        this.scenarioEvents.addAll(plan.scenarioEvents);
    }

    /** A stream whose window opens at {@code now} (truncated to the second). */
    public static ScenarioStream open(GeneratorOptions options, Instant now) {
        return new ScenarioStream(new ScenarioGenerator(options.withStart(now.truncatedTo(ChronoUnit.SECONDS))).plan());
    }

    /** IaC files and config.yaml to preload, keyed by path relative to a replay folder. */
    public Map<String, byte[]> iacFiles() {
        return plan.files();
    }

    /**
     * What the window's scenarios are, decided against the window's end: which records make a drift
     * episode and which must not. For tests that check what a live job made of the stream.
     */
    public List<Label> labels() {
        return plan.labels(plan.options.start().plus(plan.options.span()));
    }

    @Override
    public boolean hasNext() {
        return events.hasNext();
    }

    @Override
    public StreamRecord next() {
        Emitted e = events.next();
        ObjectNode body = e.record();
        if (e.source().equals(Sources.AZURE_ACTIVITY)) {
            body = Json.MAPPER.createObjectNode();
            body.putArray("records").add(e.record());
        } else if (e.source().equals(Sources.AWS_CLOUDTRAIL)) {
            // CloudTrail delivers records in log files, never alone: ingest rejects a lone record
            body = Json.MAPPER.createObjectNode();
            body.putArray("Records").add(e.record());
        }
        try {
            return new StreamRecord(
                    e.source(),
                    e.source().equals(Sources.K8S_AUDIT) ? e.partition() : null,
                    Json.MAPPER.writeValueAsBytes(body),
                    e.time(),
                    !scenarioEvents.contains(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
