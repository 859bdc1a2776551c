package io.driftguard.dashboard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Approvals that change something: accepting an exception makes the rule the job applies;
 * approving a revert or a codification records who will do it and by when; the queue lists what
 * waits for a person.
 */
@WebMvcTest(ApprovalController.class)
@WebSliceWithDatabase
class ApprovalActionsTest {

    static final TestDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    /** An open episode whose recommendation is to accept it: the autoscaler's replicas, still open. */
    static Finding openReplicas(String id) {
        return Findings.resolvedAutoscale().toBuilder()
                .findingId(id)
                .status(FindingStatus.OPEN)
                .resolution(null)
                .resolvedAt(null)
                .build();
    }

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
    void acceptingAnExceptionCreatesTheRuleWithExpiryReasonAndApprover() throws Exception {
        Findings.write(DB, openReplicas("f-k8s-accept"));
        decide("f-k8s-accept", "{\"decision\":\"approved\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("reason")));

        Instant expires = Instant.now().plus(Duration.ofDays(14)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        decide(
                        "f-k8s-accept",
                        "{\"decision\":\"approved\",\"comment\":\"HPA owns replicas\",\"expires_at\":\"" + expires
                                + "\"}")
                .andExpect(status().isCreated());

        Map<String, Object> rule = jdbc.sql("SELECT * FROM exception_rules WHERE finding_id = 'f-k8s-accept'")
                .query()
                .singleRow();
        assertThat(rule)
                .containsEntry("cloud", "kubernetes")
                .containsEntry("resource_id", Findings.resolvedAutoscale().resourceId())
                .containsEntry("attribute", "spec.replicas")
                .containsEntry("reason", "HPA owns replicas")
                .containsEntry("approved_by", "editor");
        assertThat(((Timestamp) rule.get("expires_at")).toInstant()).isEqualTo(expires);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE finding_id = 'f-k8s-accept'"
                                + " AND action = 'exception_rule.created' AND actor = 'editor'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        mvc.perform(get("/api/findings/f-k8s-accept/exception-rules").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$[0].active").value(true))
                .andExpect(jsonPath("$[0].reason").value("HPA owns replicas"));

        long ruleId = ((Number) rule.get("rule_id")).longValue();
        mvc.perform(post("/api/exception-rules/" + ruleId + "/revoke")
                        .with(httpBasic("viewer", "viewer"))
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/exception-rules/" + ruleId + "/revoke")
                        .with(httpBasic("editor", "editor"))
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/findings/f-k8s-accept/exception-rules").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$[0].active").value(false))
                .andExpect(jsonPath("$[0].revoked_by").value("editor"));
    }

    @Test
    void anExceptionCannotOutliveAYearOrEndInThePast() throws Exception {
        Findings.write(DB, openReplicas("f-k8s-accept-bad"));
        for (Instant bad :
                new Instant[] {Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(400))}) {
            decide("f-k8s-accept-bad", "{\"decision\":\"approved\",\"comment\":\"x\",\"expires_at\":\"" + bad + "\"}")
                    .andExpect(status().isBadRequest());
        }
        assertThat(jdbc.sql("SELECT count(*) FROM exception_rules WHERE finding_id = 'f-k8s-accept-bad'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM approvals WHERE finding_id = 'f-k8s-accept-bad'")
                        .query(Long.class)
                        .single())
                .as("a refused approval leaves no decision behind")
                .isZero();
    }

    @Test
    void anApprovedRevertRecordsWhoWillDoItAndByWhenUntilTheEpisodeResolves() throws Exception {
        Finding ssh = Findings.sshOpenToWorld().toBuilder()
                .findingId("f-aws-sg-commit")
                .build();
        Findings.write(DB, ssh);
        decide("f-aws-sg-commit", "{\"decision\":\"approved\",\"committed_by\":\"jane.doe\",\"comment\":\"today\"}")
                .andExpect(status().isCreated());
        mvc.perform(get("/api/findings/f-aws-sg-commit/commitments").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$[0].action").value("revert"))
                .andExpect(jsonPath("$[0].committed_by").value("jane.doe"))
                .andExpect(jsonPath("$[0].state").value("pending"));
        Instant due = jdbc.sql("SELECT due_at FROM remediation_commitments WHERE finding_id = 'f-aws-sg-commit'")
                .query(Timestamp.class)
                .single()
                .toInstant();
        assertThat(due)
                .isBetween(
                        Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

        // the revert lands: the commitment was kept
        Findings.write(
                DB,
                ssh.toBuilder()
                        .version(ssh.version() + 1)
                        .status(FindingStatus.RESOLVED)
                        .resolution(Resolution.REVERTED)
                        .resolvedAt(Instant.now())
                        .build());
        mvc.perform(get("/api/findings/f-aws-sg-commit/commitments").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$[0].state").value("kept"));
    }

    @Test
    void theQueueListsUndecidedDriftAndDropsItOnceDecided() throws Exception {
        Finding waiting =
                Findings.emergencyScaleUp().toBuilder().findingId("f-gcp-queue").build();
        Findings.write(DB, waiting);
        mvc.perform(get("/api/approvals/queue").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$[?(@.finding_id == 'f-gcp-queue')].waiting_for")
                        .value("decision"))
                .andExpect(jsonPath("$[?(@.finding_id == 'f-azure-storage-pending')]")
                        .isEmpty());
        decide("f-gcp-queue", "{\"decision\":\"rejected\",\"comment\":\"we keep the size\"}")
                .andExpect(status().isCreated());
        mvc.perform(get("/api/approvals/queue").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$[?(@.finding_id == 'f-gcp-queue')]").isEmpty());
    }
}
