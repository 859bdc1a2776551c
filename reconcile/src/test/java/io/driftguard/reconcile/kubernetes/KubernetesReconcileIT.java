package io.driftguard.reconcile.kubernetes;

import static io.driftguard.reconcile.ScanQueries.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.store.Database;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.live.IacSync;
import io.driftguard.pipeline.live.LiveJob;
import io.driftguard.reconcile.KafkaObservations;
import io.driftguard.reconcile.Reconciler;
import io.driftguard.reconcile.ScanQueries;
import io.driftguard.reconcile.ScanReport;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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

    private static LocalKafka kafka;
    private static LocalPostgres pg;
    private static Database db;
    private static JobClient job;
    private static FakeKubernetes k8s;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        k8s = new FakeKubernetes();
        System.setProperty("kubeconfig", k8s.kubeconfig(dir, CLUSTER).toString());
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 6, (short) 1);
        pg = LocalPostgres.start();
        db = new Database(pg.jdbcUrl(), "postgres", "");
        db.migrate();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        LiveJob.build(
                env,
                new LiveJob.Connections(kafka.bootstrapServers(), "reconcile-k8s-it", db),
                JobSettings.live(DriftGuardConfig.empty(), 1));
        job = env.executeAsync("driftguard-reconcile-k8s-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        pg.close();
        kafka.close();
        k8s.close();
        System.clearProperty("kubeconfig");
    }

    @Test
    void scansFindWhatTheAuditStreamMissedAndNeverRepeatWhatAnEpisodeReports() throws Exception {
        Path iac = dir.resolve("iac");
        KubernetesManifests.write(iac, CLUSTER, KubernetesManifests.ALL);
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            assertThat(sync.sync(iac, new ArrayList<>())).isEqualTo(7);
        }
        // Live: before DriftGuard started someone put a debug image on web and turned its config's log
        // level up; Jane scales api by hand through a call the audit stream delivers.
        KubernetesManifests.ALL.forEach(k8s::apply);
        ((ObjectNode) k8s.get("apps", "deployments", "checkout", "web").at("/spec/template/spec/containers/0"))
                .put("image", "registry.example.com/checkout/web:1.4.2-debug");
        ((ObjectNode) k8s.get("", "configmaps", "checkout", "settings").path("data")).put("LOG_LEVEL", "debug");
        ((ObjectNode) k8s.get("apps", "deployments", "checkout", "api").path("spec")).put("replicas", 10);
        try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
            var record = new ProducerRecord<>(
                    KafkaTopics.raw(Sources.K8S_AUDIT),
                    AUDITED.getBytes(StandardCharsets.UTF_8),
                    scale("a1f0c2d4-0e5b-4c7a-9d3e-5b6a7c8d9e01", Instant.now().minus(Duration.ofMinutes(3)), 10)
                            .getBytes(StandardCharsets.UTF_8));
            record.headers().add(RawHeaders.CLUSTER, CLUSTER.getBytes(StandardCharsets.UTF_8));
            p.send(record).get();
        }
        assertThat(await(() -> rows(
                        "SELECT found_by || ' ' || actor_type FROM findings WHERE resource_id = '" + AUDITED + "'")))
                .containsExactly("audit_event human");

        try (KafkaObservations sink = new KafkaObservations(kafka.bootstrapServers(), new Properties());
                Reconciler reconciler =
                        new Reconciler(KubernetesReaders.create(Map.of(), 50, 2), sink, Clock.systemUTC())) {
            ScanReport first = reconciler.scan(iac);
            assertThat(first.problems()).isEmpty();
            assertThat(first.observed()).isEqualTo(7);
            assertThat(k8s.calls)
                    .as("three deployments, two a page: both pages read")
                    .filteredOn(c -> c.resource().equals("deployments"))
                    .hasSize(2);

            List<String> found = await(
                    () -> rows("SELECT resource_id FROM findings WHERE found_by = 'reconcile_scan' ORDER BY 1"), 2);
            assertThat(found).containsExactly(CONFIG, BEFORE_START);
            assertThat(rows("SELECT DISTINCT actor_type FROM findings WHERE found_by = 'reconcile_scan'"))
                    .containsExactly("unknown");
            assertThat(rows("SELECT path FROM finding_changes JOIN findings USING (finding_id) WHERE resource_id = '"
                            + BEFORE_START + "'"))
                    .containsExactly("spec.template.spec.containers.web.image");
            assertThat(rows("SELECT count(*) FROM findings WHERE resource_id = '" + LATER + "'"))
                    .as("no drift on it yet")
                    .containsExactly("0");

            // someone adds an env var to worker; its audit record never reaches DriftGuard (an audit
            // policy that drops it, a webhook outage)
            ((ObjectNode) k8s.get("apps", "deployments", "checkout", "worker").at("/spec/template/spec/containers/0"))
                    .withArray("env")
                    .addObject()
                    .put("name", "FEATURE_FLAGS")
                    .put("value", "all");
            ScanReport second = reconciler.scan(iac);
            assertThat(second.differing()).hasSize(4);
            assertThat(await(() -> rows("SELECT found_by FROM findings WHERE resource_id = '" + LATER + "'")))
                    .containsExactly("reconcile_scan");
            assertThat(rows("SELECT path FROM finding_changes JOIN findings USING (finding_id) WHERE resource_id = '"
                            + LATER + "'"))
                    .containsExactly("spec.template.spec.containers.worker.env");
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
        assertThat(rows("SELECT resource_id || ' ' || count(*) FROM findings GROUP BY resource_id ORDER BY 1"))
                .containsExactly(CONFIG + " 1", AUDITED + " 1", BEFORE_START + " 1", LATER + " 1");
        assertThat(rows("SELECT found_by || ' ' || actor_type || ' ' || status FROM findings WHERE resource_id = '"
                        + AUDITED + "'"))
                .containsExactly("audit_event human open");
        assertThat(rows("SELECT count(*) FROM finding_source_events s JOIN findings f USING (finding_id)"
                        + " WHERE f.resource_id = '" + AUDITED + "' AND s.event_id LIKE 'scan:%'"))
                .as("the scans restated what the episode reports")
                .containsExactly("0");
        assertThat(rows("SELECT count(*) FROM finding_source_events s JOIN findings f USING (finding_id)"
                        + " WHERE f.resource_id = '" + BEFORE_START + "'"))
                .as("the second scan saw nothing new on web")
                .containsExactly("1");
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

    private static List<String> rows(String sql) throws Exception {
        return ScanQueries.rows(db, sql);
    }
}
