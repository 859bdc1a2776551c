package io.driftguard.judge.semantics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Unchanged;
import io.driftguard.core.json.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finding's {@code changes} mean, computed once from the declared and actual canonical
 * values of every changed path, for all four clouds: which {@link Meaning}s they have (each with
 * the path and a detail naming the rule, port, principal or tag), how capacity moved against the
 * declaration, how an instance size moved, an estimated monthly cost before and after where the
 * price table can say, and a plain-English line per attribute for narratives.
 *
 * <p>Each path is read by the first row of {@link AttributeTable} whose pattern matches it; the
 * rows are data (path pattern, description, reader), so a new catalog path needs a row, not a new
 * branch. A path no row knows is still described, and means nothing.
 */
public record ChangeSemantics(
        List<Observation> observations,
        List<CapacityChange> capacity,
        List<SizeChange> sizes,
        CostEstimate cost,
        List<String> descriptions)
        implements Serializable {

    /** One meaning found on one path. */
    public record Observation(Meaning meaning, String path, String detail) implements Serializable {}

    /**
     * A capacity-like number against its declaration ({@code desired_capacity}, replicas, memory).
     *
     * @param measure what is counted, for sentences ("desired capacity", "memory (MB)")
     * @param declared the declared amount; {@code actual} the amount after the change
     */
    public record CapacityChange(String path, String measure, double declared, double actual) implements Serializable {
        /** actual / declared; infinite when the declaration was zero and now is not. */
        public double ratio() {
            if (declared == 0) {
                return actual == 0 ? 1 : Double.POSITIVE_INFINITY;
            }
            return actual / declared;
        }
    }

    /** An instance-size change; {@code ratio} (to / from) null when the sizes cannot be compared. */
    public record SizeChange(String path, String from, String to, Double ratio) implements Serializable {}

    /** Estimated monthly cost in USD before (as declared) and after, and what it was priced on. */
    public record CostEstimate(double monthlyBefore, double monthlyAfter, String basis) implements Serializable {
        public double delta() {
            return monthlyAfter - monthlyBefore;
        }

        /** The relative increase (0.5 = +50%); infinite from a zero cost. */
        public double relative() {
            return monthlyBefore > 0 ? delta() / monthlyBefore : delta() > 0 ? Double.POSITIVE_INFINITY : 0;
        }
    }

    public ChangeSemantics {
        observations = List.copyOf(observations);
        capacity = List.copyOf(capacity);
        sizes = List.copyOf(sizes);
        descriptions = List.copyOf(descriptions);
    }

    /**
     * Reads the finding's changes, each with the unchanged attributes the finding names as
     * qualifying it. Malformed values are read as absent, never thrown.
     */
    public static ChangeSemantics of(Finding finding) {
        Map<String, Attr> attrs = new LinkedHashMap<>();
        for (Change c : finding.changes()) {
            if (c.path() == null) {
                continue;
            }
            boolean known = c.actualKnown() == null || c.actualKnown();
            attrs.put(
                    c.path(),
                    new Attr(c.path(), parse(c.desired()), known ? parse(c.actual()) : NullNode.instance, known));
        }
        Map<String, JsonNode> unchanged = new LinkedHashMap<>();
        for (Unchanged u : finding.unchanged()) {
            if (u.path() != null && !attrs.containsKey(u.path())) {
                unchanged.put(u.path(), parse(u.value()));
            }
        }
        Reading r = new Reading(finding.resourceType(), finding.resourceId(), attrs, unchanged);
        for (Attr a : attrs.values()) {
            AttributeTable.Row row = AttributeTable.rowFor(a.path());
            r.describe(a, row == null ? null : row.description());
            if (row != null) {
                row.reader().read(a, r);
            }
        }
        NetworkRules.exposure(r);
        CapacityRules.price(r);
        return r.build();
    }

    /** The plain-English name of a canonical attribute path ("the instance type"), or the path itself. */
    public static String describe(String path) {
        return AttributeTable.describe(path);
    }

    public boolean has(Meaning m) {
        for (Observation o : observations) {
            if (o.meaning() == m) {
                return true;
            }
        }
        return false;
    }

    /** The observations of one meaning. */
    public List<Observation> of(Meaning m) {
        List<Observation> out = new ArrayList<>();
        for (Observation o : observations) {
            if (o.meaning() == m) {
                out.add(o);
            }
        }
        return out;
    }

    public boolean tightening() {
        return has(Meaning.TIGHTENING);
    }

    public boolean widening() {
        return has(Meaning.WIDENING);
    }

    public boolean adminOrDatabasePortOpenToWorld() {
        return has(Meaning.ADMIN_PORT_OPEN_TO_WORLD);
    }

    public boolean storagePublic() {
        return has(Meaning.STORAGE_PUBLIC);
    }

    public boolean policyGrantsWildcardOrAdmin() {
        return has(Meaning.POLICY_WILDCARD_OR_ADMIN);
    }

    public boolean newPrincipalGranted() {
        return has(Meaning.NEW_PRINCIPAL_GRANTED);
    }

    public boolean encryptionDisabled() {
        return has(Meaning.ENCRYPTION_DISABLED);
    }

    public boolean auditLoggingDisabled() {
        return has(Meaning.AUDIT_LOGGING_DISABLED);
    }

    public boolean backupRetentionLowered() {
        return has(Meaning.BACKUP_RETENTION_LOWERED);
    }

    public boolean backupDisabled() {
        return has(Meaning.BACKUP_DISABLED);
    }

    public boolean deletionProtectionOff() {
        return has(Meaning.DELETION_PROTECTION_OFF);
    }

    public boolean mfaOrKeyProtectionRemoved() {
        return has(Meaning.KEY_PROTECTION_REMOVED);
    }

    public boolean requiredTagsRemoved() {
        return has(Meaning.REQUIRED_TAG_REMOVED);
    }

    public boolean otherTagChange() {
        return has(Meaning.OTHER_TAG_CHANGE);
    }

    public boolean timeoutsLowered() {
        return has(Meaning.TIMEOUT_LOWERED);
    }

    /**
     * The capacity ratios that count: a count and a size change on the same resource are one
     * measure (4 × D4 → 8 × D2 is unchanged); every other capacity path stands alone.
     */
    public List<Double> capacityRatios() {
        List<Double> out = new ArrayList<>();
        Double sizeRatio = null;
        for (SizeChange s : sizes) {
            if (s.ratio() != null) {
                sizeRatio = sizeRatio == null ? s.ratio() : sizeRatio * s.ratio();
            }
        }
        boolean combined = false;
        for (CapacityChange c : capacity) {
            if (sizeRatio != null && CapacityRules.isCount(c.path()) && !combined) {
                out.add(c.ratio() * sizeRatio);
                combined = true;
            } else {
                out.add(c.ratio());
            }
        }
        if (sizeRatio != null && !combined) {
            out.add(sizeRatio);
        }
        return out;
    }

    /** The smallest capacity ratio below 1 (the deepest reduction), or null when nothing shrank. */
    public Double capacityReduction() {
        Double min = null;
        for (double r : capacityRatios()) {
            if (r < 1 && (min == null || r < min)) {
                min = r;
            }
        }
        return min;
    }

    public boolean capacityIncreased() {
        for (double r : capacityRatios()) {
            if (r > 1) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return NullNode.instance;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return n == null ? NullNode.instance : n;
        } catch (JsonProcessingException e) {
            return NullNode.instance;
        }
    }
}
