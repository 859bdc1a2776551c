package io.driftguard.pipeline.episode;

import static io.driftguard.ingest.catalog.TestEvents.k8s;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.state.AttributeValues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes catalog row against the manifests in {@code replay/iac/kubernetes}: full objects
 * (update), strategic-merge patches as kubectl sends them, JSON patches, the scale subresource.
 * Each call goes through the episode operator's own rules ({@link CatalogDrift}).
 */
class KubernetesCatalogDriftTest {

    static CatalogDrift f;

    static final String DEPLOY = "prod-eu-1/checkout/Deployment/checkout-web";
    static final String STS = "default/default/StatefulSet/ledger";
    static final String SVC = "prod-eu-1/checkout/Service/checkout-web";
    static final String CM = "prod-eu-1/checkout/ConfigMap/checkout-config";
    static final String NP = "prod-eu-1/checkout/NetworkPolicy/checkout-web-ingress";
    static final String ROLE = "prod-eu-1/checkout/Role/config-reader";
    static final String RB = "prod-eu-1/checkout/RoleBinding/config-reader";
    static final String CRB = "prod-eu-1/ClusterRoleBinding/checkout-metrics";

    @BeforeAll
    static void read() {
        f = new CatalogDrift();
    }

    static AuditEvent patch(String group, String kind, String id, String body) {
        return k8s(group, "patch", kind, id, body, null);
    }

    @Nested
    class Workloads {
        @Test
        void scalingDownDriftsReplicas() {
            AuditEvent e = k8s("apps", "patch/scale", "Deployment", DEPLOY, "{\"spec\":{\"replicas\":1}}", null);
            assertThat(f.drift(DEPLOY, e)).containsExactly("spec.replicas");
            assertThat(f.drift(
                            DEPLOY,
                            k8s(
                                    "apps",
                                    "update/scale",
                                    "Deployment",
                                    DEPLOY,
                                    "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"checkout-web\"},\"spec\":{\"replicas\":3}}",
                                    null)))
                    .isEmpty();
        }

        @Test
        void setImagePatchDriftsThatContainerOnly() {
            // kubectl set image: a strategic-merge patch naming the container
            AuditEvent e = patch(
                    "apps",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"registry.example.com/checkout/web:1.15.0\",\"name\":\"web\"}]}}}}");
            assertThat(f.drift(DEPLOY, e)).containsExactly("spec.template.spec.containers.web.image");
        }

        @Test
        void resourcesCompareAsQuantities() {
            AuditEvent same = patch(
                    "apps",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
                            + "\"resources\":{\"limits\":{\"cpu\":\"1000m\",\"memory\":\"1024Mi\"},\"requests\":{\"cpu\":0.25}}}]}}}}");
            assertThat(f.drift(DEPLOY, same)).isEmpty();
            AuditEvent more = patch(
                    "apps",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
                            + "\"resources\":{\"limits\":{\"memory\":\"2Gi\"}}}]}}}}");
            assertThat(f.drift(DEPLOY, more))
                    .containsExactly("spec.template.spec.containers.web.resources.limits.memory");
        }

        @Test
        void envValuesAndNames() {
            AuditEvent debug = patch(
                    "apps",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
                            + "\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":\"debug\"}]}]}}}}");
            assertThat(f.drift(DEPLOY, debug)).containsExactly("spec.template.spec.containers.web.env.LOG_LEVEL");
            AuditEvent added = patch(
                    "apps",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
                            + "\"env\":[{\"name\":\"DEBUG\",\"value\":\"1\"}]}]}}}}");
            assertThat(f.drift(DEPLOY, added)).containsExactly("spec.template.spec.containers.web.env");
            AuditEvent removed = patch(
                    "apps",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
                            + "\"$setElementOrder/env\":[{\"name\":\"DB_PASSWORD\"}],\"env\":[{\"$patch\":\"delete\",\"name\":\"LOG_LEVEL\"}]}]}}}}");
            assertThat(f.drift(DEPLOY, removed))
                    .containsExactlyInAnyOrder(
                            "spec.template.spec.containers.web.env", "spec.template.spec.containers.web.env.LOG_LEVEL");
            // the sidecar declares no env: adding one there is not a declared attribute
            AuditEvent sidecar = patch(
                    "apps",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"envoy\","
                            + "\"env\":[{\"name\":\"X\",\"value\":\"1\"}]}]}}}}");
            assertThat(f.drift(DEPLOY, sidecar)).isEmpty();
        }

        @Test
        void aFullObjectWithServerDefaultsEqualToTheManifestIsNotDrift() {
            AuditEvent e = k8s(
                    "apps",
                    "update",
                    "Deployment",
                    DEPLOY,
                    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                            + "\"metadata\":{\"name\":\"checkout-web\",\"namespace\":\"checkout\",\"resourceVersion\":\"9912\",\"generation\":4,"
                            + "\"annotations\":{\"deployment.kubernetes.io/revision\":\"4\"},\"managedFields\":[{\"manager\":\"kubectl\"}]},"
                            + "\"spec\":{\"replicas\":3,\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600,"
                            + "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}},"
                            + "\"selector\":{\"matchLabels\":{\"app\":\"checkout-web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"checkout-web\"}},"
                            + "\"spec\":{\"containers\":[{\"name\":\"envoy\",\"image\":\"envoyproxy/envoy:v1.29.1\",\"imagePullPolicy\":\"IfNotPresent\","
                            + "\"terminationMessagePath\":\"/dev/termination-log\",\"resources\":{}},"
                            + "{\"name\":\"web\",\"image\":\"registry.example.com/checkout/web:1.14.2\",\"imagePullPolicy\":\"IfNotPresent\","
                            + "\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}],"
                            + "\"env\":[{\"name\":\"DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"password\",\"name\":\"checkout-db\"}}},"
                            + "{\"name\":\"LOG_LEVEL\",\"value\":\"info\"}],"
                            + "\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"250m\",\"memory\":\"256Mi\"}}}],"
                            + "\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\"}}},\"status\":{\"replicas\":3}}",
                    null);
            assertThat(f.drift(DEPLOY, e)).isEmpty();
        }

        @Test
        void aFullObjectWithoutADeclaredContainerDriftsIt() {
            AuditEvent e = k8s(
                    "apps",
                    "update",
                    "Deployment",
                    DEPLOY,
                    "{\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":["
                            + "{\"name\":\"web\",\"image\":\"registry.example.com/checkout/web:1.14.2\",\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"}]}]}}}}",
                    null);
            assertThat(f.drift(DEPLOY, e))
                    .containsExactlyInAnyOrder(
                            "spec.template.spec.containers.envoy.image",
                            "spec.template.spec.containers.web.env",
                            "spec.template.spec.containers.web.env.DB_PASSWORD",
                            "spec.template.spec.containers.web.resources.limits.cpu",
                            "spec.template.spec.containers.web.resources.limits.memory",
                            "spec.template.spec.containers.web.resources.requests.cpu",
                            "spec.template.spec.containers.web.resources.requests.memory");
        }

        @Test
        void jsonPatchByIndexIsNamedFromTheResponse() {
            String response =
                    "{\"kind\":\"Deployment\",\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":["
                            + "{\"name\":\"web\",\"image\":\"registry.example.com/checkout/web:2.0.0\"},{\"name\":\"envoy\",\"image\":\"envoyproxy/envoy:v1.29.1\"}]}}}}";
            AuditEvent e = k8s(
                    "apps",
                    "patch",
                    "Deployment",
                    DEPLOY,
                    "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"registry.example.com/checkout/web:2.0.0\"},"
                            + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]",
                    response);
            assertThat(f.drift(DEPLOY, e)).containsExactly("spec.template.spec.containers.web.image");
        }

        @Test
        void statefulSetInTheDefaultClusterAndNamespace() {
            assertThat(f.drift(STS, k8s("apps", "patch", "StatefulSet", STS, "{\"spec\":{\"replicas\":0}}", null)))
                    .containsExactly("spec.replicas");
            assertThat(f.drift(
                            STS,
                            k8s(
                                    "apps",
                                    "patch",
                                    "StatefulSet",
                                    STS,
                                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                                            + "[{\"name\":\"ledger\",\"resources\":{\"limits\":{\"memory\":\"2048Mi\"}}}]}}}}",
                                    null)))
                    .isEmpty();
        }
    }

    @Test
    void configMapData() {
        assertThat(f.drift(CM, patch("core", "ConfigMap", CM, "{\"data\":{\"TIMEOUT_MS\":\"30000\"}}")))
                .containsExactly("data.TIMEOUT_MS");
        assertThat(f.drift(
                        CM, patch("core", "ConfigMap", CM, "{\"data\":{\"NEW_KEY\":\"x\",\"TIMEOUT_MS\":\"3000\"}}")))
                .isEmpty();
        assertThat(f.drift(CM, patch("core", "ConfigMap", CM, "{\"data\":{\"FEATURE_FLAGS\":null}}")))
                .containsExactly("data.FEATURE_FLAGS");
        assertThat(f.drift(
                        CM,
                        k8s(
                                "core",
                                "update",
                                "ConfigMap",
                                CM,
                                "{\"metadata\":{\"name\":\"checkout-config\"}," + "\"data\":{\"TIMEOUT_MS\":\"3000\"}}",
                                null)))
                .containsExactly("data.FEATURE_FLAGS");
        // JSON patch on a map key
        assertThat(f.drift(
                        CM,
                        patch(
                                "core",
                                "ConfigMap",
                                CM,
                                "[{\"op\":\"replace\",\"path\":\"/data/TIMEOUT_MS\",\"value\":\"1\"}]")))
                .containsExactly("data.TIMEOUT_MS");
    }

    @Test
    void serviceTypeAndPorts() {
        assertThat(f.get(SVC).attributes()).containsEntry("spec.type", "\"ClusterIP\"");
        assertThat(f.drift(SVC, patch("core", "Service", SVC, "{\"spec\":{\"type\":\"NodePort\"}}")))
                .containsExactly("spec.type");
        assertThat(f.drift(
                        SVC, patch("core", "Service", SVC, "{\"spec\":{\"ports\":[{\"port\":22,\"targetPort\":22}]}}")))
                .containsExactly("spec.ports");
        assertThat(f.drift(
                        SVC,
                        patch("core", "Service", SVC, "{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":9090}]}}")))
                .containsExactly("spec.ports.80/TCP.target_port");
        // the full object as the API server returns it: defaults and an assigned node port
        assertThat(f.drift(
                        SVC,
                        k8s(
                                "core",
                                "update",
                                "Service",
                                SVC,
                                "{\"spec\":{\"type\":\"ClusterIP\",\"sessionAffinity\":\"None\","
                                        + "\"clusterIP\":\"10.96.4.2\",\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":\"8080\"}]}}",
                                null)))
                .isEmpty();
    }

    @Test
    void networkPolicy() {
        assertThat(f.get(NP).attributes()).containsEntry("spec.policyTypes", "[\"Ingress\"]");
        String open = "{\"spec\":{\"ingress\":[{}]}}";
        assertThat(f.drift(NP, patch("networking.k8s.io", "NetworkPolicy", NP, open)))
                .containsExactly("spec.ingress");
        // the same rule with the server's default protocol and another selector spelling
        assertThat(f.drift(
                        NP,
                        k8s(
                                "networking.k8s.io",
                                "update",
                                "NetworkPolicy",
                                NP,
                                "{\"spec\":{\"podSelector\":{\"matchLabels\":{\"app\":\"checkout-web\"}},"
                                        + "\"policyTypes\":[\"Ingress\"],\"ingress\":[{\"ports\":[{\"protocol\":\"TCP\",\"port\":8080}],\"from\":[{\"namespaceSelector\":"
                                        + "{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"ingress-nginx\"}}}]}]}}",
                                null)))
                .isEmpty();
        AuditEvent deleted = k8s(
                "networking.k8s.io",
                "delete",
                "NetworkPolicy",
                NP,
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"meta.k8s.io/__internal\",\"propagationPolicy\":\"Background\"}",
                null);
        assertThat(f.drift(NP, deleted))
                .containsExactlyInAnyOrder("spec.podSelector", "spec.policyTypes", "spec.ingress");
    }

    @Test
    void rbac() {
        assertThat(
                        f.drift(
                                ROLE,
                                patch(
                                        "rbac.authorization.k8s.io",
                                        "Role",
                                        ROLE,
                                        "{\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\",\"secrets\"],\"verbs\":[\"get\",\"list\",\"watch\"]}]}")))
                .containsExactly("rules");
        assertThat(f.drift(
                        ROLE,
                        k8s(
                                "rbac.authorization.k8s.io",
                                "update",
                                "Role",
                                ROLE,
                                "{\"rules\":[{\"verbs\":[\"watch\",\"list\",\"get\"],\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"]}]}",
                                null)))
                .isEmpty();
        assertThat(
                        f.drift(
                                RB,
                                patch(
                                        "rbac.authorization.k8s.io",
                                        "RoleBinding",
                                        RB,
                                        "{\"subjects\":[{\"kind\":\"ServiceAccount\","
                                                + "\"name\":\"checkout-web\",\"namespace\":\"checkout\"},{\"kind\":\"User\",\"name\":\"eve\",\"apiGroup\":\"rbac.authorization.k8s.io\"}]}")))
                .containsExactly("subjects");
        assertThat(f.drift(
                        CRB,
                        k8s(
                                "rbac.authorization.k8s.io",
                                "update",
                                "ClusterRoleBinding",
                                CRB,
                                "{\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"checkout-web\",\"namespace\":\"checkout\"}],"
                                        + "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"}}",
                                null)))
                .containsExactly("role_ref");
    }

    @Test
    void gkeMethodNamesAreTheSameCalls() {
        AuditEvent e = k8s(
                "k8s.io",
                "io.k8s.apps.v1.deployments.scale.patch",
                "Deployment",
                DEPLOY,
                "{\"@type\":\"autoscaling.k8s.io/v1.Scale\",\"spec\":{\"replicas\":10}}",
                null);
        assertThat(f.drift(DEPLOY, e)).containsExactly("spec.replicas");
        AuditEvent role =
                k8s("k8s.io", "io.k8s.authorization.rbac.v1.roles.patch", "Role", ROLE, "{\"rules\":[]}", null);
        assertThat(f.drift(ROLE, role)).containsExactly("rules");
        assertThat(f.change(ROLE, role, "rules").actual()).isEqualTo("[]");
        assertThat(AttributeValues.matches(f.get(ROLE).attributes().get("rules"), "[]"))
                .isFalse();
    }
}
