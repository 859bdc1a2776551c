package io.driftguard.reconcile.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Set;

/**
 * Where the API server serves each kind the scan reads: group, version and plural, written out so
 * the client never needs API discovery (one request less per kind, and no {@code get} on the
 * discovery endpoints in the ClusterRole). Secrets are left out on purpose: reading them needs
 * {@code get} on their values, more than a read-only scanner should hold; their drift comes from
 * the audit stream only.
 */
final class KubernetesApis {

    private static final Map<String, ResourceDefinitionContext> KINDS = Map.ofEntries(
            kind("apps", "v1", "Deployment", "deployments", true),
            kind("apps", "v1", "StatefulSet", "statefulsets", true),
            kind("apps", "v1", "DaemonSet", "daemonsets", true),
            kind("", "v1", "ConfigMap", "configmaps", true),
            kind("", "v1", "Service", "services", true),
            kind("", "v1", "ServiceAccount", "serviceaccounts", true),
            kind("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
            kind("networking.k8s.io", "v1", "Ingress", "ingresses", true),
            kind("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
            kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
            kind("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
            kind("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
            kind("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            kind("batch", "v1", "CronJob", "cronjobs", true));

    private KubernetesApis() {}

    static Set<String> kinds() {
        return KINDS.keySet();
    }

    /** The API of a kind, or null for a kind the scan does not read. */
    static ResourceDefinitionContext of(String kind) {
        return KINDS.get(kind);
    }

    private static Map.Entry<String, ResourceDefinitionContext> kind(
            String group, String version, String kind, String plural, boolean namespaced) {
        return Map.entry(
                kind,
                new ResourceDefinitionContext.Builder()
                        .withGroup(group)
                        .withVersion(version)
                        .withKind(kind)
                        .withPlural(plural)
                        .withNamespaced(namespaced)
                        .build());
    }
}
