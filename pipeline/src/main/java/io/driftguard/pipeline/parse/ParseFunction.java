package io.driftguard.pipeline.parse;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.core.store.DeadLetter;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParserRegistry;
import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.catalog.Catalog;
import io.driftguard.ingest.reconcile.ReconcileScanParser;
import io.driftguard.pipeline.correlation.ContextEventSerializer;
import io.driftguard.pipeline.correlation.ReadEvent;
import io.driftguard.pipeline.correlation.ReadKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Operator 1 of docs/design/architecture.md: native records in; mutating calls out as {@link ChangeRecord}s,
 * reads and context events to side outputs, bad input to the dead-letter side output with its reason.
 *
 * <p>Reads and failed calls stop here for detection (docs/design/taxonomy.md: not drift). Configured deploy and
 * automation identities are applied here, once, so every later operator sees the final actor type.
 */
public final class ParseFunction extends ProcessFunction<RawRecord, ChangeRecord> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    /** Typed with our own serializer: Flink would hand the sealed interface to Kryo. */
    public static final OutputTag<ContextEvent> CONTEXT = new OutputTag<>("context", ContextEventSerializer.TYPE);

    public static final OutputTag<ReadEvent> READS = new OutputTag<>("reads") {};

    /** The replay source's marker for a file or record it could not read; the payload is the reason. */
    public static final String UNREADABLE = "unreadable";

    private final DriftGuardConfig config;

    private transient ParserRegistry parsers;
    private transient Catalog catalog;
    private transient MetricGroup metrics;
    private transient Map<String, Counter> received;
    private transient Map<String, Counter> rejected;
    private transient Counter skipped;
    private transient Counter changes;
    private transient ReadKeys readKeys;

    public ParseFunction(DriftGuardConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        parsers = ParserRegistry.defaults();
        catalog = Catalog.load();
        metrics = getRuntimeContext().getMetricGroup().addGroup("driftguard");
        received = new HashMap<>();
        rejected = new HashMap<>();
        skipped = metrics.counter("records_skipped");
        changes = metrics.counter("changes");
        readKeys = new ReadKeys();
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ChangeRecord> out) {
        counter(received, "records_received", raw.source()).inc();
        if (UNREADABLE.equals(raw.source())) {
            reject(ctx, raw, new String(raw.payload(), java.nio.charset.StandardCharsets.UTF_8), null);
            return;
        }
        List<ParsedRecord> results;
        try {
            // reads and failed calls come from a reduced tree: detection needs none of their bodies
            results = parsers.parseForDetection(raw);
        } catch (RuntimeException e) {
            // A parser bug must not stop the job: the record is kept, with the exception as the reason.
            reject(ctx, raw, "parser failed: " + e, raw.payload());
            return;
        }
        for (ParsedRecord result : results) {
            if (result instanceof ParsedRecord.Audit a) {
                audit(a.event(), ctx, out);
            } else if (result instanceof ParsedRecord.Context c) {
                ctx.output(CONTEXT, c.event());
            } else if (result instanceof ParsedRecord.Rejected r) {
                reject(ctx, raw, r.reason(), raw.payload());
            } else {
                skipped.inc();
            }
        }
    }

    private void audit(AuditEvent event, Context ctx, Collector<ChangeRecord> out) {
        if (event.readOnly()) {
            if (event.outcome() == Outcome.SUCCESS && event.actor() != null) {
                ctx.output(READS, ReadEvent.of(event, readKeys));
            }
            return;
        }
        if (event.outcome() == Outcome.FAILURE) {
            // Not drift. A failed completion still matters to the episode operator, which drops the
            // start record of the same operation it was holding.
            if (event.correlationId() != null && event.resourceId() != null && catalog.covers(event)) {
                out.collect(new ChangeRecord(
                        withoutBodies(event),
                        ResourceKey.of(event.cloud(), event.resourceId()),
                        event.resourceId(),
                        event.resourceType(),
                        List.of()));
            }
            return;
        }
        AuditEvent refined = withConfiguredActor(event);
        // a reconcile scan's observation is already canonical: it bypasses the call catalog
        List<ResourceChange> interpreted = ReconcileScanParser.isObservation(refined)
                ? ReconcileScanParser.changes(refined)
                : catalog.interpret(refined);
        AuditEvent slim = withoutBodies(refined);
        if (interpreted.isEmpty()) {
            // A completion record carries no body; its values came with the start record of the
            // same operation, which the episode operator holds by correlation id.
            if (refined.correlationId() != null && refined.resourceId() != null && catalog.covers(refined)) {
                out.collect(new ChangeRecord(
                        slim,
                        ResourceKey.of(refined.cloud(), refined.resourceId()),
                        refined.resourceId(),
                        refined.resourceType(),
                        List.of()));
            }
            return;
        }
        for (ResourceChange rc : interpreted) {
            changes.inc();
            out.collect(new ChangeRecord(slim, rc.key(), rc.resourceId(), rc.resourceType(), rc.changes()));
        }
    }

    private AuditEvent withConfiguredActor(AuditEvent e) {
        Actor actor = e.actor() == null ? Actor.unknown() : e.actor();
        ActorType type = actor.type();
        if (config.deployIdentity(e.cloud(), e.account(), actor).isPresent()) {
            type = ActorType.DEPLOY;
        } else if (type != ActorType.DEPLOY
                && config.automationPrincipal(e.cloud(), e.account(), actor).isPresent()) {
            type = ActorType.AUTOMATION;
        }
        if (type == actor.type() && e.actor() != null) {
            return e;
        }
        return copy(e, actor.withType(type), e.request(), e.response());
    }

    private static AuditEvent withoutBodies(AuditEvent e) {
        return copy(e, e.actor(), null, null);
    }

    private static AuditEvent copy(AuditEvent e, Actor actor, String request, String response) {
        return new AuditEvent(
                e.eventId(),
                e.source(),
                e.cloud(),
                e.account(),
                e.region(),
                e.service(),
                e.operation(),
                e.resourceType(),
                e.resourceId(),
                e.readOnly(),
                e.outcome(),
                e.errorCode(),
                actor,
                e.userAgent(),
                e.sourceIp(),
                e.eventTime(),
                request,
                response,
                e.correlationId(),
                e.viaConsole());
    }

    private void reject(Context ctx, RawRecord raw, String reason, byte[] payload) {
        counter(rejected, "records_rejected", raw.source()).inc();
        ctx.output(DEAD_LETTERS, DeadLetter.of(raw.source(), raw.origin(), reason, payload));
    }

    private Counter counter(Map<String, Counter> counters, String name, String source) {
        return counters.computeIfAbsent(
                source, s -> metrics.addGroup("source", s).counter(name));
    }
}
