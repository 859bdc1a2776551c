package io.driftguard.ingest.kubernetes;

import java.util.Map;

/**
 * Resource plural (as in {@code objectRef.resource} and request paths) → Kind, and which kinds are
 * cluster-scoped. Plurals not listed fall back to the object's own {@code kind} when the audit event
 * carries the object, else to a naive singular.
 */
public final class KubernetesKinds {

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("pods", "Pod"),
            Map.entry("services", "Service"),
            Map.entry("configmaps", "ConfigMap"),
            Map.entry("secrets", "Secret"),
            Map.entry("serviceaccounts", "ServiceAccount"),
            Map.entry("namespaces", "Namespace"),
            Map.entry("nodes", "Node"),
            Map.entry("persistentvolumes", "PersistentVolume"),
            Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"),
            Map.entry("endpoints", "Endpoints"),
            Map.entry("events", "Event"),
            Map.entry("limitranges", "LimitRange"),
            Map.entry("resourcequotas", "ResourceQuota"),
            Map.entry("replicationcontrollers", "ReplicationController"),
            Map.entry("deployments", "Deployment"),
            Map.entry("statefulsets", "StatefulSet"),
            Map.entry("daemonsets", "DaemonSet"),
            Map.entry("replicasets", "ReplicaSet"),
            Map.entry("controllerrevisions", "ControllerRevision"),
            Map.entry("jobs", "Job"),
            Map.entry("cronjobs", "CronJob"),
            Map.entry("horizontalpodautoscalers", "HorizontalPodAutoscaler"),
            Map.entry("poddisruptionbudgets", "PodDisruptionBudget"),
            Map.entry("ingresses", "Ingress"),
            Map.entry("ingressclasses", "IngressClass"),
            Map.entry("networkpolicies", "NetworkPolicy"),
            Map.entry("roles", "Role"),
            Map.entry("rolebindings", "RoleBinding"),
            Map.entry("clusterroles", "ClusterRole"),
            Map.entry("clusterrolebindings", "ClusterRoleBinding"),
            Map.entry("storageclasses", "StorageClass"),
            Map.entry("customresourcedefinitions", "CustomResourceDefinition"),
            Map.entry("mutatingwebhookconfigurations", "MutatingWebhookConfiguration"),
            Map.entry("validatingwebhookconfigurations", "ValidatingWebhookConfiguration"),
            Map.entry("priorityclasses", "PriorityClass"),
            Map.entry("podsecuritypolicies", "PodSecurityPolicy"),
            Map.entry("leases", "Lease"),
            Map.entry("endpointslices", "EndpointSlice"),
            Map.entry("certificatesigningrequests", "CertificateSigningRequest"));

    private static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of(
            "Namespace",
            "Node",
            "PersistentVolume",
            "ClusterRole",
            "ClusterRoleBinding",
            "StorageClass",
            "CustomResourceDefinition",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
            "PriorityClass",
            "PodSecurityPolicy",
            "IngressClass",
            "CertificateSigningRequest");

    private KubernetesKinds() {}

    /** The Kind for a plural, or null when unknown. */
    public static String kindOf(String plural) {
        return plural == null ? null : KINDS.get(plural);
    }

    /** A guess for plurals outside the table: {@code widgets} → {@code Widget}. */
    public static String guessKind(String plural) {
        if (plural == null || plural.isEmpty()) {
            return null;
        }
        String singular = plural.endsWith("ies")
                ? plural.substring(0, plural.length() - 3) + "y"
                : plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
        return Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
    }

    public static boolean isClusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }

    /**
     * docs/design/replay-contract.md's {@code resource_id}: {@code <cluster>/<namespace>/<Kind>/<name>}, or
     * {@code <cluster>/<Kind>/<name>} for cluster-scoped objects (and when no namespace is known).
     */
    public static String resourceId(String cluster, String namespace, String kind, String name) {
        if (name == null || kind == null) {
            return null;
        }
        if (namespace == null || isClusterScoped(kind)) {
            return cluster + "/" + kind + "/" + name;
        }
        return cluster + "/" + namespace + "/" + kind + "/" + name;
    }
}
