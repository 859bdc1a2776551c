package io.driftguard.judge.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.judge.semantics.ChangeSemantics.CapacityChange;
import io.driftguard.judge.semantics.ChangeSemantics.CostEstimate;
import io.driftguard.judge.semantics.ChangeSemantics.Observation;
import io.driftguard.judge.semantics.ChangeSemantics.SizeChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The state of one {@link ChangeSemantics#of} run: all attributes, and what the readers found. */
final class Reading {

    final String resourceType;
    final String resourceId;
    final Map<String, Attr> attrs;
    /** Declared attributes the finding did not change but names as qualifying it ({@link Qualifiers}). */
    final Map<String, JsonNode> unchanged;

    private final Set<Observation> observations = new LinkedHashSet<>();
    final List<CapacityChange> capacity = new ArrayList<>();
    final List<SizeChange> sizes = new ArrayList<>();
    final List<String> descriptions = new ArrayList<>();
    CostEstimate cost;

    Reading(String resourceType, String resourceId, Map<String, Attr> attrs) {
        this(resourceType, resourceId, attrs, Map.of());
    }

    Reading(String resourceType, String resourceId, Map<String, Attr> attrs, Map<String, JsonNode> unchanged) {
        this.resourceType = resourceType == null ? "" : resourceType;
        this.resourceId = resourceId == null ? "" : resourceId;
        this.attrs = attrs;
        this.unchanged = unchanged;
    }

    void observe(Meaning m, String path, String detail) {
        observations.add(new Observation(m, path, detail));
    }

    Attr attr(String path) {
        return attrs.get(path);
    }

    /**
     * The value after the change of another path: its actual when it changed, its declared value when
     * the finding lists it as unchanged, else null (not known to this reading).
     */
    JsonNode actualOf(String path) {
        Attr a = attrs.get(path);
        return a != null ? a.actual() : unchanged.get(path);
    }

    /** The declared value of a path the change left alone, or null when the finding does not name it. */
    JsonNode unchangedOf(String path) {
        return attrs.containsKey(path) ? null : unchanged.get(path);
    }

    void describe(Attr a, String description) {
        String what = description == null ? a.path() : description + " (" + a.path() + ")";
        String from = a.desiredPresent() ? Values.show(a.desired()) : "not set";
        String to = !a.known()
                ? "an unknown value (the log hides it)"
                : a.actualPresent() ? Values.show(a.actual()) : "removed";
        descriptions.add(what + ": declared " + from + ", now " + to);
    }

    ChangeSemantics build() {
        return new ChangeSemantics(new ArrayList<>(observations), capacity, sizes, cost, descriptions);
    }
}
