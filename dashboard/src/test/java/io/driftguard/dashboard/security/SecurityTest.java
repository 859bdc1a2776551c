package io.driftguard.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Who may do what, through the real filter chain, the real controllers and a real database. */
@WebMvcTest
@WebSliceWithDatabase
class SecurityTest {

    static final TestDatabase DB = TestDatabase.create();
    static final String APPROVE = "{\"decision\":\"approved\",\"comment\":\"revert it\"}";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void fixtures() {
        Findings.writeAll(DB);
        Findings.deadLetter(
                DB,
                "aws-cloudtrail",
                "events/aws-cloudtrail/bad.json#3",
                "Records[3]: eventTime 'yesterday' is not an ISO-8601 instant",
                "{\"eventTime\":\"yesterday\"}");
    }

    @Test
    void anonymousApiCallsGet401WithABasicChallenge() throws Exception {
        mvc.perform(get("/api/findings"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Basic realm=\"DriftGuard\""));
    }

    @Test
    void anonymousPageFetchesGet401WithoutAChallenge() throws Exception {
        mvc.perform(get("/api/findings").header("X-Requested-With", "fetch"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().doesNotExist("WWW-Authenticate"));
    }

    @Test
    void anonymousBrowsersAreSentToTheLoginForm() throws Exception {
        mvc.perform(get("/").accept(MediaType.TEXT_HTML))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        mvc.perform(get("/api/findings").with(httpBasic("viewer", "not-the-password")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void viewerReadsFindings() throws Exception {
        mvc.perform(get("/api/findings").with(httpBasic("viewer", "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(4));
    }

    @Test
    void viewerCannotApprove() throws Exception {
        mvc.perform(post("/api/findings/f-aws-sg-ssh/approvals")
                        .with(httpBasic("viewer", "viewer"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(APPROVE))
                .andExpect(status().isForbidden());
        assertThat(approvalsBy("viewer")).isZero();
    }

    @Test
    void editorApprovesOverBasicAuthWithoutCsrfToken() throws Exception {
        mvc.perform(post("/api/findings/f-aws-sg-ssh/approvals")
                        .with(httpBasic("editor", "editor"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(APPROVE))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.decided_by").value("editor"))
                .andExpect(jsonPath("$.recommendation").value("auto_revert"))
                .andExpect(jsonPath("$.finding_version").value(3));
    }

    @Test
    void sessionUsersNeedTheCsrfToken() throws Exception {
        long before = approvalsBy("editor");
        mvc.perform(post("/api/findings/f-aws-sg-ssh/approvals")
                        .with(user("editor").roles("VIEW", "EDIT"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(APPROVE))
                .andExpect(status().isForbidden());
        assertThat(approvalsBy("editor")).isEqualTo(before);
        mvc.perform(post("/api/findings/f-aws-sg-ssh/approvals")
                        .with(user("editor").roles("VIEW", "EDIT"))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(APPROVE))
                .andExpect(status().isCreated());
        assertThat(approvalsBy("editor")).isEqualTo(before + 1);
    }

    @Test
    void basicAuthWithAFormBodyStillNeedsTheCsrfToken() throws Exception {
        // What a cross-site form could send with credentials the browser cached.
        mvc.perform(post("/api/findings/f-aws-sg-ssh/approvals")
                        .with(httpBasic("editor", "editor"))
                        .contentType(MediaType.TEXT_PLAIN)
                        .content(APPROVE))
                .andExpect(status().isForbidden());
    }

    @Test
    void onlyAdminSeesDeadLettersAuditLogAndUsers() throws Exception {
        for (String path : new String[] {"/api/dead-letters", "/api/audit-log", "/api/users"}) {
            mvc.perform(get(path).with(httpBasic("viewer", "viewer"))).andExpect(status().isForbidden());
            mvc.perform(get(path).with(httpBasic("editor", "editor"))).andExpect(status().isForbidden());
            mvc.perform(get(path).with(httpBasic("admin", "admin"))).andExpect(status().isOk());
        }
        mvc.perform(get("/api/dead-letters").with(httpBasic("admin", "admin")))
                .andExpect(jsonPath("$[0].source").value("aws-cloudtrail"))
                .andExpect(
                        jsonPath("$[0].reason").value("Records[3]: eventTime 'yesterday' is not an ISO-8601 instant"));
        mvc.perform(get("/api/users").with(httpBasic("admin", "admin")))
                .andExpect(jsonPath("$[*].name").value(org.hamcrest.Matchers.contains("viewer", "editor", "admin")))
                .andExpect(jsonPath("$[0].password").doesNotExist());
    }

    @Test
    void adminMayAlsoApprove() throws Exception {
        mvc.perform(post("/api/findings/f-gcp-mig-scale/approvals")
                        .with(httpBasic("admin", "admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"decision\":\"deferred\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void meTellsThePagesTheUsersRoles() throws Exception {
        mvc.perform(get("/api/me").with(httpBasic("editor", "editor")))
                .andExpect(jsonPath("$.name").value("editor"))
                .andExpect(jsonPath("$.roles").value(org.hamcrest.Matchers.contains("view", "edit")));
    }

    private long approvalsBy(String user) {
        return jdbc.sql("SELECT count(*) FROM approvals WHERE decided_by = ?")
                .param(user)
                .query(Long.class)
                .single();
    }
}
