package io.driftguard.reconcile.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.reconcile.ScanObservation;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes scan through the real fabric8 client (credentials from a kubeconfig, JDK HTTP
 * client) against a local fake of the API server: what it reads, what it compares, and what it
 * reports when it cannot read. End to end through the job: {@code KubernetesReconcileIT}.
 */
class KubernetesScanTest {

    @TempDir
    Path dir;

    private FakeKubernetes k8s;
    private final List<ScanObservation> published = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        k8s = new FakeKubernetes();
        System.setProperty("kubeconfig", k8s.kubeconfig(dir, "prod").toString());
        KubernetesManifests.ALL.forEach(k8s::apply);
    }

    @AfterEach
    void stop() {
        System.clearProperty("kubeconfig");
        k8s.close();
    }

    private ScanReport scan(Map<String, String> contexts, long pageSize) {
        try (Reconciler r = new Reconciler(
                KubernetesReaders.create(contexts, 200, pageSize), published::addAll, Clock.systemUTC())) {
            return r.scan(dir.resolve("iac"));
        }
    }

    @Test
    void liveObjectsAsDeclaredDifferInNothingDespiteTheServersDefaults() throws Exception {
        KubernetesManifests.write(dir.resolve("iac"), "prod", KubernetesManifests.ALL);

        ScanReport r = scan(Map.of(), 1);

        assertThat(r.problems()).isEmpty();
        assertThat(r.declared()).isEqualTo(7);
        assertThat(r.observed()).isEqualTo(7);
        assertThat(r.unsupported()).isZero();
        assertThat(r.differing()).isEmpty();
        assertThat(k8s.calls)
                .as("one page per deployment (limit 1), every continue token followed; one list per other kind")
                .filteredOn(c -> c.resource().equals("deployments"))
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.namespace()).isEqualTo("checkout"));
        assertThat(k8s.calls).extracting(FakeKubernetes.Call::verb).containsOnly("list");
        assertThat(k8s.calls)
                .filteredOn(c -> c.resource().equals("clusterroles"))
                .singleElement()
                .satisfies(c -> assertThat(c.namespace()).isNull());
        assertThat(published)
                .filteredOn(o -> o.resourceId().equals("prod/checkout/Deployment/web"))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.reader()).isEqualTo("list");
                    assertThat(o.attributes())
                            .containsEntry(
                                    "spec.template.spec.containers.web.image",
                                    "\"registry.example.com/checkout/web:1.4.2\"")
                            .containsKey("spec.template.spec.containers.web.env.POD_NAME")
                            .containsKey("spec.replicas");
                    assertThat(o.absent()).isEmpty();
                });
    }

    @Test
    void driftMadeByHandIsWhatDiffers() throws Exception {
        KubernetesManifests.write(dir.resolve("iac"), "prod", KubernetesManifests.ALL);
        ObjectNode web = k8s.get("apps", "deployments", "checkout", "web");
        ObjectNode container = (ObjectNode) web.at("/spec/template/spec/containers/0");
        container.put("image", "registry.example.com/checkout/web:1.4.2-debug");
        container.withArray("env").addObject().put("name", "DEBUG").put("value", "1");
        ((ObjectNode) k8s.get("", "configmaps", "checkout", "settings").path("data")).put("LOG_LEVEL", "debug");
        ((ObjectNode) k8s.get("autoscaling", "horizontalpodautoscalers", "checkout", "web")
                        .path("spec"))
                .put("maxReplicas", 40);
        k8s.delete("", "services", "checkout", "web");

        ScanReport r = scan(Map.of(), 500);

        assertThat(r.problems()).isEmpty();
        assertThat(r.differing())
                .containsExactlyInAnyOrder(
                        "kubernetes:prod/checkout/deployment/web: spec.template.spec.containers.web.env,"
                                + " spec.template.spec.containers.web.image",
                        "kubernetes:prod/checkout/configmap/settings: data.LOG_LEVEL",
                        "kubernetes:prod/checkout/horizontalpodautoscaler/web: spec.maxReplicas",
                        "kubernetes:prod/checkout/service/web: spec.ports, spec.ports.80/TCP.name,"
                                + " spec.ports.80/TCP.target_port, spec.type");
    }

    @Test
    void aClusterWithoutAContextIsNotReadThroughAnother() throws Exception {
        KubernetesManifests.write(dir.resolve("iac"), "prod", List.of(KubernetesManifests.WEB));
        KubernetesManifests.write(dir.resolve("iac"), "staging", List.of(KubernetesManifests.SETTINGS));

        ScanReport r = scan(Map.of(), 500);

        assertThat(r.observed()).as("prod is still read").isEqualTo(1);
        assertThat(r.problems())
                .singleElement()
                .asString()
                .startsWith("staging/checkout/ConfigMap/settings: cluster 'staging': no kubeconfig context")
                .contains("--kube-context staging=");

        ScanReport mapped = scan(Map.of("staging", "prod"), 500);
        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.observed()).isEqualTo(2);
    }

    @Test
    void manifestsOutsideAClusterFolderAreReadThroughTheCurrentContext() throws Exception {
        KubernetesManifests.write(dir.resolve("iac"), null, List.of(KubernetesManifests.SETTINGS));

        ScanReport r = scan(Map.of(), 500);

        assertThat(r.problems()).isEmpty();
        assertThat(r.observed()).isEqualTo(1);
    }

    @Test
    void theManualShowsTheClusterRoleUsersApply() throws Exception {
        String file = Files.readString(Path.of("../deploy/permissions/kubernetes-reconcile-clusterrole.yaml"));
        int from = file.indexOf("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n");
        String role = file.substring(from, file.indexOf("---", from));
        assertThat(Files.readString(Path.of("../docs/user-manual.md"))).contains("```yaml\n" + role + "```");
    }

    @Test
    void aForbiddenKindIsReportedAndTheOthersAreStillRead() throws Exception {
        KubernetesManifests.write(dir.resolve("iac"), "prod", KubernetesManifests.ALL);
        k8s.forbidden.add("configmaps");

        ScanReport r = scan(Map.of(), 500);

        assertThat(r.problems())
                .singleElement()
                .asString()
                .isEqualTo("prod/checkout/ConfigMap/settings: forbidden (HTTP 403): the scanner's ClusterRole must"
                        + " allow list on configmaps");
        assertThat(r.observed()).isEqualTo(6);
        assertThat(published).noneMatch(o -> o.resourceType().equals("ConfigMap"));
    }
}
