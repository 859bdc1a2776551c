package io.driftguard.dashboard.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** An estate of forty services reads as a dozen rows and one row for the rest, with nothing lost. */
@WebMvcTest(HeatmapController.class)
@WebSliceWithDatabase
class HeatmapAtScaleTest {

    static final TestDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theBusiestServicesThenOneRowForTheOthers() throws Exception {
        Findings.writeMany(DB, Findings.many(400, Instant.parse("2025-03-20T12:00:00Z")));
        long drift = jdbc.sql("SELECT count(*) FROM findings WHERE kind = 'drift'")
                .query(Long.class)
                .single();
        String busiest = jdbc.sql("SELECT service FROM findings WHERE kind = 'drift'"
                        + " GROUP BY service ORDER BY count(*) DESC, service LIMIT 1")
                .query(String.class)
                .single();
        String body = mvc.perform(get("/api/correlations/service-hours").with(httpBasic("viewer", "viewer")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows", hasSize(13)))
                .andExpect(jsonPath("$.rows[0]").value(busiest))
                .andExpect(jsonPath("$.rows[12]").value("other services"))
                .andExpect(jsonPath("$.folded_rows").value(28))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long counted = 0;
        for (JsonNode row : Json.MAPPER.readTree(body).path("counts")) {
            for (JsonNode cell : row) {
                counted += cell.asLong();
            }
        }
        assertThat(counted).as("every drift finding is in one cell").isEqualTo(drift);
    }
}
