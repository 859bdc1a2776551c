package io.driftguard.ingest.iac;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.catalog.CatalogTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One {@link DesiredResource} per resource key, from all the IaC resources that declare parts of
 * it: an S3 bucket and its separate policy, versioning and public-access-block resources; a
 * security group and its rule resources; a role and its policy attachments.
 *
 * <p>The primary resource (the bucket, the group, the role) names the result. Values from
 * separate resources win over the primary's, because Terraform records them in the primary's
 * state only as computed copies. When separate resources declare elements of a set
 * ({@code ingress_rule.*}), the primary's whole set ({@code ingress}) is kept as its state
 * recorded it at the last apply: a rule or policy added by hand beside the rule resources is drift
 * (an SRE wants to hear of port 22 opened on a Terraform-managed group however its rules are
 * written), and removing one of them is drift on both paths.
 */
public final class DesiredStateMerger {

    private DesiredStateMerger() {}

    public static List<DesiredResource> merge(
            List<DeclaredResource> declared, CatalogTables tables, Consumer<String> conflicts) {
        Map<String, List<DeclaredResource>> byKey = new LinkedHashMap<>();
        for (DeclaredResource d : declared) {
            byKey.computeIfAbsent(d.resource().key(), k -> new ArrayList<>()).add(d);
        }
        List<DesiredResource> out = new ArrayList<>(byKey.size());
        for (List<DeclaredResource> group : byKey.values()) {
            out.add(group.size() == 1 ? group.get(0).resource() : mergeGroup(group, tables, conflicts));
        }
        return out;
    }

    private static DesiredResource mergeGroup(
            List<DeclaredResource> group, CatalogTables tables, Consumer<String> conflicts) {
        DeclaredResource head =
                group.stream().filter(DeclaredResource::primary).findFirst().orElse(group.get(0));
        Map<String, String> attrs = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (DeclaredResource d : group) {
            if (!d.primary()) {
                continue;
            }
            if (d != head) {
                conflicts.accept(d.resource().iac().address() + " declares the same resource as "
                        + head.resource().iac().address() + " (" + d.resource().resourceId()
                        + "); the first one is used");
                continue;
            }
            attrs.putAll(d.resource().attributes());
            labels.putAll(d.resource().labels());
        }
        for (DeclaredResource d : group) {
            if (d.primary()) {
                continue;
            }
            attrs.putAll(d.resource().attributes());
            labels.putAll(d.resource().labels());
        }
        DesiredResource r = head.resource();
        return new DesiredResource(
                r.key(), r.cloud(), r.account(), r.resourceId(), r.resourceType(), r.iac(), attrs, labels);
    }
}
