package io.driftguard.dashboard.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The assistant through Google's real SDK client, against a fake Gemini server on a local port. */
@WebMvcTest(AssistantController.class)
@WebSliceWithDatabase
class AssistantTest {

    static final TestDatabase DB = TestDatabase.create();
    static final FakeGemini GEMINI = new FakeGemini();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DB.register(registry);
        registry.add("driftguard.assistant.api-key", () -> "test-key-123");
        registry.add("driftguard.assistant.base-url", GEMINI::baseUrl);
        registry.add("driftguard.assistant.timeout", () -> "5s");
    }

    @AfterAll
    static void stopGemini() {
        GEMINI.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void fixtures() {
        Findings.writeAll(DB);
        GEMINI.requests.clear();
        GEMINI.status = 200;
    }

    private ResultActions ask(String findingId, String question) throws Exception {
        return mvc.perform(post("/api/findings/" + findingId + "/ask")
                .with(httpBasic("viewer", "viewer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\":\"" + question + "\"}"));
    }

    @Test
    void answersFromTheFindingDocument() throws Exception {
        ask("f-aws-sg-ssh", "Who opened port 22?")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.answer").value(GEMINI.answer))
                .andExpect(jsonPath("$.model").value("gemini-2.5-flash"));

        assertThat(GEMINI.requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
            assertThat(r.apiKey()).isEqualTo("test-key-123");
            // The evidence (the stored document) and the question, and the instruction to stay with it.
            assertThat(r.body())
                    .contains(
                            "sg-0a1b2c3d4e5f67890",
                            "AuthorizeSecurityGroupIngress",
                            "Who opened port 22?",
                            "Answer ONLY from the finding document");
        });
        assertThat(jdbc.sql("SELECT actor || ' ' || action || ' ' || (detail->>'question') FROM audit_log"
                                + " WHERE finding_id = 'f-aws-sg-ssh' AND detail->>'question' LIKE 'Who opened%'")
                        .query(String.class)
                        .list())
                .containsExactly("viewer assistant.asked Who opened port 22?");
    }

    @Test
    void aFindingPendingJudgementCanBeAskedAbout() throws Exception {
        ask("f-azure-storage-pending", "What changed?").andExpect(status().isOk());
        assertThat(GEMINI.requests.get(0).body()).contains("allow_nested_items_to_be_public");
    }

    @Test
    void providerErrorsComeBackAs502WithTheirReason() throws Exception {
        GEMINI.status = 400;
        ask("f-aws-sg-ssh", "Why?")
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("API key not valid")));
    }

    @Test
    void emptyQuestionsAndUnknownFindingsNeverReachTheModel() throws Exception {
        ask("f-aws-sg-ssh", "   ").andExpect(status().isBadRequest());
        ask("nope", "Why?").andExpect(status().isNotFound());
        assertThat(GEMINI.requests).isEmpty();
    }

    @Test
    void statusTellsThePageToShowTheBox() throws Exception {
        mvc.perform(get("/api/assistant").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$.enabled").value(true))
                .andExpect(jsonPath("$.model").value("gemini-2.5-flash"));
    }
}
