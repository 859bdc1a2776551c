package io.driftguard.reconcile.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The manifests the Kubernetes scan tests declare (JSON, which is YAML too, so the fake can serve the same text). */
final class KubernetesManifests {

    static final String NS = "checkout";

    static final String WEB = deployment("web", "registry.example.com/checkout/web:1.4.2");
    static final String API = deployment("api", "registry.example.com/checkout/api:2.0.1");
    static final String WORKER = deployment("worker", "registry.example.com/checkout/worker:0.9.0");

    static final String SETTINGS = """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "checkout"},
         "data": {"LOG_LEVEL": "info", "PAYMENTS_URL": "https://payments.internal"}}
        """;

    static final String SERVICE = """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "checkout"},
         "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080}]}}
        """;

    static final String READER_ROLE = """
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "checkout-reader"},
         "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}]}
        """;

    static final String HPA = """
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "checkout"},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                  "minReplicas": 3, "maxReplicas": 10}}
        """;

    static final List<String> ALL = List.of(WEB, API, WORKER, SETTINGS, SERVICE, READER_ROLE, HPA);

    private KubernetesManifests() {}

    static String deployment(String name, String image) {
        return """
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "%1$s", "namespace": "checkout",
               "labels": {"app": "%1$s", "team": "checkout"}},
             "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "%1$s"}},
               "template": {"metadata": {"labels": {"app": "%1$s"}},
                 "spec": {"containers": [{"name": "%1$s", "image": "%2$s",
                   "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "0.25"}},
                   "env": [{"name": "LOG_LEVEL", "value": "info"},
                           {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                           {"name": "CPU_LIMIT", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}}]}]}}}}
            """.formatted(name, image);
    }

    /** Writes the manifests as one multi-document file under {@code iac/kubernetes/<cluster>/}. */
    static void write(Path iac, String cluster, List<String> manifests) throws IOException {
        Path dir = cluster == null
                ? iac.resolve("kubernetes")
                : iac.resolve("kubernetes").resolve(cluster);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("checkout.yaml"), String.join("---\n", manifests));
    }
}
