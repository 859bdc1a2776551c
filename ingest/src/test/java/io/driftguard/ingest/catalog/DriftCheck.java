package io.driftguard.ingest.catalog;

import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The episode operator's comparison, as the lead specified it: actual = desired overlaid with each
 * change; drift = every declared path whose actual value does not match.
 */
public final class DriftCheck {

    private DriftCheck() {}

    /** The drifted declared paths after the changes that concern this resource. */
    public static List<String> driftedPaths(DesiredResource desired, List<ResourceChange> changes) {
        Map<String, String> actual = actual(desired, changes);
        List<String> drifted = new ArrayList<>();
        desired.attributes().forEach((path, declared) -> {
            if (!AttributeValues.matches(declared, actual.get(path))) {
                drifted.add(path);
            }
        });
        return drifted;
    }

    public static Map<String, String> actual(DesiredResource desired, List<ResourceChange> changes) {
        Map<String, String> actual = new HashMap<>(desired.attributes());
        for (ResourceChange c : changes) {
            if (c.key().equals(desired.key())) {
                ChangeApplier.apply(actual, c);
            }
        }
        return actual;
    }
}
