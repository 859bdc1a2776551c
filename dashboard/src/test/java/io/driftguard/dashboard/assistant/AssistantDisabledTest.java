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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Without an API key the assistant says how to enable it, and nothing is sent or stored. */
@WebMvcTest(AssistantController.class)
@WebSliceWithDatabase
class AssistantDisabledTest {

    static final TestDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DB.register(registry);
        registry.add("driftguard.assistant.api-key", () -> "");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void answers503WithHowToEnableIt() throws Exception {
        Findings.writeAll(DB);
        for (String path : new String[] {"/api/findings/f-aws-sg-ssh/ask", "/api/assistant/ask"}) {
            mvc.perform(post(path)
                            .with(httpBasic("viewer", "viewer"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"question\":\"Why?\"}"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.detail").value(Assistant.HOW_TO_ENABLE));
        }
        mvc.perform(get("/api/assistant").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$.enabled").value(false))
                .andExpect(
                        jsonPath("$.how_to_enable")
                                .value(
                                        "The assistant is not configured: set GEMINI_API_KEY (driftguard.assistant.api-key) and restart"));
        mvc.perform(get("/api/findings/f-aws-sg-ssh/analysis").with(httpBasic("viewer", "viewer")))
                .andExpect(status().isNoContent());
        assertThat(jdbc.sql("SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM assistant_requests)"
                                + " + (SELECT count(*) FROM assistant_conversations)")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
