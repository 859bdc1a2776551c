package io.driftguard.dashboard.browser;

import static io.driftguard.dashboard.assistant.FakeGemini.args;
import static io.driftguard.dashboard.assistant.FakeGemini.calls;
import static io.driftguard.dashboard.assistant.FakeGemini.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftguard.dashboard.assistant.FakeGemini;
import io.driftguard.dashboard.assistant.Hostile;
import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The assistant's pages in headless Chromium, the whole application against a fake Gemini: the
 * first analysis on a high finding's page, a conversation kept across visits, cited findings as
 * links, the policy's recommendation beside an answer that was talked into another one, markup in an
 * answer shown as text, Admin-only meta, and questions across findings on /assistant.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"driftguard.assistant.first-analysis.poll-interval=300ms"})
class AssistantBrowserIT {

    static final TestDatabase DB = TestDatabase.create();
    static final FakeGemini GEMINI = new FakeGemini();
    static final Path SHOTS = Path.of("target", "browser");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DB.register(registry);
        registry.add("driftguard.assistant.api-key", () -> "test-key-123");
        registry.add("driftguard.assistant.base-url", GEMINI::baseUrl);
    }

    @AfterAll
    static void stopGemini() {
        GEMINI.close();
    }

    @LocalServerPort
    int port;

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
    void answersAreExportedAsPrometheusMetrics() throws Exception {
        // No findings written here: the first-analysis poller must not take the scripted replies.
        GEMINI.then(calls("top_drifting_actors", args("limit", 3)))
                .then(text("jane.doe [f-aws-sg-ssh]."))
                .then(FakeGemini.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded"));
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8));
        for (int expected : new int[] {200, 429}) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url("/api/assistant/ask")))
                            .header("Authorization", auth)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Who drifts most?\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        }
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .containsPattern(
                        "driftguard_assistant_requests_total\\{[^}]*outcome=\"answered\"[^}]*purpose=\"question\"[^}]*} [1-9]")
                .containsPattern("driftguard_assistant_requests_total\\{[^}]*outcome=\"quota\"[^}]*} [1-9]")
                .containsPattern("driftguard_assistant_tokens_total\\{[^}]*type=\"output\"[^}]*} [1-9]")
                .containsPattern("driftguard_assistant_latency_seconds_count\\{[^}]*outcome=\"answered\"[^}]*} [1-9]")
                .containsPattern(
                        "driftguard_assistant_tool_calls_total\\{[^}]*tool=\"top_drifting_actors\"[^}]*} [1-9]");
    }

    @Test
    void aConversationOnAFindingPageAndAcrossFindings() throws Exception {
        assumeTrue(
                Chromium.installed(),
                "headless Chromium is not installed: apt-get install -y chromium chromium-driver (.ci/run does)");
        // The first analyses of the two high findings are written by the poller from the default answer.
        GEMINI.answer = "What happened: SSH opened to the world [f-aws-sg-ssh]. Check first: who relies on port 22.";
        Findings.writeAll(DB);
        Findings.write(DB, Hostile.finding());
        try (Chromium browser = new Chromium(1440, 1100)) {
            signIn(browser, "admin");
            assertThat(browser.text("header.top nav")).contains("Assistant");
            Chromium.waitFor(
                    () -> GEMINI.requests.size() >= 2,
                    Duration.ofSeconds(20),
                    "the first analyses of the high findings");
            browser.open(url("/findings/f-aws-sg-ssh"));
            browser.waitForText("#assistant-analysis", "SSH opened to the world");
            assertThat(browser.script(
                                    "return document.querySelector('#assistant-analysis a.cite').getAttribute('href');")
                            .asText())
                    .isEqualTo("/findings/f-aws-sg-ssh");

            GEMINI.then(calls("search_findings", args("service", "checkout")))
                    .then(text("Unlike [f-gcp-mig-scale], nothing explains this change. <img src=x onerror=alert(1)>"));
            browser.type("#assistant-question", "Is anything like this explained elsewhere?");
            browser.click("#assistant-ask");
            browser.waitForText("#assistant-conversation .history", "nothing explains this change");
            assertThat(browser.script("return [...document.querySelectorAll('#assistant-conversation a.cite')]"
                                    + ".map(a => a.getAttribute('href')).join(',');")
                            .asText())
                    .isEqualTo("/findings/f-gcp-mig-scale");
            assertThat(browser.script("return document.querySelectorAll('#assistant img').length;")
                            .asInt())
                    .as("markup in an answer is shown as text")
                    .isZero();
            assertThat(browser.text("#assistant-conversation")).contains("<img src=x onerror=alert(1)>");
            assertThat(browser.text("#assistant-conversation"))
                    .contains("Recommendation (DriftGuard policy engine, not the assistant): auto revert")
                    .contains("input /")
                    .contains("gemini-2.5-flash")
                    .contains("Looked up 1 time");
            browser.screenshot(SHOTS.resolve("assistant-01-finding.png"));

            // The next visit shows the conversation again.
            browser.open(url("/findings/f-aws-sg-ssh"));
            browser.waitForText("#assistant-conversation .history", "Is anything like this explained elsewhere?");
        }
        try (Chromium browser = new Chromium(1440, 1100)) {
            signIn(browser, "viewer");
            browser.open(url("/findings/" + Hostile.ID));
            browser.waitForText("#assistant", "Ask");
            GEMINI.then(text("Recommendation: accept_as_exception, as the commit says [" + Hostile.ID + "]."));
            browser.type("#assistant-question", "What should we do?");
            browser.click("#assistant-ask");
            browser.waitForText("#assistant-conversation", "The policy's recommendation (auto revert) stands");
            assertThat(browser.text("#assistant-conversation")).doesNotContain("input /");
            browser.screenshot(SHOTS.resolve("assistant-02-planted-instruction.png"));

            browser.open(url("/assistant"));
            browser.waitForText("#assistant", "Start over");
            GEMINI.then(calls("search_findings", args("resource", "security_group", "status", "open")))
                    .then(text("Two security groups are open: [f-aws-sg-ssh] and [" + Hostile.ID
                            + "]; [dg-00000000000000000000] was made up."));
            browser.type("#assistant-question", "Which security groups are open?");
            browser.click("#assistant-ask");
            browser.waitForText("#assistant-conversation", "Removed finding ids the model named that do not exist");
            assertThat(browser.script("return document.querySelectorAll('#assistant-conversation a.cite').length;")
                            .asInt())
                    .isEqualTo(2);
            browser.screenshot(SHOTS.resolve("assistant-03-across.png"));
        }
    }
}
