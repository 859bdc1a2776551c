package io.driftguard.judge.semantics;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which unchanged attributes of a resource qualify what a change to another of its attributes
 * means, so the episode can carry them in {@code Finding.unchanged}: a port added to a GCP firewall
 * rule exposes an admin port only if the rule's sources admit the Internet; a subject added to a
 * Kubernetes binding is an admin grant only if the binding's role is an admin role; one bound of an
 * Azure SQL firewall range moved is read with the other bound.
 *
 * <p>Only these few paths: a finding does not carry the whole resource.
 */
public final class Qualifiers {

    /** Changed path → the paths that qualify it. */
    private static final Map<String, List<String>> BY_CHANGED_PATH = Map.ofEntries(
            // GCP firewall rules: ports are read with the sources and vice versa
            Map.entry("allow", List.of("source_ranges")),
            Map.entry("source_ranges", List.of("allow")),
            Map.entry("disabled", List.of("source_ranges", "allow")),
            // Azure NSG rules (standalone and inline)
            Map.entry("destination_ports", List.of("source_prefixes", "access", "direction")),
            Map.entry("source_prefixes", List.of("destination_ports", "access", "direction")),
            Map.entry("access", List.of("source_prefixes", "destination_ports", "direction")),
            // Azure SQL firewall rules: an address range is both bounds
            Map.entry("start_ip", List.of("end_ip")),
            Map.entry("end_ip", List.of("start_ip")),
            // Kubernetes (Cluster)RoleBindings: a subject is granted the bound role
            Map.entry("subjects", List.of("role_ref")));

    private Qualifiers() {}

    /** The paths whose unchanged values qualify these changed paths (never one of them). */
    public static Set<String> of(Collection<String> changedPaths) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : changedPaths) {
            out.addAll(BY_CHANGED_PATH.getOrDefault(p, List.of()));
        }
        out.removeAll(changedPaths);
        return out;
    }
}
