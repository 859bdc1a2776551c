package io.driftguard.reconcile.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.reconcile.KafkaObservations;
import io.driftguard.reconcile.ReconcileFixture;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Reconcile scans of Kubernetes end to end: the real fabric8 client (kubeconfig credentials, JDK
 * HTTP client) against a local fake of the API server, observations through Kafka into the job in a
 * MiniCluster, findings in a real PostgreSQL. Drift made before DriftGuard started is found by the
 * first scan; drift whose audit record never arrived is found by the next; drift an episode already
 * reports is not reported again.
 */
class KubernetesReconcileIT {

    private static final String CLUSTER = "prod";
    private static final String BEFORE_START = "prod/checkout/Deployment/web";
    private static final String CONFIG = "prod/checkout/ConfigMap/settings";
    private static final String LATER = "prod/checkout/Deployment/worker";
    private static final String AUDITED = "prod/checkout/Deployment/api";

    private static ReconcileFixture live;
    private static FakeKubernetes k8s;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        k8s = new FakeKubernetes();
        System.setProperty("kubeconfig", k8s.kubeconfig(dir, CLUSTER).toString());
        live = ReconcileFixture.start("reconcile-k8s-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (live != null) {
            live.close();
        }
        k8s.close();
        System.clearProperty("kubeconfig");
    }

    @Test
    void scansFindWhatTheAuditStreamMissedAndNeverRepeatWhatAnEpisodeReports() throws Exception {
        Path iac = dir.resolve("iac");
        KubernetesManifests.write(iac, CLUSTER, KubernetesManifests.ALL);
        live.syncIac(iac, 7);
        // Live: before DriftGuard started someone put a debug image on web and turned its config's log
        // level up; Jane scales api by hand through a call the audit stream delivers.
        KubernetesManifests.ALL.forEach(k8s::apply);
        ((ObjectNode) k8s.get("apps", "deployments", "checkout", "web").at("/spec/template/spec/containers/0"))
                .put("image", "registry.example.com/checkout/web:1.4.2-debug");
        ((ObjectNode) k8s.get("", "configmaps", "checkout", "settings").path("data")).put("LOG_LEVEL", "debug");
        ((ObjectNode) k8s.get("apps", "deployments", "checkout", "api").path("spec")).put("replicas", 10);
        try (KafkaProducer<byte[], byte[]> p = live.kafka().producer()) {
            var record = new ProducerRecord<>(
                    KafkaTopics.raw(Sources.K8S_AUDIT),
                    AUDITED.getBytes(StandardCharsets.UTF_8),
                    scale("a1f0c2d4-0e5b-4c7a-9d3e-5b6a7c8d9e01", Instant.now().minus(Duration.ofMinutes(3)), 10)
                            .getBytes(StandardCharsets.UTF_8));
            record.headers().add(RawHeaders.CLUSTER, CLUSTER.getBytes(StandardCharsets.UTF_8));
            p.send(record).get();
        }
        live.assertAuditedFinding(AUDITED);

        try (KafkaObservations sink = live.observations();
                Reconciler reconciler =
                        new Reconciler(KubernetesReaders.create(Map.of(), 50, 2), sink, Clock.systemUTC())) {
            ScanReport first = reconciler.scan(iac);
            ReconcileFixture.assertCleanScan(first, 7);
            assertThat(k8s.calls)
                    .as("three deployments, two a page: both pages read")
                    .filteredOn(c -> c.resource().equals("deployments"))
                    .hasSize(2);

            live.assertFirstScanFound(List.of(CONFIG, BEFORE_START), LATER);
            live.assertChangedPaths(BEFORE_START, "spec.template.spec.containers.web.image");

            // someone adds an env var to worker; its audit record never reaches DriftGuard (an audit
            // policy that drops it, a webhook outage)
            ((ObjectNode) k8s.get("apps", "deployments", "checkout", "worker").at("/spec/template/spec/containers/0"))
                    .withArray("env")
                    .addObject()
                    .put("name", "FEATURE_FLAGS")
                    .put("value", "all");
            ScanReport second = reconciler.scan(iac);
            live.assertSecondScanFound(second, LATER);
            live.assertChangedPaths(LATER, "spec.template.spec.containers.worker.env");
        }

        // the ClusterRole users apply allows every call the scans made, and only list
        Set<String> allowed = new TreeSet<>();
        Set<String> verbs = new TreeSet<>();
        for (Object doc : new Yaml()
                .loadAll(Files.readString(Path.of("../deploy/permissions/kubernetes-reconcile-clusterrole.yaml")))) {
            Map<?, ?> o = (Map<?, ?>) doc;
            if (!"ClusterRole".equals(o.get("kind"))) {
                continue;
            }
            for (Object r : (List<?>) o.get("rules")) {
                Map<?, ?> rule = (Map<?, ?>) r;
                for (Object v : (List<?>) rule.get("verbs")) {
                    verbs.add((String) v);
                    for (Object g : (List<?>) rule.get("apiGroups")) {
                        for (Object res : (List<?>) rule.get("resources")) {
                            allowed.add(v + " " + g + "/" + res);
                        }
                    }
                }
            }
        }
        assertThat(k8s.calls).isNotEmpty();
        for (FakeKubernetes.Call c : k8s.calls) {
            assertThat(allowed).contains(c.verb() + " " + c.apiGroup() + "/" + c.resource());
        }
        assertThat(verbs).containsExactly("list");
        assertThat(allowed).noneMatch(a -> a.endsWith("/secrets"));

        // nothing twice: one finding per drifting object, the audited episode kept its story
        live.assertNothingTwice(List.of(CONFIG, AUDITED, BEFORE_START, LATER), AUDITED, BEFORE_START, "web");
    }

    /** {@code kubectl scale deployment api --replicas=N} by Jane, as the API server audits it. */
    private static String scale(String auditId, Instant at, int replicas) {
        String t = at.truncatedTo(ChronoUnit.MILLIS).toString();
        return """
            {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "RequestResponse", "auditID": "%1$s",
             "stage": "ResponseComplete",
             "requestURI": "/apis/apps/v1/namespaces/checkout/deployments/api/scale",
             "verb": "patch", "user": {"username": "jane@example.com", "groups": ["system:authenticated"]},
             "sourceIPs": ["203.0.113.7"], "userAgent": "kubectl/v1.30.0 (linux/amd64) kubernetes/7c48c2b",
             "objectRef": {"resource": "deployments", "subresource": "scale", "namespace": "checkout",
                           "name": "api", "apiGroup": "apps", "apiVersion": "v1"},
             "responseStatus": {"metadata": {}, "code": 200},
             "requestObject": {"spec": {"replicas": %3$d}},
             "responseObject": {"kind": "Scale", "apiVersion": "autoscaling/v1", "spec": {"replicas": %3$d},
                                "status": {"replicas": 3}},
             "requestReceivedTimestamp": "%2$s", "stageTimestamp": "%2$s"}
            """.formatted(auditId, t, replicas);
    }
}
