package io.driftguard.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParserRegistry;
import io.driftguard.testkit.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Samples in the provider's native format, parsed by the real parser and read by the catalog. The
 * native records whose drift the episode rules judge are in the pipeline's
 * {@code NativeRecordsCatalogDriftTest}.
 */
class NativeRecordsCatalogTest {

    static final Catalog CATALOG = Catalog.load();
    static final ParserRegistry PARSERS = ParserRegistry.defaults();

    static JsonNode sample(String folder, String file) throws Exception {
        return Json.MAPPER.readTree(Samples.bytes(folder, file));
    }

    @Test
    void gcpStorageSampleMakesTheBucketPublic() throws Exception {
        JsonNode record = sample("gcp-audit", "panther-test-storage.setIamPermissions-allUsers.json");
        List<ParsedRecord> r = PARSERS.parse("gcp-audit", record, null);
        AuditEvent e = ((ParsedRecord.Audit) r.get(0)).event();
        assertThat(CATALOG.interpret(e)).singleElement().satisfies(rc -> {
            assertThat(rc.resourceId()).isEqualTo("projects/_/buckets/jacks-test-bucket");
            assertThat(rc.changes()).contains(AttributeChange.set("iam.public.allUsers", "true"));
        });
    }

    @Test
    void azureStorageSampleAllowsPublicBlobs() throws Exception {
        AuditEvent e = ((ParsedRecord.Audit) PARSERS.parse(
                                "azure-activity",
                                sample("azure-activity", "panther-test-record-storageAccounts-write.json"),
                                null)
                        .get(0))
                .event();
        List<ResourceChange> c = CATALOG.interpret(e);
        assertThat(c)
                .singleElement()
                .satisfies(rc ->
                        assertThat(rc.changes()).containsExactly(AttributeChange.set("public_blob_access", "true")));
    }
}
