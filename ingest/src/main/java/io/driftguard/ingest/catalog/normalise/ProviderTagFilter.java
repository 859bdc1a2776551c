package io.driftguard.ingest.catalog.normalise;

/**
 * Tags and labels a provider or tool adds by itself, never written in IaC: they are neither
 * declared nor drift. AWS reserves the {@code aws:} prefix ({@code aws:cloudformation:stack-name},
 * {@code aws:autoscaling:groupName}); GCP adds {@code goog-} labels (GKE, Dataproc); Kubernetes
 * tooling writes annotations such as {@code kubectl.kubernetes.io/last-applied-configuration} and
 * {@code deployment.kubernetes.io/revision}.
 */
public final class ProviderTagFilter {

    private ProviderTagFilter() {}

    /** Whether a tag, label or annotation key is one the provider or tooling owns. */
    public static boolean isProviderOwned(String key) {
        if (key == null || key.isEmpty()) {
            return true;
        }
        return key.regionMatches(true, 0, "aws:", 0, 4)
                || key.startsWith("goog-")
                || key.startsWith("kubectl.kubernetes.io/")
                || key.startsWith("deployment.kubernetes.io/")
                || key.equals("control-plane.alpha.kubernetes.io/leader");
    }
}
