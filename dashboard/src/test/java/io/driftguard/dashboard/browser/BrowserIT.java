package io.driftguard.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftguard.core.finding.Finding;
import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard as people use it, in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them): signing in per role, a feed of a thousand
 * findings page by page, search, a finding arriving live, a finding page, an approval by an editor
 * and its refusal for a viewer. Screenshots go to {@code target/browser/} for a person to look at.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"driftguard.feed.poll-interval=200ms"})
class BrowserIT {

    static final TestDatabase DB = TestDatabase.create();
    static final Path SHOTS = Path.of("target", "browser");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static boolean written;

    @BeforeAll
    static void browserInstalled() {
        assumeTrue(
                Chromium.installed(),
                "headless Chromium is not installed: apt-get install -y chromium chromium-driver (.ci/run does)");
    }

    private synchronized void thousandFindings() {
        if (!written) {
            Findings.writeMany(DB, Findings.many(1000, NOW.minusSeconds(60)));
            written = true;
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(Chromium browser, String user) {
        browser.open(url("/login"));
        browser.type("#username", user);
        browser.type("#password", user);
        browser.click("#sign-in");
        browser.waitForText("header.top .user", user);
    }

    @Test
    void eachRoleSignsInAndSeesWhatItMay() throws Exception {
        thousandFindings();
        try (Chromium browser = new Chromium(1280, 900)) {
            browser.open(url("/"));
            Chromium.waitFor(() -> browser.url().endsWith("/login"), Duration.ofSeconds(10), "the sign-in page");
            browser.screenshot(SHOTS.resolve("01-login.png"));

            browser.type("#username", "viewer");
            browser.type("#password", "wrong");
            browser.click("#sign-in");
            browser.waitForText("#message", "Wrong user name or password");

            signIn(browser, "viewer");
            assertThat(browser.text("header.top .user")).contains("viewer (view)");
            assertThat(browser.text("header.top nav")).doesNotContain("Admin");
            browser.open(url("/admin"));
            browser.waitForText("body", "Your role does not allow this");
            assertThat(browser.text("body")).doesNotContain("Whitelabel");
            browser.screenshot(SHOTS.resolve("02-viewer-forbidden-admin.png"));
        }
        try (Chromium browser = new Chromium(1280, 900)) {
            signIn(browser, "admin");
            assertThat(browser.text("header.top nav")).contains("Admin");
            browser.open(url("/admin"));
            browser.waitForText("main", "Dead letters");
            browser.screenshot(SHOTS.resolve("03-admin.png"));
        }
    }

    @Test
    void aThousandFindingsPageBySearchAndArriveLive() throws Exception {
        thousandFindings();
        try (Chromium browser = new Chromium(1024, 800)) {
            signIn(browser, "viewer");
            browser.waitForText("#count", "of 1,000 findings");
            assertThat(browser.text("#count")).isEqualTo("Showing 1–50 of 1,000 findings");
            assertThat(browser.script("return document.querySelectorAll('#rows tr').length;")
                            .asInt())
                    .isEqualTo(50);
            // At 1,024 px every column fits: nothing scrolls sideways, resource ids stay on one line.
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;")
                            .asBoolean())
                    .isTrue();
            assertThat(browser.script("const a = document.querySelector('#rows td.resource a');"
                                    + " return a.getBoundingClientRect().height < 24;")
                            .asBoolean())
                    .as("a resource id on one line")
                    .isTrue();
            browser.screenshot(SHOTS.resolve("04-feed-1024.png"));

            browser.click("#next");
            browser.waitForText("#count", "Showing 51–100 of 1,000");
            assertThat(browser.text("#page-of")).isEqualTo("Page 2 of 20");
            assertThat(browser.url()).contains("page=2");

            browser.type("#q", "OPS-995");
            browser.waitForText("#count", "Showing 1–1 of 1 finding");
            assertThat(browser.text("#rows td.resource")).contains("-995");
            browser.screenshot(SHOTS.resolve("05-search.png"));

            browser.type("#q", "");
            browser.waitForText("#count", "of 1,000 findings");
            browser.waitForText("#live-text", "live");
            Finding arriving = Findings.sshOpenToWorld().toBuilder()
                    .findingId("f-live-arrival")
                    .resourceId("sg-0live0arrival0000")
                    .firstEventTime(Instant.now().minusSeconds(2))
                    .lastEventTime(Instant.now().minusSeconds(2))
                    .detectedAt(Instant.now())
                    .build();
            Findings.write(DB, arriving);
            browser.waitForText("#rows", "sg-0live0arrival0000");
            assertThat(browser.text("#count")).isEqualTo("Showing 1–50 of 1,001 findings");
            assertThat(browser.script("return document.querySelector('#rows tr').dataset.id;")
                            .asText())
                    .isEqualTo("f-live-arrival");
            browser.screenshot(SHOTS.resolve("06-live-arrival.png"));

            browser.resize(1920, 1000);
            browser.screenshot(SHOTS.resolve("07-feed-1920.png"));
        }
    }

    @Test
    void theApprovalsQueueAndTheOutcomesDrawTheirData() throws Exception {
        thousandFindings();
        try (Chromium browser = new Chromium(1280, 900)) {
            signIn(browser, "viewer");
            browser.open(url("/outcomes"));
            browser.waitForText("header.top nav", "Outcomes");
            browser.waitForText("#summary", "Judged drift findings");
            browser.waitForText("#adoption", "Share followed");
            browser.screenshot(SHOTS.resolve("11-outcomes.png"));
            browser.open(url("/approvals"));
            browser.waitForText("header.top nav", "Approvals");
            Chromium.waitFor(
                    () -> !browser.text("#queue").isBlank()
                            && !browser.text("#rules").isBlank(),
                    Duration.ofSeconds(10),
                    "the queue and the exception rules drawn");
            assertThat(browser.text("#queue")).contains("Waiting for");
            browser.screenshot(SHOTS.resolve("12-approvals.png"));
        }
    }

    @Test
    void anEditorApprovesAndAViewerIsRefused() throws Exception {
        thousandFindings();
        String id = "f-0000"; // port 22 open to the world: open, recommendation auto-revert
        try (Chromium browser = new Chromium(1440, 1000)) {
            signIn(browser, "editor");
            browser.open(url("/findings/" + id));
            browser.waitForText("main", "Decisions");
            assertThat(browser.text("h1")).isEqualTo("sg-0a1b2c3d4e5f67890-0");
            assertThat(browser.text("main")).contains("detection lag").contains("Copy");
            assertThat(browser.text("#assistant-off")).contains("GEMINI_API_KEY"); // off, and says how to enable it
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;")
                            .asBoolean())
                    .as("the finding page fits its window")
                    .isTrue();
            browser.screenshot(SHOTS.resolve("08-finding.png"));
            // the job numbers the n-th judgement of update u as u * 1000 + n: people read "3.2"
            Finding rejudged = Findings.many(1, NOW.minusSeconds(60)).get(0).toBuilder()
                    .findingId("f-rejudged")
                    .version(3002)
                    .build();
            Findings.writeMany(DB, List.of(rejudged));
            browser.open(url("/findings/f-rejudged"));
            browser.waitForText("main", "Decisions");
            assertThat(browser.text("main")).contains("version 3.2").doesNotContain("3002");
            browser.open(url("/findings/" + id));
            browser.waitForText("main", "Decisions");
            browser.type("textarea", "reverting, no ticket covers this");
            browser.click("button.primary");
            browser.waitForText("main", "reverting, no ticket covers this");
            assertThat(jdbc.sql("SELECT decision || ' ' || decided_by FROM approvals WHERE finding_id = ?")
                            .param(id)
                            .query(String.class)
                            .list())
                    .containsExactly("approved editor");
            browser.screenshot(SHOTS.resolve("09-approved.png"));

            // Reasoning as evidence points with their sources; the codify patch offered as a file.
            browser.open(url("/findings/f-0001"));
            browser.waitForText("main", "Decisions");
            assertThat(browser.text("ul.evidence"))
                    .contains("policy rule default/emergency_fix_incident_open")
                    .contains("severity rule cost_up_more_than_10_percent")
                    .contains("pagerduty Q1ABC");
            assertThat(browser.text("main"))
                    .contains("Changes terraform/gcp/checkout/main.tf")
                    .contains("git apply f-0001.patch");
            assertThat(browser.script("return document.querySelector('a[download=\"f-0001.patch\"]') !== null;")
                            .asBoolean())
                    .isTrue();
            browser.script("document.querySelector('a[download]').scrollIntoView({block: 'center'});");
            browser.screenshot(SHOTS.resolve("13-finding-codify-1440.png"));
        }
        try (Chromium browser = new Chromium(1024, 1000)) {
            signIn(browser, "editor");
            browser.open(url("/findings/f-0001"));
            browser.waitForText("main", "Decisions");
            // clientWidth, not innerWidth: the vertical scrollbar takes its share of a 1,024 px window.
            assertThat(browser.script("const w = document.documentElement.clientWidth;"
                                    + " return [...document.querySelectorAll('body *')]"
                                    + ".filter(e => e.getBoundingClientRect().right > w + 0.5)"
                                    + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
                                    + ".slice(0, 5).join(', ');")
                            .asText())
                    .as("elements past the right edge of a 1,024 px window")
                    .isEmpty();
            browser.screenshot(SHOTS.resolve("14-finding-codify-1024.png"));
            browser.script("document.querySelector('a[download]').scrollIntoView({block: 'center'});");
            browser.screenshot(SHOTS.resolve("15-finding-codify-1024-remediation.png"));
        }
        try (Chromium browser = new Chromium(1440, 1000)) {
            signIn(browser, "viewer");
            browser.open(url("/findings/f-0004"));
            browser.waitForText("main", "Decisions");
            assertThat(browser.script(
                                    "return [...document.querySelectorAll('button')].some(b => b.textContent === 'Approve');")
                            .asBoolean())
                    .as("no Approve button for a viewer")
                    .isFalse();
            // The same request the editor's page sends, from the viewer's signed-in page: refused.
            String refusal = browser.asyncScript("const done = arguments[arguments.length - 1];"
                            + " DG.api('/api/findings/f-0004/approvals', {method: 'POST', body: {decision: 'approved'}})"
                            + ".then(() => done('accepted'), e => done(e.status + ' ' + e.message));")
                    .asText();
            assertThat(refusal).startsWith("403 your role does not allow this");
            assertThat(jdbc.sql("SELECT count(*) FROM approvals WHERE finding_id = 'f-0004'")
                            .query(Long.class)
                            .single())
                    .isZero();
            browser.screenshot(SHOTS.resolve("10-viewer-finding.png"));
        }
    }
}
