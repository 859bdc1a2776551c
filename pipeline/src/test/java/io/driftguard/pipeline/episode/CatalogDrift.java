package io.driftguard.pipeline.episode;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.ingest.catalog.Catalog;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalog drift tests' bench: a call read as the parse operator reads it (the catalog's
 * changes, one change record per resource) and applied by the episode operator's own rules
 * ({@link EpisodeTracker}) to what the IaC readers declare in ingest's test replay folder
 * ({@code replay/iac}, from ingest's test jar). A call drifts a resource when the rules emit an
 * open drift finding for it; the finding's changes are the drifted paths with their desired and
 * actual values.
 */
final class CatalogDrift {

    final Catalog catalog = Catalog.load();
    final Map<String, DesiredResource> desired = declared();
    private final EpisodeTracker tracker = new EpisodeTracker(DriftGuardConfig.empty(), true);

    DesiredResource get(String id) {
        DesiredResource d = desired.get(id);
        assertThat(d)
                .as("declared resource " + id + " among " + desired.keySet())
                .isNotNull();
        return d;
    }

    /**
     * The finding the episode rules emit for resource {@code id}, declared and without an episode,
     * after the event (which the catalog must read); null when the event is not drift.
     */
    Finding finding(String id, AuditEvent e) {
        return finding(get(id), e);
    }

    /** The same for a declaration read elsewhere (a CloudFormation stack of the shared samples). */
    Finding finding(DesiredResource d, AuditEvent e) {
        List<ResourceChange> changes = catalog.interpret(e);
        assertThat(changes).as("the catalog reads " + e.operation()).isNotEmpty();
        EpisodeTracker.View view =
                new EpisodeTracker.View(new HashMap<>(Map.of(d.iac().address(), d)), new HashMap<>(), null);
        Finding last = null;
        for (ResourceChange rc : changes) {
            // keyed by resource, as the job is; a record without changes never reaches the rules
            if (rc.key().equals(d.key()) && !rc.changes().isEmpty()) {
                Finding update = tracker.apply(
                        view,
                        new ChangeRecord(e, rc.key(), rc.resourceId(), rc.resourceType(), rc.changes()),
                        e.eventTime().toEpochMilli());
                last = update != null ? update : last;
            }
        }
        if (last == null || !last.isOpen()) {
            return null;
        }
        assertThat(last.kind()).isEqualTo(FindingKind.DRIFT);
        assertThat(last.status()).isEqualTo(FindingStatus.OPEN);
        assertThat(last.iac()).isEqualTo(d.iac());
        assertThat(last.sourceEvents()).containsExactly(e.eventId());
        for (Change c : last.changes()) {
            assertThat(c.desired())
                    .as("desired " + c.path() + " is the declared value")
                    .isEqualTo(d.attributes().get(c.path()));
        }
        return last;
    }

    /** The drifted declared paths of {@code id} after the event: the emitted finding's changes. */
    List<String> drift(String id, AuditEvent e) {
        return drift(get(id), e);
    }

    List<String> drift(DesiredResource d, AuditEvent e) {
        Finding f = finding(d, e);
        return f == null ? List.of() : f.changes().stream().map(Change::path).toList();
    }

    /** The drifted {@code path} of {@code id} after the event, as the finding reports it. */
    Change change(String id, AuditEvent e, String path) {
        Finding f = finding(id, e);
        assertThat(f).as(e.operation() + " drifts " + id).isNotNull();
        return f.changes().stream()
                .filter(c -> c.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not among the drifted paths " + f.changes()));
    }

    /** Read in place, from ingest's test classes or its test jar. */
    private static Map<String, DesiredResource> declared() {
        try {
            URI uri = CatalogDrift.class.getResource("/replay/iac").toURI();
            if (!"jar".equals(uri.getScheme())) {
                return declared(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return declared(jar.getPath("/replay/iac"));
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, DesiredResource> declared(Path iac) {
        IacFolderReader.Result r = new IacFolderReader().read(iac);
        assertThat(r.problems()).isEmpty();
        return r.resources().stream().collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
    }
}
