package io.driftguard.reconcile;

import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.ingest.reconcile.ScanObservation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile scan: reads the IaC the way {@code iac-sync} does, asks each {@link LiveReader} for
 * the live configuration of the declared resources it knows, and hands one {@link ScanObservation}
 * per resource (its declared attributes as they are live, and those absent live) to the sink. The
 * job applies observations in the episode operator, keyed by resource, so drift an open episode
 * already reports is a restatement there and never a second finding.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final List<LiveReader> readers;
    private final Consumer<List<ScanObservation>> sink;
    private final Clock clock;

    public Reconciler(List<LiveReader> readers, Consumer<List<ScanObservation>> sink, Clock clock) {
        this.readers = List.copyOf(readers);
        this.sink = sink;
        this.clock = clock;
    }

    public ScanReport scan(Path iac) {
        IacFolderReader.Result declared = new IacFolderReader().read(iac);
        declared.problems().forEach(p -> LOG.warn("IaC file {} skipped: {}", p.file(), p.reason()));
        String scanId = Instant.now(clock) + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<ScanObservation> observations = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int unsupported = declared.resources().size();
        for (LiveReader reader : readers) {
            Map<String, DesiredResource> mine = new LinkedHashMap<>();
            for (DesiredResource d : declared.resources()) {
                if (reader.iacTypes().contains(d.resourceType())) {
                    mine.putIfAbsent(d.key(), d);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            unsupported -= mine.size();
            List<LiveResource> live;
            try {
                live = reader.read(new ArrayList<>(mine.values()), problems);
            } catch (RuntimeException e) {
                // one cloud's outage or missing permission must not stop the others' scans
                problems.add(reader.getClass().getSimpleName() + ": " + e.getMessage());
                LOG.warn("reconcile reader {} failed", reader.getClass().getSimpleName(), e);
                continue;
            }
            Instant observedAt = Instant.now(clock);
            for (LiveResource l : live) {
                DesiredResource d = mine.get(l.key());
                if (d == null) {
                    continue;
                }
                ScanObservation o = observe(scanId, observedAt, d, l);
                if (o == null) {
                    continue;
                }
                observations.add(o);
                List<String> diff = differing(d, o);
                if (!diff.isEmpty()) {
                    differing.add(d.key() + ": " + String.join(", ", diff));
                }
            }
        }
        if (!observations.isEmpty()) {
            sink.accept(observations);
        }
        return new ScanReport(
                scanId, declared.resources().size(), observations.size(), unsupported, differing, problems);
    }

    /** The declared attributes as they are live; null when the reader covers none of them. */
    static ScanObservation observe(String scanId, Instant at, DesiredResource declared, LiveResource live) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        for (String path : declared.attributes().keySet()) {
            String value = live.attributes().get(path);
            if (value != null) {
                attributes.put(path, value);
            } else if (live.covers(path)) {
                absent.add(path);
            }
        }
        if (attributes.isEmpty() && absent.isEmpty()) {
            return null;
        }
        return new ScanObservation(
                scanId,
                at,
                declared.cloud(),
                declared.account(),
                null,
                declared.resourceId(),
                declared.resourceType(),
                live.reader(),
                attributes,
                absent);
    }

    private static List<String> differing(DesiredResource declared, ScanObservation o) {
        List<String> out = new ArrayList<>(o.absent());
        o.attributes().forEach((path, value) -> {
            if (!AttributeValues.matches(declared.attributes().get(path), value)) {
                out.add(path);
            }
        });
        return out;
    }

    @Override
    public void close() {
        for (LiveReader r : readers) {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {}", r.getClass().getSimpleName(), e);
            }
        }
    }
}
