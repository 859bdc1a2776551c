package io.driftguard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.testkit.MonitoringConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port over a real PostgreSQL: Flyway migrations from the core
 * jar, rows written as the job writes them, and every call made over HTTP as a client would.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"driftguard.feed.poll-interval=200ms", "driftguard.metrics.refresh=0s"})
class DashboardIT {

    static final TestDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void fixtures() {
        Findings.writeAll(DB);
    }

    @Test
    void appliesTheSharedMigrationsAndToleratesThemAlreadyApplied() {
        assertThat(jdbc.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                        .query(String.class)
                        .list())
                .contains("1");
        // The job runs the same migrations against the same database: nothing left to do.
        var second = Flyway.configure()
                .dataSource(DB.dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        assertThat(second.migrationsExecuted).isZero();
    }

    @Test
    void servesTheFindingsTheJobWrote() throws Exception {
        HttpResponse<String> response = get("/api/findings", "viewer");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = Json.MAPPER.readTree(response.body());
        assertThat(list).hasSize(4);
        // Each element is the document that was written (jsonb keeps the JSON, not its key order).
        for (JsonNode node : list) {
            Finding written = Findings.all().stream()
                    .filter(f -> f.findingId().equals(node.get("finding_id").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(node).isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(written)));
        }
        assertThat(get("/api/findings", null).statusCode()).isEqualTo(401);
    }

    @Test
    void approvalWritesTheDecisionAndTheAuditEntry() throws Exception {
        HttpResponse<String> response = post(
                "/api/findings/f-aws-sg-ssh/approvals",
                "editor",
                "{\"decision\":\"approved\",\"comment\":\"revert now\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        long approvalId =
                Json.MAPPER.readTree(response.body()).get("approval_id").asLong();

        assertThat(jdbc.sql("SELECT decided_by || '/' || decision || '/' || recommendation || '/' || finding_version"
                                + " FROM approvals WHERE approval_id = ?")
                        .param(approvalId)
                        .query(String.class)
                        .single())
                .isEqualTo("editor/approved/auto_revert/3");
        JsonNode audit = Json.MAPPER.readTree(get("/api/audit-log", "admin").body());
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("editor");
            assertThat(e.get("action").asText()).isEqualTo("approval.approved");
            assertThat(e.get("finding_id").asText()).isEqualTo("f-aws-sg-ssh");
            assertThat(e.get("detail").get("approval_id").asLong()).isEqualTo(approvalId);
        });
    }

    @Test
    void theAuditLogRefusesUpdatesAndDeletes() {
        jdbc.sql("INSERT INTO audit_log (actor, action) VALUES ('test', 'test.entry')")
                .update();
        assertThatThrownBy(() ->
                        jdbc.sql("UPDATE audit_log SET actor = 'someone else'").update())
                .hasMessageContaining("audit_log is append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_log").update())
                .hasMessageContaining("audit_log is append-only");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE actor = 'test'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void prometheusScrapesWithoutLoginAndShowsTheGauges() throws Exception {
        Findings.deadLetter(DB, "gcp-audit", "events/gcp-audit/x.jsonl#7", "line 7: not JSON", "{oops");
        HttpResponse<String> response = get("/actuator/prometheus", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("driftguard_findings_open{severity=\"high\"} 1.0")
                .contains("driftguard_findings_open{severity=\"medium\"} 1.0")
                .contains("driftguard_findings_open{severity=\"pending\"} 1.0")
                // The autoscaler finding is resolved, so no open low-severity finding.
                .contains("driftguard_findings_open{severity=\"low\"} 0.0")
                .contains("driftguard_dead_letters_last_hour 1.0")
                .containsPattern("driftguard_approvals\\{decision=\"approved\"} \\d");
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(Json.MAPPER
                        .readTree(get("/actuator/health", "admin").body())
                        .at("/components/db/status")
                        .asText())
                .isEqualTo("UP");
    }

    @Test
    void outcomeMeasuresAreServedAndScraped() throws Exception {
        Finding resolved = Findings.resolvedAutoscale();
        double hours = Duration.between(resolved.firstEventTime(), resolved.resolvedAt())
                        .toMillis()
                / 3_600_000.0;
        JsonNode outcomes = Json.MAPPER.readTree(get("/api/outcomes", "viewer").body());
        assertThat(outcomes.get("drift_findings").asLong()).isEqualTo(3); // the three judged drift fixtures
        assertThat(outcomes.get("mean_hours_to_resolve").asDouble()).isCloseTo(hours, within(0.001));
        String body = get("/actuator/prometheus", null).body();
        assertThat(body)
                .contains("driftguard_outcome_mean_hours_to_resolve_by_cause{cause=\"automated_response\"} " + hours)
                .containsPattern("driftguard_outcome_share_decided \\d")
                .containsPattern("driftguard_outcome_share_followed \\d");
        assertThat(get("/outcomes", "viewer").body()).contains("<title>DriftGuard · Outcomes</title>");
        assertThat(get("/approvals", "viewer").body()).contains("<title>DriftGuard · Approvals</title>");
    }

    @Test
    void prometheusExportsEveryDashboardMetricTheAlertsAndGrafanaName() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Findings.write(
                DB,
                Findings.sshOpenToWorld().toBuilder()
                        .findingId("f-detected-now")
                        .firstEventTime(now.minusSeconds(3))
                        .lastEventTime(now.minusSeconds(3))
                        .detectedAt(now)
                        .build());
        String body;
        try {
            body = get("/actuator/prometheus", null).body();
        } finally {
            // The other tests count the four fixtures.
            jdbc.sql("DELETE FROM findings WHERE finding_id = 'f-detected-now'").update();
        }
        assertThat(body)
                .contains("driftguard_detection_lag_seconds{quantile=\"0.5\"} 3.0")
                .contains("driftguard_findings_detected_last_hour 1.0")
                .contains("driftguard_findings_open_by_cause{cause=\"configuration_error\"} 2.0");
        Set<String> wanted = new TreeSet<>(MonitoringConfig.metricsNamed("driftguard_"));
        wanted.removeIf(name -> name.startsWith("driftguard_ingest_")); // the connectors' (WebhookReceiverIT)
        wanted.removeIf(name -> name.startsWith("driftguard_notify_")); // the Slack notifier's (SlackNotifierIT)
        wanted.addAll(MonitoringConfig.metricsNamed("hikaricp_"));
        assertThat(wanted).isNotEmpty();
        assertThat(MonitoringConfig.exported(body))
                .as("named in deploy/monitoring, exported by the dashboard")
                .containsAll(wanted);
    }

    @Test
    void theStreamPushesFindingsAsTheJobWritesThem() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/findings/stream"))
                .header("Authorization", basic("viewer"))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<Void> opened = new CompletableFuture<>();
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = lines.readLine()) != null; ) {
                        opened.complete(null);
                        if (line.startsWith("data:") && line.contains("f-new-while-watching")) {
                            return line;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // The stream's opening comment: this client is subscribed. The poller's first look for it
            // reaches back before the database's "now", so a row written from here on is pushed.
            opened.get(10, TimeUnit.SECONDS);
            Finding later = Findings.sshOpenToWorld();
            Findings.write(
                    DB,
                    new Finding(
                            "f-new-while-watching",
                            1,
                            later.kind(),
                            later.cloud(),
                            later.account(),
                            later.region(),
                            "sg-0ffffffffffffffff",
                            later.resourceType(),
                            later.iac(),
                            FindingStatus.OPEN,
                            null,
                            later.changes(),
                            java.util.List.of("7a7a7a7a-0000-0000-0000-000000000001"),
                            later.actor(),
                            later.firstEventTime(),
                            later.lastEventTime(),
                            later.detectedAt(),
                            null,
                            later.trigger(),
                            later.service(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            List.of()));
            String data = received.get(10, TimeUnit.SECONDS);
            JsonNode pushed = Json.MAPPER.readTree(data.substring("data:".length()));
            assertThat(pushed)
                    .anySatisfy(f -> assertThat(f.get("resource_id").asText()).isEqualTo("sg-0ffffffffffffffff"));
        } finally {
            jdbc.sql("DELETE FROM findings WHERE finding_id = 'f-new-while-watching'")
                    .update();
        }
    }

    @Test
    void pagesAreServedToSignedInUsers() throws Exception {
        HttpResponse<String> page = get("/findings/f-aws-sg-ssh", "viewer");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>DriftGuard · Finding</title>");
        assertThat(get("/", "viewer").body()).contains("Drift feed");
        assertThat(get("/admin", "viewer").statusCode()).isEqualTo(403);
    }

    @Test
    void errorsAreBrandedPagesForBrowsersAndProblemDetailsForTheApi() throws Exception {
        HttpResponse<String> forbiddenPage = send(HttpRequest.newBuilder(uri("/admin"))
                .header("Authorization", basic("viewer"))
                .header("Accept", "text/html"));
        assertThat(forbiddenPage.statusCode()).isEqualTo(403);
        assertThat(forbiddenPage.body())
                .contains("Your role does not allow this")
                .doesNotContain("Whitelabel");

        HttpResponse<String> missingPage = send(HttpRequest.newBuilder(uri("/no/such/page"))
                .header("Authorization", basic("viewer"))
                .header("Accept", "text/html"));
        assertThat(missingPage.statusCode()).isEqualTo(404);
        assertThat(missingPage.body()).contains("Nothing here").doesNotContain("Whitelabel");

        HttpResponse<String> forbidden = get("/api/dead-letters", "viewer");
        assertProblem(forbidden, 403, "your role does not allow this");
        HttpResponse<String> anonymous = get("/api/findings", null);
        assertProblem(anonymous, 401, "sign in first");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"DriftGuard\"");
        HttpResponse<String> wrongPassword = send(HttpRequest.newBuilder(uri("/api/findings"))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("viewer:nope".getBytes(StandardCharsets.UTF_8))));
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
        assertProblem(get("/api/no-such-thing", "viewer"), 404, null);
        assertProblem(get("/api/findings/page?size=0", "viewer"), 400, "size must be between 1 and 200");
        assertProblem(get("/api/findings/f-none", "viewer"), 404, "no finding with id 'f-none'");
    }

    @Test
    void theSignInPageIsBranded() throws Exception {
        HttpResponse<String> login = get("/login", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<title>DriftGuard · Sign in</title>").contains("name=\"password\"");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        if (detail != null) {
            assertThat(problem.path("detail").asText()).contains(detail);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", basic(user));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String user, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", basic(user))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The demo users' passwords are their names (application.yaml). */
    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
