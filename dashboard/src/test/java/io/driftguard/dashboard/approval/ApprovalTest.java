package io.driftguard.dashboard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import java.util.Map;
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

/** Decisions on recommendations: what is recorded, and which decisions are refused and why. */
@WebMvcTest(ApprovalController.class)
@WebSliceWithDatabase
class ApprovalTest {

    static final TestDatabase DB = TestDatabase.create();

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
    }

    private ResultActions decide(String findingId, String body) throws Exception {
        return mvc.perform(post("/api/findings/" + findingId + "/approvals")
                .with(httpBasic("editor", "editor"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void aDecisionIsStoredWithTheFindingVersionAndAudited() throws Exception {
        decide(
                        "f-gcp-mig-scale",
                        "{\"decision\":\"approved\",\"comment\":\"  agreed with SRE lead  \",\"finding_version\":1}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.recommendation").value("escalate_for_review"))
                .andExpect(jsonPath("$.comment").value("agreed with SRE lead"));

        Map<String, Object> row = jdbc.sql("SELECT * FROM approvals WHERE finding_id = 'f-gcp-mig-scale'")
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("finding_version", 1L)
                .containsEntry("decision", "approved")
                .containsEntry("decided_by", "editor")
                .containsEntry("recommendation", "escalate_for_review");
        Map<String, Object> audit = jdbc.sql(
                        "SELECT actor, action, detail->>'approval_id' AS approval_id FROM audit_log"
                                + " WHERE finding_id = 'f-gcp-mig-scale'")
                .query()
                .singleRow();
        assertThat(audit)
                .containsEntry("actor", "editor")
                .containsEntry("action", "approval.approved")
                .containsEntry("approval_id", String.valueOf(row.get("approval_id")));

        mvc.perform(get("/api/findings/f-gcp-mig-scale/approvals").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$[0].decided_by").value("editor"))
                .andExpect(jsonPath("$[0].finding_version").value(1));
    }

    @Test
    void nothingToDecideBeforeTheJudgeHasRecommended() throws Exception {
        decide("f-azure-storage-pending", "{\"decision\":\"approved\"}")
                .andExpect(status().isConflict())
                .andExpect(
                        jsonPath("$.detail")
                                .value(
                                        "finding f-azure-storage-pending has no recommendation yet (pending judgement); nothing to decide on"));
        assertThat(rows("approvals", "f-azure-storage-pending")).isZero();
        assertThat(rows("audit_log", "f-azure-storage-pending")).isZero();
    }

    @Test
    void resolvedEpisodesNeedNoDecision() throws Exception {
        decide("f-k8s-replicas", "{\"decision\":\"approved\"}").andExpect(status().isConflict());
        assertThat(rows("approvals", "f-k8s-replicas")).isZero();
    }

    @Test
    void aDecisionOnAnOutdatedVersionIsRefused() throws Exception {
        decide("f-aws-sg-ssh", "{\"decision\":\"rejected\",\"finding_version\":2}")
                .andExpect(status().isConflict())
                .andExpect(
                        jsonPath("$.detail")
                                .value(
                                        "finding f-aws-sg-ssh changed since version 2 (now 3); review it again before deciding"));
    }

    @Test
    void unknownDecisionsAndMissingFindingsAreRefused() throws Exception {
        decide("f-aws-sg-ssh", "{\"decision\":\"yes\"}")
                .andExpect(status().isBadRequest())
                .andExpect(
                        jsonPath("$.detail").value("decision must be one of approved, rejected, deferred, was 'yes'"));
        decide("nope", "{\"decision\":\"approved\"}").andExpect(status().isNotFound());
        decide("f-aws-sg-ssh", "{\"decision\":\"approved\",\"comment\":\"" + "x".repeat(2001) + "\"}")
                .andExpect(status().isBadRequest());
    }

    private long rows(String table, String findingId) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE finding_id = ?")
                .param(findingId)
                .query(Long.class)
                .single();
    }
}
