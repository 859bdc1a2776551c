package io.driftguard.ingest.catalog;

import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.ResourceChange;
import java.util.Map;

/**
 * Applies a {@link ResourceChange} to a map of actual attribute values, with the one convention
 * {@link AttributeValues#apply} alone does not know: an {@code UNSET} of {@code <prefix>.*} (a call
 * that replaces a whole map, such as S3 {@code PutBucketTagging}) removes every key under the
 * prefix first, so declared keys missing from the new map read as removed.
 */
public final class ChangeApplier {

    private ChangeApplier() {}

    /** Applies the changes in order to {@code actual} (path → canonical value; absent = null). */
    public static void apply(Map<String, String> actual, ResourceChange change) {
        for (AttributeChange c : change.changes()) {
            String path = c.path();
            if (c.op() == AttributeChange.Op.UNSET && path.endsWith(RuleEvaluator.ALL_KEYS)) {
                String prefix = path.substring(0, path.length() - 1);
                actual.keySet().removeIf(k -> k.startsWith(prefix));
                continue;
            }
            String next = AttributeValues.apply(actual.get(path), c);
            if (next == null) {
                actual.remove(path);
            } else {
                actual.put(path, next);
            }
        }
    }
}
