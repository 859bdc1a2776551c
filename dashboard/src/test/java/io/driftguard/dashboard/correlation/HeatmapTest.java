package io.driftguard.dashboard.correlation;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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

/** The heatmap's counts, read from the stored documents. */
@WebMvcTest(HeatmapController.class)
@WebSliceWithDatabase
class HeatmapTest {

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

    @Test
    void countsFindingsByCauseAndCorrelationKind() throws Exception {
        // rows: the five causes in the taxonomy's order, then pending; columns: the correlation kinds, then none.
        mvc.perform(get("/api/correlations/heatmap").with(httpBasic("viewer", "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows[2]").value("emergency_fix"))
                .andExpect(jsonPath("$.rows[5]").value("pending"))
                .andExpect(jsonPath("$.columns[0]").value("incident"))
                .andExpect(jsonPath("$.columns[6]").value("none"))
                .andExpect(jsonPath("$.counts[2][0]").value(1)) // emergency fix with an incident
                .andExpect(jsonPath("$.counts[2][2]").value(1)) // ... and a commit
                .andExpect(jsonPath("$.counts[2][6]").value(0))
                .andExpect(jsonPath("$.counts[4][6]").value(1)) // configuration error, nothing explains it
                .andExpect(jsonPath("$.counts[5][6]").value(1)) // pending: correlations not decided yet
                .andExpect(jsonPath("$.max").value(1));
    }

    @Test
    void countsFindingsByServiceAndHour() throws Exception {
        mvc.perform(get("/api/correlations/service-hours").with(httpBasic("viewer", "viewer")))
                .andExpect(jsonPath("$.rows").value(org.hamcrest.Matchers.contains("checkout", "unassigned", "web")))
                .andExpect(jsonPath("$.columns.length()").value(24))
                .andExpect(jsonPath("$.counts[0][10]").value(1))
                .andExpect(jsonPath("$.counts[0][12]").value(1))
                .andExpect(jsonPath("$.counts[2][9]").value(1));
    }
}
