package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The test replay folder's iac/ read by the real readers, beside the catalog. Whether a call drifts
 * a declaration is the episode operator's to say: the catalog drift tests are in the pipeline's
 * tests and read the same folder.
 */
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
        assertThat(d)
                .as("declared resource " + id + " among " + desired.keySet())
                .isNotNull();
        return d;
    }
}
