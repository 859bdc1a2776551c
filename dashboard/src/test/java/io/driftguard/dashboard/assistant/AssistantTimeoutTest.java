package io.driftguard.dashboard.assistant;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** A model that does not answer in time: the user reads a plain message after the configured timeout. */
@WebMvcTest(AssistantController.class)
@WebSliceWithDatabase
class AssistantTimeoutTest {

    static final TestDatabase DB = TestDatabase.create();
    static final FakeGemini GEMINI = new FakeGemini();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DB.register(registry);
        registry.add("driftguard.assistant.api-key", () -> "test-key-123");
        registry.add("driftguard.assistant.base-url", GEMINI::baseUrl);
        registry.add("driftguard.assistant.timeout", () -> "1s");
        registry.add("driftguard.assistant.first-analysis.enabled", () -> "false");
    }

    @AfterAll
    static void stopGemini() {
        GEMINI.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSlowModelReadsAsATimeout() throws Exception {
        Findings.writeAll(DB);
        GEMINI.then(FakeGemini.slow(30_000, FakeGemini.text("too late")));
        long start = System.nanoTime();
        mvc.perform(post("/api/findings/f-aws-sg-ssh/ask")
                        .with(httpBasic("viewer", "viewer"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"question\":\"Why?\"}"))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.detail").value(containsString("Gemini did not answer within 1 s")));
        Assertions.assertThat((System.nanoTime() - start) / 1_000_000)
                .isLessThan(20_000); // the reply would come after 30 s
        Assertions.assertThat(jdbc.sql("SELECT outcome FROM assistant_requests")
                        .query(String.class)
                        .list())
                .containsExactly("timeout");
    }
}
