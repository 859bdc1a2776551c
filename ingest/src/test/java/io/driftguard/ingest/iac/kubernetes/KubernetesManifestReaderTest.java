package io.driftguard.ingest.iac.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests under iac/kubernetes: ids, addresses and paths as docs/design/replay-contract.md names them; bad files reported. */
class KubernetesManifestReaderTest {

    static Map<String, DesiredResource> read(Path input) {
        IacFolderReader.Result r = new IacFolderReader().read(input.resolve("iac"));
        return r.resources().stream().collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
    }

    @Test
    void clusterFromTheFolderNamespaceDefaultAndClusterScopedKinds(@TempDir Path input) throws Exception {
        Path dir = Files.createDirectories(input.resolve("iac/kubernetes/prod-eu-1/apps"));
        Files.writeString(dir.resolve("web.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  template: {spec: {containers: [{name: nginx, image: "nginx:1.14.2"}]}}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: ops-admin, namespace: ignored}
                subjects: [{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}]
                roleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}
                """);
        Files.writeString(
                input.resolve("iac/kubernetes/cm.yml"),
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: x}, data: {k: v}}");
        Map<String, DesiredResource> byId = read(input);
        DesiredResource web = byId.get("prod-eu-1/default/Deployment/web");
        assertThat(web.iac().address()).isEqualTo("kubernetes/prod-eu-1/apps/web.yaml#apps/Deployment/default/web");
        assertThat(web.iac().path()).isEqualTo("kubernetes/prod-eu-1/apps/web.yaml");
        assertThat(web.iac().source()).isEqualTo("kubernetes");
        assertThat(web.account()).isEqualTo("prod-eu-1");
        assertThat(web.attributes())
                .containsEntry("spec.replicas", "2")
                .containsEntry("spec.template.spec.containers.nginx.image", "\"nginx:1.14.2\"");
        DesiredResource crb = byId.get("prod-eu-1/ClusterRoleBinding/ops-admin");
        assertThat(crb.iac().address())
                .isEqualTo("kubernetes/prod-eu-1/apps/web.yaml#rbac.authorization.k8s.io/ClusterRoleBinding/ops-admin");
        assertThat(crb.attributes()).containsEntry("subjects", "[{\"kind\":\"Group\",\"name\":\"ops\"}]");
        assertThat(byId.get("default/x/ConfigMap/c").iac().address()).isEqualTo("kubernetes/cm.yml#core/ConfigMap/x/c");
    }

    @Test
    void envReferencesDeclareTheSameValueWithOrWithoutTheServersDefaults(@TempDir Path input) throws Exception {
        Path dir = Files.createDirectories(input.resolve("iac/kubernetes/prod"));
        String env = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: shop}
                spec:
                  template: {spec: {containers: [{name: web, image: "web:1", env: [
                    {name: POD, valueFrom: {fieldRef: {%sfieldPath: metadata.name}}},
                    {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu%s}}}]}]}}
                """;
        // as written in a manifest, and as the API server returns it (defaults filled in)
        Files.writeString(
                dir.resolve("web.yaml"),
                env.formatted("written", "", "") + "---\n"
                        + env.formatted("served", "apiVersion: v1, ", ", divisor: \"0\""));
        Map<String, DesiredResource> byId = read(input);
        Map<String, String> written = byId.get("prod/shop/Deployment/written").attributes();
        Map<String, String> served = byId.get("prod/shop/Deployment/served").attributes();
        assertThat(written)
                .containsEntry(
                        "spec.template.spec.containers.web.env.POD",
                        "{\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}");
        assertThat(served).isEqualTo(written);
    }

    @Test
    void badFilesAndObjectsAreReportedAndTheRestRead(@TempDir Path input) throws Exception {
        Path dir = Files.createDirectories(input.resolve("iac/kubernetes/dev"));
        Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: [unclosed\n");
        Files.writeString(dir.resolve("mixed.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                data: {a: b}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ok}
                data: {a: b}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: not-in-the-catalog}
                """);
        IacFolderReader.Result r = new IacFolderReader().read(input.resolve("iac"));
        assertThat(r.resources()).extracting(DesiredResource::resourceId).containsExactly("dev/default/ConfigMap/ok");
        assertThat(r.problems())
                .extracting(IacProblem::file)
                .containsExactlyInAnyOrder("iac/kubernetes/dev/broken.yaml", "iac/kubernetes/dev/mixed.yaml");
        assertThat(r.problems())
                .extracting(IacProblem::reason)
                .anySatisfy(p -> assertThat(p).contains("metadata.name"));
    }

    @Test
    void theKubernetesWebsiteSamples(@TempDir Path input) throws Exception {
        Path dir = Files.createDirectories(input.resolve("iac/kubernetes/site"));
        for (String f : new String[] {
            "k8s-website-nginx-deployment.yaml",
            "k8s-website-nginx-svc.flowstyle.yaml",
            "k8s-website-configmap-multikeys.flowstyle.yaml",
            "k8s-website-networkpolicy.yaml"
        }) {
            Files.copy(Samples.path("kubernetes", f), dir.resolve(f));
        }
        IacFolderReader.Result r = new IacFolderReader().read(input.resolve("iac"));
        assertThat(r.problems()).isEmpty();
        Map<String, DesiredResource> byId =
                r.resources().stream().collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
        assertThat(byId.get("site/default/Deployment/nginx-deployment").attributes())
                .containsEntry("spec.replicas", "3")
                .containsEntry("spec.template.spec.containers.nginx.image", "\"nginx:1.14.2\"");
        assertThat(byId).hasSize(4);
        assertThat(byId.values()).allSatisfy(d -> assertThat(d.attributes()).isNotEmpty());
    }
}
