package io.driftguard.ingest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParsedSamples;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every Kubernetes audit-event sample (the .json files; the .yaml files are manifests). */
class KubernetesAuditSamplesTest {

    private static final String FOLDER = "kubernetes";

    static List<ParsedRecord> parse(String file, String cluster) {
        return ParsedSamples.parse(Samples.path(FOLDER, file), Sources.K8S_AUDIT, cluster);
    }

    static AuditEvent only(String file, String cluster) {
        List<AuditEvent> events = ParsedSamples.audits(parse(file, cluster));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @TestFactory
    Stream<DynamicTest> everySampleParsesOrIsSetAsideForAStatedReason() {
        return Samples.list(FOLDER, ".json").stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    List<ParsedRecord> results = ParsedSamples.parse(file, Sources.K8S_AUDIT, "prod-eu-1");
                    assertThat(results).hasSize(1);
                    if (file.getFileName().toString().startsWith("panther-test-audit-event-")) {
                        // hand-written Panther fixtures carry no auditID (and no timestamps)
                        assertThat(ParsedSamples.reasons(results))
                                .containsExactly("rejected: Kubernetes audit event has no auditID");
                        return;
                    }
                    AuditEvent e = ParsedSamples.audits(results).get(0);
                    assertThat(e.cloud()).isEqualTo(Cloud.KUBERNETES);
                    assertThat(e.account()).isEqualTo("prod-eu-1");
                    assertThat(e.resourceId()).startsWith("prod-eu-1/");
                    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
                }));
    }

    @Test
    void falcoV1beta1DeploymentCreateWithoutApiVersion() {
        AuditEvent e = only("falco-k8s-audit-create_deployment.json", null);
        assertThat(e.eventId()).isEqualTo("c5be68f4-80b8-4159-adc4-76ddb195334e");
        assertThat(e.account()).isEqualTo("default");
        assertThat(e.resourceId()).isEqualTo("default/default/Deployment/nginx-deployment");
        assertThat(e.resourceType()).isEqualTo("Deployment");
        assertThat(e.service()).isEqualTo("extensions");
        assertThat(e.operation()).isEqualTo("create");
        assertThat(e.readOnly()).isFalse();
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2018-10-26T13:07:36.911442Z"));
        assertThat(e.actor().id()).isEqualTo("minikube-user");
        assertThat(e.actor().type()).isEqualTo(ActorType.HUMAN);
        assertThat(e.actor().identities()).contains("system:masters");
        assertThat(e.sourceIp()).isEqualTo("192.168.99.1");
        assertThat(e.request()).contains("\"replicas\":1");
    }

    @Test
    void clusterScopedObjectsHaveNoNamespace() {
        AuditEvent e = only("falco-k8s-audit-modify_cluster_role_node_problem_detector.json", "c1");
        assertThat(e.resourceId()).isEqualTo("c1/ClusterRole/system:node-problem-detector");
        assertThat(e.operation()).isEqualTo("patch");
        assertThat(only("falco-k8s-audit-attach_cluster_admin_role.json", "c1").resourceId())
                .isEqualTo("c1/ClusterRoleBinding/some-reader-binding");
        assertThat(only("falco-k8s-audit-create_configmap.json", "c1").resourceId())
                .isEqualTo("c1/default/ConfigMap/my-config");
    }

    @Test
    void eksTokenRequestIsNotAChangeToTheServiceAccount() {
        AuditEvent e = only("panther-test-eks-audit-event-serviceaccount-create.json", "eks");
        assertThat(e.resourceId()).isEqualTo("eks/kube-system/ServiceAccount/kube-proxy");
        assertThat(e.operation()).isEqualTo("create/token");
        assertThat(e.readOnly()).isTrue();
        assertThat(e.actor().type()).isEqualTo(ActorType.SERVICE); // a node
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2025-08-26T17:40:49.330617Z"));
    }
}
