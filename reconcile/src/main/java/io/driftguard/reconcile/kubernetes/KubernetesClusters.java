package io.driftguard.reconcile.kubernetes;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One client per cluster the IaC names (the folder under {@code kubernetes/}), on the client's
 * standard configuration chain: {@code KUBECONFIG} or {@code ~/.kube/config}, else the pod's service
 * account when running in a cluster. A cluster is read through, in order: the context the user maps
 * it to ({@code --kube-context prod=prod-admin}; an empty context means the chain's default), a
 * kubeconfig context of the same name, and for the {@code default} cluster the chain's default.
 * Any other cluster is not read (reading it through whatever context is current would compare one
 * cluster's declarations with another cluster's objects).
 */
public final class KubernetesClusters implements AutoCloseable {

    /** The cluster of manifests directly under {@code kubernetes/}. */
    static final String DEFAULT = "default";

    private final Map<String, String> contexts;
    private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
    private Set<String> kubeconfigContexts;

    /** @param contexts cluster → kubeconfig context ("" for the chain's default) */
    public KubernetesClusters(Map<String, String> contexts) {
        this.contexts = Map.copyOf(contexts);
    }

    /**
     * The client for a cluster.
     *
     * @throws IllegalStateException when no context is known for it, saying what to pass
     */
    synchronized KubernetesClient client(String cluster) {
        KubernetesClient c = clients.get(cluster);
        if (c == null) {
            c = new KubernetesClientBuilder()
                    .withConfig(Config.autoConfigure(context(cluster)))
                    .build();
            clients.put(cluster, c);
        }
        return c;
    }

    /** The context to read a cluster through; null for the chain's default. */
    private String context(String cluster) {
        String mapped = contexts.get(cluster);
        if (mapped != null) {
            return mapped.isEmpty() ? null : mapped;
        }
        if (kubeconfigContexts().contains(cluster)) {
            return cluster;
        }
        if (DEFAULT.equals(cluster)) {
            return null;
        }
        throw new IllegalStateException("cluster '" + cluster + "': no kubeconfig context of that name"
                + " (contexts: " + kubeconfigContexts() + "); pass --kube-context " + cluster
                + "=CONTEXT, or --kube-context " + cluster + "= for the current context or the pod's service account");
    }

    private Set<String> kubeconfigContexts() {
        if (kubeconfigContexts == null) {
            Set<String> names = new TreeSet<>();
            for (String f : Config.getKubeconfigFilenames()) {
                File file = new File(f);
                if (!file.isFile()) {
                    continue;
                }
                try {
                    var config = KubeConfigUtils.parseConfig(file);
                    if (config.getContexts() != null) {
                        config.getContexts().stream().map(NamedContext::getName).forEach(names::add);
                    }
                } catch (RuntimeException e) {
                    // the client reports an unreadable kubeconfig itself when it is used
                }
            }
            kubeconfigContexts = names;
        }
        return kubeconfigContexts;
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
