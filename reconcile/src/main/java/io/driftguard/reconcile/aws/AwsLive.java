package io.driftguard.reconcile.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.state.IacRef;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Live AWS objects, rendered as Terraform state, through the catalog's Terraform rows. */
final class AwsLive {

    private static final IacRef LIVE = new IacRef("live", "live", null);

    private AwsLive() {}

    /** The canonical attributes the catalog's rows for {@code terraformType} give this document. */
    static Map<String, String> map(IacMapper mapper, String terraformType, JsonNode doc, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DeclaredResource d : mapper.map("terraform", terraformType, doc, doc, null, null, LIVE, note -> {})) {
            out.putAll(d.resource().attributes());
        }
        return out;
    }
}
