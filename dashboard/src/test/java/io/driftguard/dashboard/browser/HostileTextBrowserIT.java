package io.driftguard.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Text an attacker chooses (a resource name, a commit message, a ticket title, an actor name, a
 * rejected record, even a user name) carrying script tags and HTML, fed through a finding, a
 * decision, a dead letter and an account, and every page looked at in headless Chromium: no script
 * runs, no dialog opens, no element is injected, and the text shows literally.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "driftguard.feed.poll-interval=200ms",
            "driftguard.users[0].name=viewer",
            "driftguard.users[0].password=viewer",
            "driftguard.users[0].role=view",
            "driftguard.users[1].name=editor",
            "driftguard.users[1].password=editor",
            "driftguard.users[1].role=edit",
            "driftguard.users[2].name=admin",
            "driftguard.users[2].password=admin",
            "driftguard.users[2].role=admin",
            // A user name is text too: an administrator may paste anything into the configuration.
            "driftguard.users[3].name=" + HostileTextBrowserIT.EVIL_USER,
            "driftguard.users[3].password=evil",
            "driftguard.users[3].role=edit"
        })
class HostileTextBrowserIT {

    static final TestDatabase DB = TestDatabase.create();
    static final Path SHOTS = Path.of("target", "browser");
    static final String ID = "f-hostile-text";
    static final String EVIL_USER = "<img src=x onerror=alert('user')>mallory";

    /**
     * Markup that runs script if a page ever inserts it as HTML, in each of the usual contexts
     * (element, attribute, URL), tagged with where it came from. No underscores: pages show
     * vocabulary with spaces for underscores, and the text must come back unchanged.
     */
    static String evil(String where) {
        return "<script>alert('" + where + "')</script><img src=x onerror=\"alert('" + where
                + "')\">\"'><svg onload=alert('" + where + "')></svg>javascript:alert('" + where + "') " + where;
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void browserInstalled() {
        assumeTrue(
                Chromium.installed(),
                "headless Chromium is not installed: apt-get install -y chromium chromium-driver (.ci/run does)");
    }

    static Finding hostileFinding() throws JsonProcessingException {
        Finding base = Findings.emergencyScaleUp();
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String json = Json.MAPPER.writeValueAsString(evil("desired-value"));
        return base.toBuilder()
                .findingId(ID)
                .account(evil("account"))
                .region(evil("region"))
                .resourceId(evil("resource-name"))
                .resourceType(evil("resource-type"))
                .iac(new IacRef("terraform", evil("iac-address"), evil("iac-path")))
                .changes(List.of(new Change(evil("attribute-path"), json, json.replace("desired", "actual"), true)))
                .sourceEvents(List.of(evil("event-id")))
                .actor(new Finding.FindingActor(evil("actor-id"), "human", evil("actor-name")))
                .trigger(new Finding.Trigger(
                        evil("trigger-event"), evil("operation"), "203.0.113.9", evil("user-agent"), false))
                .service(evil("service"))
                .firstEventTime(t)
                .lastEventTime(t)
                .detectedAt(t.plusSeconds(3))
                .severityBreakdown(List.of(new Finding.SeverityEntry(
                        evil("dimension"), evil("severity-rule"), evil("severity-detail"), base.severity())))
                // Accepting an exception gives a decision, a rule and an audit entry to show as well.
                .recommendation(Recommendation.ACCEPT_AS_EXCEPTION)
                .reasoning(evil("reasoning"))
                .risk(evil("risk"))
                .policyRule(evil("policy-rule"))
                .correlations(List.of(
                        new Finding.Correlation(
                                CorrelationKind.COMMIT,
                                evil("commit-sha"),
                                "github",
                                "follows_change",
                                t.plusSeconds(60),
                                evil("commit-message")),
                        new Finding.Correlation(
                                CorrelationKind.TICKET,
                                evil("ticket-key"),
                                "jira",
                                "open_during_change",
                                t.minusSeconds(60),
                                evil("ticket-title")),
                        new Finding.Correlation(
                                CorrelationKind.INCIDENT,
                                "Q1EVIL",
                                "pagerduty",
                                "open_during_change",
                                t.minusSeconds(120),
                                evil("incident-title"))))
                .narrative(new Finding.Narrative(
                        evil("narrative-who"),
                        evil("narrative-when"),
                        evil("narrative-trigger"),
                        List.of(evil("narrative-context")),
                        evil("narrative-summary")))
                .remediation(new Finding.Remediation(evil("revert-command"), evil("codify-patch"), evil("ignore-rule")))
                .build();
    }

    @Test
    void untrustedTextIsShownLiterallyOnEveryPageAndNeverRuns() throws Exception {
        Findings.write(DB, hostileFinding());
        Findings.deadLetter(
                DB, "github", evil("dead-letter-origin"), evil("dead-letter-reason"), evil("dead-letter-payload"));
        // A decision by the user with the hostile name, with a hostile comment: approvals list, exception
        // rule and audit log carry both.
        HttpResponse<String> decided = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/api/findings/" + ID + "/approvals")))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                (EVIL_USER + ":evil").getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER
                                        .createObjectNode()
                                        .put("decision", "approved")
                                        .put("comment", evil("approval-comment"))
                                        .toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);

        List<String> failures = new ArrayList<>();
        try (Chromium browser = new Chromium(1440, 1000)) {
            signIn(browser, "admin", "admin");
            look(browser, "/", "#rows", "resource-type", failures, "resource-type", "service", "actor-name");
            look(
                    browser,
                    "/findings/" + ID,
                    "main",
                    "Decisions",
                    failures,
                    "resource-name",
                    "resource-type",
                    "account",
                    "region",
                    "iac-address",
                    "iac-path",
                    "attribute-path",
                    "event-id",
                    "actor-id",
                    "actor-name",
                    "operation",
                    "user-agent",
                    "service",
                    "dimension",
                    "severity-rule",
                    "severity-detail",
                    "reasoning",
                    "risk",
                    "policy-rule",
                    "commit-sha",
                    "commit-message",
                    "ticket-key",
                    "ticket-title",
                    "incident-title",
                    "narrative-who",
                    "narrative-when",
                    "narrative-trigger",
                    "narrative-context",
                    "narrative-summary",
                    "revert-command",
                    "codify-patch",
                    "ignore-rule",
                    "approval-comment");
            // The attribute values are JSON, shown as JSON: the text inside the quotes, escaped for JSON only.
            String shownJson = browser.script("return document.querySelector('main').textContent;")
                    .asText();
            assertThat(shownJson).contains(Json.MAPPER.writeValueAsString(evil("desired-value")));
            look(browser, "/approvals", "#rules", "approval-comment", failures, "approval-comment", "resource-name");
            look(browser, "/correlations", "#hours", "service", failures, "service");
            look(browser, "/outcomes", "#summary", "Judged drift findings", failures);
            look(
                    browser,
                    "/admin",
                    "#dead",
                    "dead-letter-reason",
                    failures,
                    "dead-letter-origin",
                    "dead-letter-reason",
                    "dead-letter-payload");
            // The audit entry's detail is shown as JSON.
            assertThat(browser.text("#audit")).contains(Json.MAPPER.writeValueAsString(evil("approval-comment")));
            assertThat(browser.text("#users")).contains(EVIL_USER);
            assertThat(browser.text("#audit")).contains(EVIL_USER);
        }
        try (Chromium browser = new Chromium(1280, 900)) {
            // The hostile user's own name in the top bar and in the decisions it made.
            signIn(browser, EVIL_USER, "evil");
            assertThat(browser.text("header.top .user")).contains(EVIL_USER);
            look(browser, "/findings/" + ID, "main", "Decisions", failures, "approval-comment");
            assertThat(browser.text("main")).contains(EVIL_USER);
        }
        assertThat(failures)
                .as("pages where hostile text ran, was injected or did not show")
                .isEmpty();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(Chromium browser, String user, String password) {
        browser.open(url("/login"));
        browser.type("#username", user);
        browser.type("#password", password);
        browser.click("#sign-in");
        browser.waitForText("header.top .user", user);
    }

    /**
     * Opens a page, waits until {@code readyText} shows in {@code readySelector}, then checks: no
     * dialog opened, no element or attribute came from the data (no {@code <img src=x>}, no
     * {@code <svg>}, no script or on-handler other than the page's own), and each named payload is
     * in the page's text exactly as written.
     */
    private void look(
            Chromium browser,
            String path,
            String readySelector,
            String readyText,
            List<String> failures,
            String... shown)
            throws Exception {
        try {
            browser.open(url(path));
            browser.waitForText(readySelector, readyText);
        } catch (IllegalStateException e) {
            // WebDriver refuses commands while a dialog is open ("unexpected alert open", or a
            // navigation aborted by one the previous page opened).
            String dialog = browser.alertText();
            failures.add(path + ": " + e.getMessage() + (dialog == null ? "" : "; dialog open: " + dialog));
            if (dialog != null) {
                browser.dismissAlert();
            }
            return;
        }
        String alert = browser.alertText();
        if (alert != null) {
            failures.add(path + ": a dialog opened: " + alert);
            browser.dismissAlert();
            return;
        }
        String injected = browser.script("const found = [];"
                        + " document.querySelectorAll('img[src=\"x\"], svg, iframe, object, embed').forEach(e =>"
                        + "   found.push('<' + e.tagName.toLowerCase() + '>'));"
                        + " document.querySelectorAll('script').forEach(s => { if (s.textContent.includes('alert(')"
                        + "   || (s.src && !['/app.js', '/assistant.js'].includes(new URL(s.src).pathname))) found.push('script'); });"
                        + " document.querySelectorAll('*').forEach(e => { for (const a of e.attributes) {"
                        + "   if (a.name.startsWith('on')) found.push(e.tagName.toLowerCase() + '[' + a.name + ']');"
                        + "   if ((a.name === 'href' || a.name === 'src') && a.value.trim().toLowerCase()"
                        + "     .startsWith('javascript:')) found.push(e.tagName.toLowerCase() + '[' + a.name + ']'); } });"
                        + " return found.join(', ');")
                .asText();
        if (!injected.isEmpty()) {
            failures.add(path + ": elements from the data: " + injected);
        }
        String text = browser.script("return document.body.textContent;").asText();
        for (String where : shown) {
            if (!text.contains(evil(where))) {
                failures.add(path + ": '" + where + "' not shown literally");
            }
        }
        browser.screenshot(SHOTS.resolve("hostile" + path.replaceAll("[^A-Za-z0-9]+", "-") + ".png"));
        // Let any late timer or image error fire, then look for a dialog once more.
        Thread.sleep(300);
        String late = browser.alertText();
        if (late != null) {
            failures.add(path + ": a dialog opened: " + late);
            browser.dismissAlert();
        }
    }
}
