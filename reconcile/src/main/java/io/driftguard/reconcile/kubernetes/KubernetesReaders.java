package io.driftguard.reconcile.kubernetes;

import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.RateLimiter;
import java.util.List;
import java.util.Map;

/** The Kubernetes reader, one rate limit per cluster set (the API server's priority and fairness queues). */
public final class KubernetesReaders {

    /** Objects a list call asks for: the page size kubectl uses. */
    public static final long PAGE_SIZE = 500;

    private KubernetesReaders() {}

    /**
     * @param contexts cluster (the folder under {@code kubernetes/}) → kubeconfig context; "" for the
     *     current context or the pod's service account
     * @param callsPerSecond list calls per second
     */
    public static List<LiveReader> create(Map<String, String> contexts, double callsPerSecond, long pageSize) {
        return List.of(new KubernetesObjectReader(
                new KubernetesClusters(contexts), new RateLimiter(callsPerSecond), IacMapper.builtIn(), pageSize));
    }
}
