package io.driftguard.ingest.connect.webhook;

import static io.driftguard.ingest.connect.RawRecords.originContains;
import static io.driftguard.testkit.LocalKafka.header;
import static io.driftguard.testkit.LocalKafka.key;
import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.Forwarder;
import io.driftguard.ingest.connect.kafka.KafkaSettings;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.connect.kafka.RawPublisher;
import io.driftguard.ingest.connect.metrics.IngestMetrics;
import io.driftguard.testkit.LocalKafka;
import io.driftguard.testkit.MonitoringConfig;
import io.driftguard.testkit.Samples;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhook receiver over real HTTP, publishing to a real broker. */
class WebhookReceiverIT {

    static final Map<String, String> ENV = Map.of(
            "DRIFTGUARD_GITHUB_WEBHOOK_SECRET", "gh-secret",
            "DRIFTGUARD_GITLAB_WEBHOOK_TOKEN", "gl-token",
            "DRIFTGUARD_PAGERDUTY_WEBHOOK_SECRET", "pd-secret",
            "DRIFTGUARD_JIRA_WEBHOOK_SECRET", "jira-secret",
            "DRIFTGUARD_ALERTMANAGER_WEBHOOK_TOKEN", "am-token",
            "DRIFTGUARD_K8S_AUDIT_WEBHOOK_TOKEN", "k8s-token");

    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    static LocalKafka kafka;
    static RawPublisher publisher;
    static IngestMetrics metrics = new IngestMetrics();
    static WebhookReceiver receiver;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 4, (short) 1);
        publisher = RawPublisher.create(KafkaSettings.of(kafka.bootstrapServers()), metrics);
        receiver = WebhookReceiver.start(
                WebhookSettings.fromEnv("127.0.0.1", 0, ENV).withLimits(64 * 1024, Duration.ofSeconds(10)),
                new Forwarder(publisher, metrics),
                metrics);
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
        publisher.close();
        kafka.close();
    }

    private static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, byte[] body) {
        return Signatures.hex(Signatures.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    @Test
    void githubPushWithAGoodSignatureIsPublishedInTheReplayShape() throws Exception {
        byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
        String delivery = UUID.randomUUID().toString();
        var res = post(
                "/webhooks/github",
                body,
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                delivery,
                "X-Hub-Signature-256",
                "sha256=" + hmac("gh-secret", body),
                "Content-Type",
                "application/json");

        assertThat(res.statusCode()).isEqualTo(202);
        var out = kafka.read(KafkaTopics.raw(Sources.GITHUB), originContains(delivery), 1, READ_TIMEOUT);
        assertThat(out).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(out.get(0).value());
        assertThat(line.path("event").asText()).isEqualTo("push");
        assertThat(line.path("delivery").asText()).isEqualTo(delivery);
        assertThat(line.path("payload")).isEqualTo(Json.MAPPER.readTree(body));
        assertThat(header(out.get(0), RawHeaders.ORIGIN)).isEqualTo("github:" + delivery);
        assertThat(key(out.get(0)))
                .isEqualTo(Json.MAPPER
                        .readTree(body)
                        .path("repository")
                        .path("full_name")
                        .asText());
    }

    /**
     * Every connector metric an alert rule or a Grafana dashboard names (deploy/monitoring) is on the
     * receiver's /metrics once it has seen a delivery, a bad signature and an unusable body.
     */
    @Test
    void exportsEveryMetricTheAlertsAndDashboardsName() throws Exception {
        byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
        post(
                "/webhooks/github",
                body,
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                "metrics-1",
                "X-Hub-Signature-256",
                "sha256=" + hmac(ENV.get("DRIFTGUARD_GITHUB_WEBHOOK_SECRET"), body));
        post(
                "/webhooks/github",
                body,
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                "metrics-2",
                "X-Hub-Signature-256",
                "sha256=00");
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
        post(
                "/webhooks/github",
                garbage,
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                "metrics-3",
                "X-Hub-Signature-256",
                "sha256=" + hmac(ENV.get("DRIFTGUARD_GITHUB_WEBHOOK_SECRET"), garbage));
        String exposition = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Set<String> wanted = MonitoringConfig.metricsNamed("driftguard_ingest_");
        assertThat(wanted).isNotEmpty();
        assertThat(MonitoringConfig.exported(exposition))
                .as("named in deploy/monitoring, exported by the webhook receiver")
                .containsAll(wanted);
    }

    @Test
    void badOrMissingSignatureIs401AndCountedAndNothingIsPublished() throws Exception {
        byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
        String delivery = UUID.randomUUID().toString();
        double before = metrics.count("driftguard.ingest.unauthorized", Sources.GITHUB, null);

        var wrongSecret = post(
                "/webhooks/github",
                body,
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                delivery,
                "X-Hub-Signature-256",
                "sha256=" + hmac("not-the-secret", body));
        var missing = post("/webhooks/github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", delivery);
        byte[] tampered = (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        var tamperedBody = post(
                "/webhooks/github",
                tampered,
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                delivery,
                "X-Hub-Signature-256",
                "sha256=" + hmac("gh-secret", body));

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(tamperedBody.statusCode()).isEqualTo(401);
        assertThat(metrics.count("driftguard.ingest.unauthorized", Sources.GITHUB, null))
                .isEqualTo(before + 3);
        assertThat(kafka.read(KafkaTopics.raw(Sources.GITHUB), originContains(delivery), 0, READ_TIMEOUT))
                .isEmpty();
    }

    @Test
    void oversizeBodyIs413AndWrongMethodIs405() throws Exception {
        byte[] big = new byte[64 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        var declared = post("/webhooks/alertmanager", big, "Authorization", "Bearer am-token");
        // chunked: no Content-Length, so the limit is enforced while reading
        var chunked = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/alertmanager"))
                        .header("Authorization", "Bearer am-token")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var get = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/github"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void duplicateDeliveryIsPublishedOnceAndAnswered200() throws Exception {
        byte[] body = Samples.bytes("tickets/pagerduty-v3-incident.triggered.json");
        String marker = UUID.randomUUID().toString();
        // make the body unique per run: the delivery id of PagerDuty is the body's hash
        body = (new String(body, StandardCharsets.UTF_8).trim() + "\n\n".repeat(1) + "")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode json = Json.MAPPER.readTree(body);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("event")).put("id", marker);
        body = Json.MAPPER.writeValueAsBytes(json);
        String sig = "v1=" + hmac("old-secret", body) + ",v1=" + hmac("pd-secret", body);

        var first = post("/webhooks/pagerduty", body, "X-PagerDuty-Signature", sig);
        var second = post("/webhooks/pagerduty", body, "X-PagerDuty-Signature", sig);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("duplicate");
        var out = kafka.read(
                KafkaTopics.raw(Sources.PAGERDUTY),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker),
                1,
                READ_TIMEOUT);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value()).isEqualTo(body);
        assertThat(key(out.get(0)))
                .isEqualTo(json.path("event").path("data").path("id").asText());
    }

    @Test
    void gitlabJiraAndAlertmanagerVerifyTheirOwnWay() throws Exception {
        byte[] gitlab = Samples.bytes("git-webhook/gitlab-push-hook.json");
        String uuid = UUID.randomUUID().toString();
        assertThat(post(
                                "/webhooks/gitlab",
                                gitlab,
                                "X-Gitlab-Token",
                                "wrong",
                                "X-Gitlab-Event",
                                "Push Hook",
                                "X-Gitlab-Event-UUID",
                                uuid)
                        .statusCode())
                .isEqualTo(401);
        assertThat(post(
                                "/webhooks/gitlab",
                                gitlab,
                                "X-Gitlab-Token",
                                "gl-token",
                                "X-Gitlab-Event",
                                "Push Hook",
                                "X-Gitlab-Event-UUID",
                                uuid)
                        .statusCode())
                .isEqualTo(202);
        var gl = kafka.read(KafkaTopics.raw(Sources.GITLAB), originContains(uuid), 1, READ_TIMEOUT);
        assertThat(gl).hasSize(1);
        assertThat(Json.MAPPER.readTree(gl.get(0).value()).path("event").asText())
                .isEqualTo("Push Hook");

        byte[] jira = Samples.bytes("tickets/jira-webhook-issue_created.json");
        String jiraId = UUID.randomUUID().toString();
        assertThat(post(
                                "/webhooks/jira",
                                jira,
                                "X-Hub-Signature",
                                "sha256=" + hmac("jira-secret", jira),
                                "X-Atlassian-Webhook-Identifier",
                                jiraId)
                        .statusCode())
                .isEqualTo(202);
        assertThat(post("/webhooks/jira?secret=jira-secret", jira, "X-Atlassian-Webhook-Identifier", jiraId + "-q")
                        .statusCode())
                .isEqualTo(202);
        assertThat(post("/webhooks/jira?secret=nope", jira).statusCode()).isEqualTo(401);
        assertThat(kafka.read(KafkaTopics.raw(Sources.JIRA), originContains(jiraId), 2, READ_TIMEOUT))
                .hasSize(2);

        byte[] am = Samples.bytes("monitoring/alertmanager-webhook-prom_post_request.json");
        assertThat(post("/webhooks/alertmanager", am, "Authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        int status = post("/webhooks/alertmanager", am, "Authorization", "Bearer am-token")
                .statusCode();
        assertThat(status).isIn(200, 202); // 200 if an earlier run in this JVM already sent the same body
    }

    @Test
    void kubernetesEventListIsSplitIntoOneMessagePerEventWithTheCluster() throws Exception {
        String e1 = new String(
                        Samples.bytes("kubernetes/panther-test-audit-event-clusterrole-update.json"),
                        StandardCharsets.UTF_8)
                .trim();
        String e2 = new String(
                        Samples.bytes("kubernetes/panther-test-audit-event-service-nodeport-create.json"),
                        StandardCharsets.UTF_8)
                .trim();
        String cluster = "prod-" + UUID.randomUUID().toString().substring(0, 6);
        byte[] list = ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[" + e1
                        + "," + e2 + "]}")
                .getBytes(StandardCharsets.UTF_8);

        var res = post("/webhooks/k8s-audit?cluster=" + cluster, list, "Authorization", "Bearer k8s-token");

        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(res.body()).contains("\"published\":2");
        var out = kafka.read(
                KafkaTopics.raw(Sources.K8S_AUDIT),
                r -> cluster.equals(header(r, RawHeaders.CLUSTER)),
                2,
                READ_TIMEOUT);
        assertThat(out).hasSize(2);
        assertThat(out)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(e1, e2);
        JsonNode first = Json.MAPPER.readTree(e1);
        // the path form names the cluster too
        String other = cluster + "-path";
        assertThat(post(
                                "/webhooks/k8s-audit/" + other,
                                (new String(list, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8),
                                "Authorization",
                                "Bearer k8s-token")
                        .statusCode())
                .isEqualTo(202);
        assertThat(kafka.read(
                        KafkaTopics.raw(Sources.K8S_AUDIT),
                        r -> other.equals(header(r, RawHeaders.CLUSTER)),
                        2,
                        READ_TIMEOUT))
                .hasSize(2);
        assertThat(out)
                .extracting(LocalKafka::key)
                .contains(cluster + "/"
                        + first.path("objectRef").path("namespace").asText("") + "/"
                        + first.path("objectRef").path("resource").asText() + "/"
                        + first.path("objectRef").path("name").asText());
    }

    @Test
    void verifiedBodyThatIsNotJsonIs400AndDeadLettered() throws Exception {
        byte[] body = ("not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var res = post("/webhooks/alertmanager", body, "Authorization", "Bearer am-token");
        assertThat(res.statusCode()).isEqualTo(400);
        var dead = kafka.read(KafkaTopics.DEAD_LETTERS, r -> java.util.Arrays.equals(r.value(), body), 1, READ_TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), RawHeaders.REASON)).startsWith("not-json: ");
    }

    @Test
    void kafkaUnavailableIs503SoTheSenderRetriesAndTheRetryIsNotADuplicate() throws Exception {
        IngestMetrics m = new IngestMetrics();
        try (RawPublisher dead = RawPublisher.create(
                        KafkaSettings.of("127.0.0.1:1").withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)),
                        m);
                WebhookReceiver down = WebhookReceiver.start(
                        WebhookSettings.fromEnv("127.0.0.1", 0, ENV).withLimits(64 * 1024, Duration.ofSeconds(5)),
                        new Forwarder(dead, m),
                        m)) {
            byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
            String delivery = UUID.randomUUID().toString();
            String[] headers = {
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                delivery,
                "X-Hub-Signature-256",
                "sha256=" + hmac("gh-secret", body)
            };
            var send = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port() + "/webhooks/github"))
                    .headers(headers)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();

            var first = http.send(send, HttpResponse.BodyHandlers.ofString());
            var retry = http.send(send, HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(first.headers().firstValue("Retry-After")).isPresent();
            assertThat(retry.statusCode()).isEqualTo(503); // tried again, not answered "duplicate"
            assertThat(m.count("driftguard.ingest.duplicate", Sources.GITHUB, null))
                    .isZero();
        }
    }

    /**
     * A delivery waiting for Kafka's acknowledgement holds no request thread, and how many may wait
     * is bounded. The producer here holds its records for 30 s to fill a batch ({@code linger.ms}),
     * so nothing is acknowledged within the receiver's 3 s. With one request thread and two
     * deliveries waiting, a bad signature is still answered at once; a third delivery is answered 503
     * at once (over the pending limit of two) and counted; the two waiting get 503 with
     * {@code Retry-After} at the acknowledgement time-out, after which a delivery is taken in again.
     */
    @Test
    void deliveriesWaitingForKafkaHoldNoThreadAndBeyondThePendingLimitAre503AtOnce() throws Exception {
        IngestMetrics m = new IngestMetrics();
        KafkaSettings lingering = new KafkaSettings(
                kafka.bootstrapServers(), null, Duration.ofSeconds(90), null, Duration.ofSeconds(30), null);
        try (RawPublisher publisher = RawPublisher.create(lingering, m);
                WebhookReceiver waiting = WebhookReceiver.start(
                        WebhookSettings.fromEnv("127.0.0.1", 0, ENV)
                                .withLimits(64 * 1024, Duration.ofSeconds(3))
                                .withPool(1, 4, 2),
                        new Forwarder(publisher, m),
                        m)) {
            byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
            String good = "sha256=" + hmac("gh-secret", body);
            var first = http.sendAsync(github(waiting, body, good), ofString());
            var second = http.sendAsync(github(waiting, body, good), ofString());
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (m.count("driftguard.ingest.received", Sources.GITHUB, null) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(m.count("driftguard.ingest.received", Sources.GITHUB, null))
                    .as("both deliveries handed to the producer")
                    .isEqualTo(2);

            var bad = http.send(github(waiting, body, "sha256=00"), ofString());
            var third = http.send(github(waiting, body, good), ofString());

            assertThat(bad.statusCode()).as("the only request thread is free").isEqualTo(401);
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.body()).contains("too many deliveries waiting");
            assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(first).as("still waiting for Kafka").isNotDone();
            assertThat(m.count("driftguard.ingest.busy", Sources.GITHUB, null)).isEqualTo(1);
            for (var waited : List.of(first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS))) {
                assertThat(waited.statusCode()).isEqualTo(503);
                assertThat(waited.body()).contains("event store unavailable");
                assertThat(waited.headers().firstValue("Retry-After")).hasValue("30");
            }

            var fourth = http.send(github(waiting, body, good), ofString());
            assertThat(fourth.body())
                    .as("taken in again once the others were answered")
                    .contains("event store unavailable");
            assertThat(m.count("driftguard.ingest.busy", Sources.GITHUB, null)).isEqualTo(1);
        }
    }

    /** A GitHub push with a fresh delivery id to {@code receiver}. */
    private static HttpRequest github(WebhookReceiver receiver, byte[] body, String signature) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/github"))
                .headers(
                        "X-GitHub-Event",
                        "push",
                        "X-GitHub-Delivery",
                        UUID.randomUUID().toString(),
                        "X-Hub-Signature-256",
                        signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
        post(
                "/webhooks/github",
                body,
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                UUID.randomUUID().toString(),
                "X-Hub-Signature-256",
                "sha256=" + hmac("gh-secret", body));
        var res = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body())
                .contains("driftguard_ingest_published_total{source=\"github\"}")
                .contains("driftguard_ingest_received_total{source=\"github\"}")
                .contains("driftguard_ingest_newest_record_age_seconds{source=\"github\"}");
    }
}
