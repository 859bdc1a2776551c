package io.driftguard.pipeline.episode;

import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The declared attributes of one resource, merged over every IaC object that declares part of it
 * (an {@code aws_security_group} and its {@code aws_security_group_rule}s meet on the group's key).
 * Set-valued attributes declared by several objects are united; otherwise the last one wins.
 */
final class ResourceState {

    private ResourceState() {}

    static Map<String, String> mergedAttributes(Collection<DesiredResource> declarations) {
        Map<String, String> merged = new TreeMap<>();
        for (DesiredResource d : sorted(declarations)) {
            d.attributes().forEach((path, value) -> merged.merge(path, value, ResourceState::combine));
        }
        return merged;
    }

    /** The declaration a finding names: the one declaring {@code path}, else the first by address. */
    static DesiredResource owner(Collection<DesiredResource> declarations, String path) {
        List<DesiredResource> all = sorted(declarations);
        for (DesiredResource d : all) {
            if (path != null && d.attributes().containsKey(path)) {
                return d;
            }
        }
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<DesiredResource> sorted(Collection<DesiredResource> declarations) {
        List<DesiredResource> all = new ArrayList<>(declarations);
        all.sort((a, b) -> a.iac().address().compareTo(b.iac().address()));
        return all;
    }

    private static String combine(String a, String b) {
        if (a.startsWith("[") && b.startsWith("[")) {
            return AttributeValues.apply(
                    a,
                    new io.driftguard.core.state.AttributeChange(
                            "", io.driftguard.core.state.AttributeChange.Op.ADD, b));
        }
        return b;
    }
}
