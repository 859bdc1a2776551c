package io.driftguard.ingest.catalog.kubernetes;

import java.util.Set;

/**
 * A Kubernetes API call as the catalog's Kubernetes table names it: the API group
 * ({@code objectRef.apiGroup}, {@code core} for the legacy group) and the verb, with the
 * subresource after a slash ({@code patch/scale}), as {@code KubernetesAuditParser} writes them.
 *
 * <p>GKE logs the same calls through Cloud Audit Logs with a method name instead:
 * {@code io.k8s.apps.v1.deployments.scale.patch}, {@code io.k8s.authorization.rbac.v1.roles.update}
 * (the group's DNS name reversed). {@link #of} reads that form into the audit form so one table row
 * serves both.
 *
 * @param apiGroup {@code apps}, {@code core}, {@code rbac.authorization.k8s.io}, …
 * @param operation {@code patch}, {@code update/scale}, …
 */
public record KubernetesCall(String apiGroup, String operation) {

    /** Groups whose name has no {@code .k8s.io} suffix. */
    private static final Set<String> LEGACY_GROUPS =
            Set.of("core", "apps", "batch", "autoscaling", "policy", "extensions");

    /**
     * The call a GKE method name stands for, or null when the operation is not one
     * ({@code patch}, {@code patch/scale} are already in audit form).
     */
    public static KubernetesCall of(String service, String method) {
        if (method == null || !method.startsWith("io.k8s.")) {
            return null;
        }
        String[] t = method.substring("io.k8s.".length()).split("\\.");
        int version = -1;
        for (int i = 1; i < t.length; i++) {
            if (isVersion(t[i])) {
                version = i;
                break;
            }
        }
        // group tokens, version, plural, [subresource], verb
        if (version < 1 || t.length < version + 3) {
            return null;
        }
        String verb = t[t.length - 1];
        String sub = t.length > version + 3 ? t[version + 2] : null;
        StringBuilder group = new StringBuilder();
        for (int i = version - 1; i >= 0; i--) {
            if (group.length() > 0) {
                group.append('.');
            }
            group.append(t[i]);
        }
        String g = group.toString();
        if (!LEGACY_GROUPS.contains(g) && !g.endsWith(".k8s.io")) {
            g = g + ".k8s.io";
        }
        return new KubernetesCall(g, sub == null ? verb : verb + "/" + sub);
    }

    /** {@code v1}, {@code v1beta1}, {@code v2alpha1}. */
    static boolean isVersion(String s) {
        if (s.length() < 2 || s.charAt(0) != 'v' || !Character.isDigit(s.charAt(1))) {
            return false;
        }
        int i = 1;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        String rest = s.substring(i);
        return rest.isEmpty() || rest.matches("(alpha|beta)\\d*");
    }
}
