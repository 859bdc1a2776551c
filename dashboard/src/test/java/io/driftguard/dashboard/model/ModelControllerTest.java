package io.driftguard.dashboard.model;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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

/** The Admin's model page: the registered versions with their cards, and the shadow comparison. */
@WebMvcTest({ModelController.class, ModelPageController.class})
@WebSliceWithDatabase
class ModelControllerTest {

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
    void registry() {
        jdbc.sql("TRUNCATE model_shadow_predictions, model_promotions, model_versions CASCADE")
                .update();
        for (String[] v :
                new String[][] {{"aaaaaaaaaaaa", "retired"}, {"bbbbbbbbbbbb", "live"}, {"cccccccccccc", "candidate"}}) {
            jdbc.sql("""
                            INSERT INTO model_versions (version, name, feature_schema, trained_on, role, card, metrics, sidecar, onnx)
                            VALUES (:v, 'cause', '870c8dde0ec7756a', 'seeds 1..10', :role, :card,
                                    '{"test":{"macro_precision":0.97,"ece":0.01},"unseen_worlds":{"macro_precision":0.93}}',
                                    '{}', '\\x00')""")
                    .param("v", v[0])
                    .param("role", v[1])
                    .param("card", "# Cause model card " + v[0])
                    .update();
        }
        jdbc.sql("""
                        INSERT INTO model_shadow_predictions VALUES
                          ('dg-1', 1, 'cccccccccccc', 'bbbbbbbbbbbb', 'configuration_error', 0.9, 'configuration_error', 0.8, now()),
                          ('dg-2', 1, 'cccccccccccc', 'bbbbbbbbbbbb', 'configuration_error', 0.7, 'manual_troubleshooting', 0.6, now())""").update();
    }

    @Test
    void anAdminSeesEveryVersionLiveFirstWithItsCardAndFigures() throws Exception {
        mvc.perform(get("/api/models").with(httpBasic("admin", "admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].version").value("bbbbbbbbbbbb"))
                .andExpect(jsonPath("$[0].role").value("live"))
                .andExpect(jsonPath("$[0].card").value("# Cause model card bbbbbbbbbbbb"))
                .andExpect(jsonPath("$[0].metrics.test.ece").value(0.01))
                .andExpect(
                        jsonPath("$[0].metrics.unseen_worlds.macro_precision").value(0.93))
                .andExpect(jsonPath("$[1].role").value("candidate"));
    }

    @Test
    void theShadowComparisonCountsAgreementAndDisagreementsByCause() throws Exception {
        mvc.perform(get("/api/models/shadow").with(httpBasic("admin", "admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.agreement[0].candidate_version").value("cccccccccccc"))
                .andExpect(jsonPath("$.agreement[0].predictions").value(2))
                .andExpect(jsonPath("$.agreement[0].agreement").value(0.5))
                .andExpect(jsonPath("$.disagreements[0].live_cause").value("configuration_error"))
                .andExpect(jsonPath("$.disagreements[0].candidate_cause").value("manual_troubleshooting"));
    }

    @Test
    void onlyAnAdminSeesTheModels() throws Exception {
        mvc.perform(get("/api/models").with(httpBasic("editor", "editor"))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/models").with(httpBasic("viewer", "viewer"))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/models").with(httpBasic("admin", "admin"))).andExpect(forwardedUrl("/models.html"));
    }
}
