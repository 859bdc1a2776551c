package io.driftguard.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.config.SlackSettings;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.FindingStore;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.testkit.LocalPostgres;
import io.driftguard.testkit.MonitoringConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier against a real PostgreSQL and a fake of Slack's Web API, with the real Slack SDK
 * client in between: what a channel would show, and what Slack is sent when it pushes back.
 */
class SlackNotifierIT {

    static final Instant T0 = Instant.parse("2026-03-14T09:12:31Z");

    static LocalPostgres postgres;
    Database database;
    FakeSlack fake;
    SlackPoster poster;

    @BeforeAll
    static void startPostgres() {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    NotifyMetrics metrics;

    @BeforeEach
    void freshDatabaseAndSlack() throws Exception {
        database = new Database(postgres.createDatabase(), "postgres", null);
        database.migrate();
        fake = new FakeSlack();
        metrics = new NotifyMetrics();
        poster = new SlackPoster(
                new SlackEnvironment(FakeSlack.TOKEN, "#drift", fake.apiUrl()),
                new SlackPoster.Retries(4, Duration.ofMillis(50), Duration.ofSeconds(5)),
                metrics);
    }

    @AfterEach
    void stopSlack() throws Exception {
        poster.close();
        fake.close();
    }

    SlackNotifier notifier(SlackSettings settings) {
        return new SlackNotifier(database, settings, "#drift", poster, Clock.systemUTC());
    }

    void write(Finding... findings) throws Exception {
        try (Connection c = database.connect()) {
            new FindingStore(c).upsert(List.of(findings));
        }
    }

    static Finding finding(String id, String service, Severity severity) {
        return Finding.builder()
                .findingId(id)
                .version(1001)
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.AWS)
                .account("123456789012")
                .region("eu-west-1")
                .resourceId("sg-" + id)
                .resourceType("aws_security_group")
                .status(FindingStatus.OPEN)
                .changes(List.of(new Change("ingress", "[]", "[{\"from_port\":22}]", true)))
                .sourceEvents(List.of("ev-" + id))
                .actor(new Finding.FindingActor(
                        "arn:aws:sts::123456789012:assumed-role/Developer/jane.doe", "human", "jane.doe"))
                .firstEventTime(T0)
                .lastEventTime(T0)
                .detectedAt(T0.plusSeconds(2))
                .trigger(new Finding.Trigger(
                        "ev-" + id, "AuthorizeSecurityGroupIngress", "203.0.113.7", "aws-cli", false))
                .service(service)
                .cause(Cause.CONFIGURATION_ERROR)
                .causeConfidence(0.86)
                .severity(severity)
                .recommendation(Recommendation.AUTO_REVERT)
                .recommendationConfidence(0.9)
                .reasoning("Nothing explains the change.")
                .build();
    }

    static long count(Database database, String sql) throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anEpisodeIsOneBlockKitMessageAndItsUpdatesAndResolutionAreThreadReplies() throws Exception {
        Finding v1 = finding("dg-0001", "web", Severity.HIGH);
        write(v1);
        SlackNotifier notifier = notifier(SlackSettings.defaults());
        notifier.pollOnce();

        List<FakeSlack.Call> posts = fake.calls("chat.postMessage");
        assertThat(posts).hasSize(1);
        FakeSlack.Call first = posts.get(0);
        assertThat(first.authorization()).isEqualTo("Bearer " + FakeSlack.TOKEN);
        assertThat(first.form()).containsEntry("channel", "#drift").doesNotContainKey("thread_ts");
        assertThat(first.blocks())
                .contains("\"type\":\"header\"", "sg-dg-0001", "jane.doe", "configuration_error", "86 %", "high")
                .contains("auto_revert", "AuthorizeSecurityGroupIngress", "http://localhost:8080/findings/dg-0001");
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT channel, ts FROM slack_messages WHERE finding_id = 'dg-0001'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(FakeSlack.CHANNEL_ID);
            assertThat(rs.getString(2)).matches("\\d+\\.\\d{6}");
        }

        // new evidence changes the cause: a reply in the thread
        write(v1.toBuilder()
                .version(1002)
                .cause(Cause.EMERGENCY_FIX)
                .causeConfidence(0.7)
                .recommendation(Recommendation.ESCALATE_FOR_REVIEW)
                .build());
        notifier.pollOnce();
        posts = fake.calls("chat.postMessage");
        assertThat(posts).hasSize(2);
        String threadTs = posts.get(1).threadTs();
        assertThat(threadTs).isNotNull();
        assertThat(posts.get(1).text()).contains("emergency_fix", "escalate_for_review");

        // a restarted notifier posts nothing again
        SlackNotifier restarted = notifier(SlackSettings.defaults());
        restarted.pollOnce();
        assertThat(fake.calls()).hasSize(2);

        // the revert resolves the episode: a reply, and the first message shows it
        write(v1.toBuilder()
                .version(2001)
                .status(FindingStatus.RESOLVED)
                .resolution(Resolution.REVERTED)
                .resolvedAt(T0.plusSeconds(600))
                .build());
        restarted.pollOnce();
        posts = fake.calls("chat.postMessage");
        assertThat(posts).hasSize(3);
        assertThat(posts.get(2).threadTs()).isEqualTo(threadTs);
        assertThat(posts.get(2).text()).contains("Resolved", "reverted");
        List<FakeSlack.Call> updates = fake.calls("chat.update");
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).form()).containsEntry("ts", threadTs).containsEntry("channel", FakeSlack.CHANNEL_ID);
        assertThat(updates.get(0).blocks()).contains("Resolved");
    }

    @Test
    void theAssistantsFirstAnalysisIsPostedOnceInTheFindingsThreadWithSlackMarkupEscaped() throws Exception {
        write(finding("dg-0002", "web", Severity.HIGH));
        SlackNotifier notifier = notifier(SlackSettings.defaults());
        notifier.pollOnce();
        String threadTs;
        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT ts FROM slack_messages WHERE finding_id = 'dg-0002'")) {
                rs.next();
                threadTs = rs.getString(1);
            }
            s.executeUpdate("INSERT INTO assistant_analyses (finding_id, finding_version, state, text, model)"
                    + " VALUES ('dg-0002', 1001, 'done', 'What happened: SSH opened. <!channel> <http://evil|click>',"
                    + " 'gemini-2.5-flash')");
        }
        notifier.pollOnce();
        notifier.pollOnce();
        List<FakeSlack.Call> posts = fake.calls("chat.postMessage");
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).threadTs()).isEqualTo(threadTs);
        assertThat(posts.get(1).form().get("text"))
                .contains("First analysis by the assistant", "gemini-2.5-flash", "What happened: SSH opened.")
                .contains("&lt;!channel&gt; &lt;http://evil|click&gt;")
                .doesNotContain("<!channel>");
        assertThat(count(database, "SELECT count(*) FROM assistant_analyses WHERE slack_posted_at IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void routesByServiceAndSeverityAndLeavesOutWhatIsBelowTheMinimum() throws Exception {
        SlackSettings settings = ConfigLoader.parse("""
                        slack:
                          min_severity: medium
                          routes:
                            - {service: checkout, channel: "#checkout-drift"}
                            - {cloud: aws, min_severity: high, channel: "#aws-high"}
                        """, "config.yaml").slack();
        write(
                finding("dg-0101", "checkout", Severity.MEDIUM),
                finding("dg-0102", "web", Severity.HIGH),
                finding("dg-0103", "web", Severity.MEDIUM),
                finding("dg-0104", "web", Severity.LOW));
        notifier(settings).pollOnce();
        Map<String, String> channelByResource = new java.util.TreeMap<>();
        for (FakeSlack.Call call : fake.calls("chat.postMessage")) {
            String blocks = call.blocks();
            String id = blocks.replaceAll("(?s).*/findings/(dg-\\d+).*", "$1");
            channelByResource.put(id, call.form().get("channel"));
        }
        assertThat(channelByResource)
                .containsExactlyEntriesOf(new java.util.TreeMap<>(
                        Map.of("dg-0101", "#checkout-drift", "dg-0102", "#aws-high", "dg-0103", "#drift")));
    }

    @Test
    void aSilencedFindingIsNotAnnounced() throws Exception {
        write(finding("dg-0201", "web", Severity.HIGH).toBuilder()
                .suppressedBy("exception rule 1 (approved by admin until 2026-03-21T09:00:00Z): known")
                .build());
        notifier(SlackSettings.defaults()).pollOnce();
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void aBurstAboveTheRateBecomesOneDigestWhoseThreadTakesTheUpdates() throws Exception {
        SlackSettings settings = new SlackSettings(null, 2, Duration.ofMillis(1500), null, List.of());
        for (int i = 1; i <= 5; i++) {
            write(finding("dg-030" + i, "web", Severity.HIGH));
        }
        SlackNotifier notifier = notifier(settings);
        notifier.pollOnce();
        assertThat(fake.calls("chat.postMessage"))
                .as("two messages, then the burst waits")
                .hasSize(2);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fake.calls("chat.postMessage").size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            notifier.pollOnce();
        }
        List<FakeSlack.Call> posts = fake.calls("chat.postMessage");
        assertThat(posts).hasSize(3);
        assertThat(posts.get(2).text()).isEqualTo("3 new drift episodes in a burst");
        assertThat(posts.get(2).blocks()).contains("dg-0303", "dg-0304", "dg-0305");
        assertThat(count(database, "SELECT count(*) FROM slack_messages WHERE digest"))
                .isEqualTo(3);
        assertThat(count(database, "SELECT count(DISTINCT ts) FROM slack_messages"))
                .isEqualTo(3);

        write(finding("dg-0304", "web", Severity.HIGH).toBuilder()
                .version(1002)
                .cause(Cause.SECURITY_RESPONSE)
                .build());
        notifier.pollOnce();
        posts = fake.calls("chat.postMessage");
        assertThat(posts).hasSize(4);
        assertThat(posts.get(3).threadTs()).as("in the digest's thread").isNotNull();
    }

    @Test
    void aRateLimitWaitsTheRetryAfterSlackAsksFor() throws Exception {
        fake.failNext(429, "2");
        write(finding("dg-0401", "web", Severity.HIGH));
        notifier(SlackSettings.defaults()).pollOnce();
        List<FakeSlack.Call> calls = fake.calls("chat.postMessage");
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(poster.rateLimitedWaits()).isEqualTo(1);
        assertThat(count(database, "SELECT count(*) FROM slack_messages")).isEqualTo(1);
    }

    @Test
    void transientErrorsAreRetriedWithBackoffAndAFinalErrorSkipsOnlyThatMessage() throws Exception {
        fake.errorNext("service_unavailable");
        fake.errorNext("service_unavailable");
        write(finding("dg-0501", "web", Severity.HIGH));
        notifier(SlackSettings.defaults()).pollOnce();
        List<FakeSlack.Call> calls = fake.calls("chat.postMessage");
        assertThat(calls).hasSize(3);
        Duration firstWait = Duration.between(calls.get(0).at(), calls.get(1).at());
        Duration secondWait = Duration.between(calls.get(1).at(), calls.get(2).at());
        assertThat(firstWait).as("first backoff").isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(secondWait).as("the backoff doubles").isGreaterThanOrEqualTo(Duration.ofMillis(100));

        fake.errorNext("channel_not_found");
        write(finding("dg-0502", "web", Severity.HIGH), finding("dg-0503", "web", Severity.HIGH));
        SlackNotifier notifier = notifier(SlackSettings.defaults());
        notifier.pollOnce();
        assertThat(fake.calls("chat.postMessage"))
                .as("the refused one once, not retried; the next posted")
                .hasSize(5);
        assertThat(count(database, "SELECT count(*) FROM slack_messages")).isEqualTo(2);
    }

    /**
     * The notifier dies right after Slack took a message and before its own record of it (here its
     * database connections are cut while Slack answers). Restarted, it finds the message in the
     * channel by its metadata and records it instead of announcing the finding a second time (which
     * it did before {@code slack_posts}); the finding's thread carries on, and a death right after a
     * thread reply does not repeat the reply either.
     */
    @Test
    void aNotifierThatDiesBetweenSlacksAnswerAndItsRecordPostsNothingTwice() throws Exception {
        write(finding("dg-0801", "web", Severity.HIGH));
        fake.afterNextPost(this::cutTheNotifiersDatabaseConnections);
        SlackNotifier dying = notifier(SlackSettings.defaults());
        assertThatThrownBy(dying::pollOnce).isInstanceOf(SQLException.class);
        assertThat(fake.shown()).hasSize(1);
        String ts = fake.shown().get(0).ts();

        SlackNotifier restarted = notifier(SlackSettings.defaults());
        restarted.pollOnce();
        assertThat(fake.shown()).as("not announced again").hasSize(1);
        assertThat(fake.calls("chat.postMessage")).hasSize(1);
        assertThat(fake.calls("conversations.history")).hasSize(1);
        assertThat(string(database, "SELECT ts FROM slack_messages WHERE finding_id = 'dg-0801'"))
                .isEqualTo(ts);
        assertThat(metrics.scrape()).contains("driftguard_notify_slack_in_doubt_total{outcome=\"found\"} 1.0");

        fake.afterNextPost(this::cutTheNotifiersDatabaseConnections);
        write(finding("dg-0801", "web", Severity.HIGH).toBuilder()
                .version(2001)
                .status(FindingStatus.RESOLVED)
                .resolution(Resolution.REVERTED)
                .resolvedAt(T0.plusSeconds(600))
                .build());
        assertThatThrownBy(restarted::pollOnce).isInstanceOf(SQLException.class);
        notifier(SlackSettings.defaults()).pollOnce();

        List<FakeSlack.Shown> replies =
                fake.shown().stream().filter(m -> ts.equals(m.threadTs())).toList();
        assertThat(replies).as("the resolution, once").hasSize(1);
        assertThat(replies.get(0).text()).contains("Resolved");
        assertThat(fake.calls("conversations.replies")).hasSize(1);
        assertThat(fake.calls("chat.update"))
                .as("the first message shows the resolution")
                .hasSize(1);
        assertThat(count(database, "SELECT count(*) FROM slack_messages WHERE resolved_posted"))
                .isEqualTo(1);
        assertThat(metrics.scrape()).contains("driftguard_notify_slack_in_doubt_total{outcome=\"found\"} 2.0");
    }

    /**
     * Slack shows the message but its answer is a 500 ({@code internal_error}: "some aspect of the
     * operation may have succeeded"). The post is not tried again blindly (the SDK retry used to
     * show it twice): the next pass looks for it first, finds it and records it.
     */
    @Test
    void aPostWhoseAnswerIsLostIsLookedForBeforeItIsTriedAgain() throws Exception {
        fake.showNextPostButAnswer(500);
        write(finding("dg-0901", "web", Severity.HIGH));
        SlackNotifier notifier = notifier(SlackSettings.defaults());
        notifier.pollOnce();
        assertThat(fake.calls("chat.postMessage"))
                .as("not repeated in the call")
                .hasSize(1);
        assertThat(count(database, "SELECT count(*) FROM slack_messages")).isZero();

        notifier.pollOnce();
        assertThat(fake.shown()).hasSize(1);
        assertThat(fake.calls("chat.postMessage")).hasSize(1);
        assertThat(fake.calls("conversations.list"))
                .as("#drift turned into the id Slack reads channels by")
                .hasSize(1);
        assertThat(string(database, "SELECT ts FROM slack_messages WHERE finding_id = 'dg-0901'"))
                .isEqualTo(fake.shown().get(0).ts());
    }

    /**
     * A message in doubt whose channel cannot be read (a token without {@code channels:history}):
     * given up, not posted a second time; counted and logged. It may be shown once or not at all.
     */
    @Test
    void aMessageInDoubtThatCannotBeLookedUpIsGivenUpNotPostedTwice() throws Exception {
        fake.refuseHistory("missing_scope");
        fake.afterNextPost(this::cutTheNotifiersDatabaseConnections);
        write(finding("dg-1001", "web", Severity.HIGH));
        assertThatThrownBy(notifier(SlackSettings.defaults())::pollOnce).isInstanceOf(SQLException.class);

        SlackNotifier restarted = notifier(SlackSettings.defaults());
        restarted.pollOnce();
        write(finding("dg-1001", "web", Severity.HIGH).toBuilder()
                .version(1002)
                .cause(Cause.EMERGENCY_FIX)
                .build());
        restarted.pollOnce();
        assertThat(fake.shown()).as("once, nothing after").hasSize(1);
        assertThat(string(database, "SELECT state FROM slack_posts WHERE notification = 'announce:dg-1001'"))
                .isEqualTo("given_up");
        assertThat(metrics.scrape()).contains("driftguard_notify_slack_in_doubt_total{outcome=\"given_up\"} 1.0");
    }

    /** What a notifier sees when it dies: every connection of it to the database is gone. */
    private void cutTheNotifiersDatabaseConnections() {
        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String string(Database database, String sql) throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void whenSlackStaysDownNothingIsLostTheNextPassPostsIt() throws Exception {
        for (int i = 0; i < 4; i++) {
            fake.failNext(500, null);
        }
        write(finding("dg-0601", "web", Severity.HIGH));
        SlackNotifier notifier = notifier(SlackSettings.defaults());
        notifier.pollOnce();
        assertThat(count(database, "SELECT count(*) FROM slack_messages")).isZero();
        notifier.pollOnce();
        assertThat(count(database, "SELECT count(*) FROM slack_messages")).isEqualTo(1);
    }

    @Test
    void slackFailuresAreCountedUnderTheNamesTheAlertRulesUse() throws Exception {
        HttpServer server = metrics.serve("127.0.0.1", 0);
        try {
            String before = scrape(server);
            Set<String> wanted = MonitoringConfig.metricsNamed("driftguard_notify_");
            assertThat(wanted)
                    .as("an alert or dashboard names the notifier's metrics")
                    .isNotEmpty();
            assertThat(MonitoringConfig.exported(before))
                    .as("exported from the start, at zero")
                    .containsAll(wanted);
            for (int i = 0; i < 4; i++) {
                fake.failNext(500, null);
            }
            write(finding("dg-0701", "web", Severity.HIGH));
            notifier(SlackSettings.defaults()).pollOnce();
            assertThat(scrape(server))
                    .contains(
                            "driftguard_notify_slack_failures_total{method=\"chat.postMessage\",retryable=\"true\"} 1.0");
            notifier(SlackSettings.defaults()).pollOnce();
            assertThat(scrape(server)).contains("driftguard_notify_slack_calls_total{method=\"chat.postMessage\"} 1.0");
        } finally {
            server.stop(0);
        }
    }

    private static String scrape(HttpServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + server.getAddress().getPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
