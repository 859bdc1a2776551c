package io.driftguard.ingest.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.core.state.ResourceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one reconcile scan saw of one declared resource: the live values of its declared attributes,
 * already in canonical form (the scanner renders the live object in an IaC source's shape and maps it
 * by the catalog's IaC rows, the rules declarations are mapped by), and the declared attributes the
 * scanner reads but found absent live. Published to {@code driftguard.raw.reconcile-scan}, one
 * record per resource per scan, and read back by {@link ReconcileScanParser}.
 *
 * @param scanId one id per scan run; with the resource key it makes the observation's event id
 * @param observedAt when the live configuration was read (the observation's event time): the
 *     episode operator ignores an observation older than the last audited change it applied
 * @param reader the API call that read it ({@code DescribeSecurityGroups}, {@code GetBucketVersioning},
 *     {@code get apps/v1 Deployment}), for the finding's trigger
 * @param attributes canonical path → canonical JSON value, live
 * @param absent declared paths the scanner reads that the live resource does not have
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"scan_id", "observed_at", "cloud", "account", "region", "resource_id", "resource_type", "reader"})
public record ScanObservation(
        String scanId,
        Instant observedAt,
        Cloud cloud,
        String account,
        String region,
        String resourceId,
        String resourceType,
        String reader,
        Map<String, String> attributes,
        List<String> absent) {

    /** The API namespace audit events name; here: DriftGuard's reconcile scanner. */
    public static final String SERVICE = "driftguard.reconcile";

    public ScanObservation {
        attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
        absent = absent == null ? List.of() : List.copyOf(absent);
    }

    /** The resource key changes and declarations meet on. */
    public String key() {
        return ResourceKey.of(cloud, resourceId);
    }

    /** One id per resource per scan: {@code scan:<scan id>:<resource key>}. */
    public String eventId() {
        return "scan:" + scanId + ":" + key();
    }

    /** The observation as the episode operator applies it: SET each live value, UNSET each absent one. */
    public ResourceChange change() {
        List<AttributeChange> changes = new ArrayList<>();
        attributes.forEach((path, value) -> changes.add(AttributeChange.set(path, value)));
        absent.forEach(path -> changes.add(AttributeChange.unset(path)));
        return new ResourceChange(key(), resourceId, resourceType, changes);
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
