package io.driftguard.dashboard.finding;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The findings API over rows written as the job writes them, judged and not yet judged. */
@WebMvcTest
@WebSliceWithDatabase
class FindingControllerTest {

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

    private static MockHttpServletRequestBuilder viewer(String path) {
        return get(path).with(httpBasic("viewer", "viewer"));
    }

    @Test
    void listsStoredDocumentsNewestDetectionFirst() throws Exception {
        mvc.perform(viewer("/api/findings"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].finding_id")
                        .value(contains(
                                "f-k8s-replicas", "f-azure-storage-pending", "f-gcp-mig-scale", "f-aws-sg-ssh")))
                // The document as docs/design/replay-contract.md writes it, not a re-mapping of the columns.
                .andExpect(jsonPath("$[3].changes[0].path").value("ingress"))
                .andExpect(jsonPath("$[3].cause_scores.configuration_error").value(0.86))
                .andExpect(jsonPath("$[3].remediation.revert_command")
                        .value(containsString("revoke-security-group-ingress")));
    }

    @Test
    void pendingJudgementFindingsAreServedWithTheirFieldsAbsent() throws Exception {
        mvc.perform(viewer("/api/findings").param("severity", "pending"))
                .andExpect(jsonPath("$[*].finding_id").value(contains("f-azure-storage-pending")))
                .andExpect(jsonPath("$[0].cause").doesNotExist())
                .andExpect(jsonPath("$[0].recommendation").doesNotExist());
        mvc.perform(viewer("/api/findings").param("cause", "pending"))
                .andExpect(jsonPath("$[*].finding_id").value(contains("f-azure-storage-pending")));
    }

    @Test
    void filtersCombine() throws Exception {
        mvc.perform(viewer("/api/findings").param("status", "open").param("severity", "high"))
                .andExpect(jsonPath("$[*].finding_id").value(contains("f-aws-sg-ssh")));
        mvc.perform(viewer("/api/findings").param("cloud", "kubernetes").param("cause", "automated_response"))
                .andExpect(jsonPath("$[*].finding_id").value(contains("f-k8s-replicas")));
        mvc.perform(viewer("/api/findings").param("status", "resolved").param("cloud", "aws"))
                .andExpect(content().json("[]"));
        mvc.perform(viewer("/api/findings").param("limit", "2"))
                .andExpect(jsonPath("$.length()").value(2));
    }

    @Test
    void unknownFilterValuesAreRefusedWithTheAllowedOnes() throws Exception {
        mvc.perform(viewer("/api/findings").param("severity", "critical"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value("unknown severity 'critical'; expected one of low, medium, high, pending"));
        mvc.perform(viewer("/api/findings").param("limit", "501"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("limit must be between 1 and 500, was 501"));
    }

    @Test
    void oneFindingByIdOr404WithTheReason() throws Exception {
        mvc.perform(viewer("/api/findings/f-gcp-mig-scale"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.correlations[0].kind").value("incident"))
                .andExpect(jsonPath("$.narrative.summary")
                        .value("The on-call engineer scaled api-1 up during an incident."));
        mvc.perform(viewer("/api/findings/no-such-finding"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no finding with id 'no-such-finding'"));
    }

    @Test
    void timelineOrdersEventsEvidenceAndResolution() throws Exception {
        mvc.perform(viewer("/api/findings/f-gcp-mig-scale/timeline"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].kind")
                        .value(contains("correlation", "first_event", "last_event", "detected", "correlation")))
                .andExpect(jsonPath("$[0].title").value("PagerDuty incident Q1ABC"))
                .andExpect(jsonPath("$[2].detail").value("2 events joined this episode"));
        mvc.perform(viewer("/api/findings/f-k8s-replicas/timeline"))
                .andExpect(jsonPath("$[-1].kind").value("resolved"))
                .andExpect(jsonPath("$[-1].title").value("Resolved (reverted)"));
    }

    @Test
    void pagesHaveCleanUrls() throws Exception {
        mvc.perform(viewer("/findings/f-aws-sg-ssh")).andExpect(forwardedUrl("/finding.html"));
        mvc.perform(viewer("/correlations")).andExpect(forwardedUrl("/correlations.html"));
    }
}
