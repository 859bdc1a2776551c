package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.ingest.iac.IacFolderReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The test replay folder's iac/ read by the real readers, and the episode operator's comparison over it. */
final class DesiredFixture {

    final Catalog catalog = Catalog.load();
    final Map<String, DesiredResource> desired;

    DesiredFixture() {
        try {
            Path iac = Path.of(DesiredFixture.class.getResource("/replay/iac").toURI());
            IacFolderReader.Result r = new IacFolderReader().read(iac);
            assertThat(r.problems()).isEmpty();
            desired = r.resources().stream().collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    DesiredResource get(String id) {
        DesiredResource d = desired.get(id);
        assertThat(d).as("declared resource " + id + " among " + desired.keySet()).isNotNull();
        return d;
    }

    /** The drifted declared paths of {@code id} after the event (which the catalog must read). */
    List<String> drift(String id, AuditEvent e) {
        DesiredResource d = get(id);
        List<ResourceChange> changes = catalog.interpret(e);
        assertThat(changes).as("the catalog reads " + e.operation()).isNotEmpty();
        return DriftCheck.driftedPaths(d, changes);
    }

    Map<String, String> actual(String id, AuditEvent e) {
        return DriftCheck.actual(get(id), catalog.interpret(e));
    }
}
