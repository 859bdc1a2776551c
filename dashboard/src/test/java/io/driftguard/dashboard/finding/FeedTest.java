package io.driftguard.dashboard.finding;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The feed at scale: 1,000 findings, one page at a time, with a total, search, filters and sort. */
@WebMvcTest
@WebSliceWithDatabase
class FeedTest {

    static final TestDatabase DB = TestDatabase.create();
    static final Instant NEWEST = Instant.parse("2025-03-20T12:00:00Z");
    static boolean written;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    private ResultActions page(String query) throws Exception {
        synchronized (FeedTest.class) {
            if (!written) {
                Findings.writeMany(DB, Findings.many(1000, NEWEST));
                written = true;
            }
        }
        return mvc.perform(get(URI.create("/api/findings/page?" + query)).with(httpBasic("viewer", "viewer")));
    }

    @Test
    void aPageSaysHowManyMatchInAll() throws Exception {
        page("").andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1000))
                .andExpect(jsonPath("$.page").value(1))
                .andExpect(jsonPath("$.size").value(50))
                .andExpect(jsonPath("$.pages").value(20))
                .andExpect(jsonPath("$.items", hasSize(50)))
                .andExpect(jsonPath("$.items[0].finding_id").value("f-0000"))
                .andExpect(jsonPath("$.items[49].finding_id").value("f-0049"));
        page("page=20&size=50")
                .andExpect(jsonPath("$.items", hasSize(50)))
                .andExpect(jsonPath("$.items[49].finding_id").value("f-0999"));
        page("page=5&size=200").andExpect(jsonPath("$.items", hasSize(200)));
        page("page=6&size=200").andExpect(jsonPath("$.items", hasSize(0)));
    }

    @Test
    void searchFindsResourcesActorsServicesAndTickets() throws Exception {
        page("q=OPS-995")
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].finding_id").value("f-0995"));
        page("q=engineer7%40example").andExpect(jsonPath("$.total").value(40));
        page("q=service-39").andExpect(jsonPath("$.total").value(25));
        page("q=sg-0a1b2c3d4e5f67890-996").andExpect(jsonPath("$.total").value(1));
        page("q=sg-0a1b2c3d4e5f67890-12").andExpect(jsonPath("$.total").value(4)); // -12, -120, -124, -128
        // Case-insensitive, and LIKE's wildcards are taken literally.
        page("q=ENGINEER7%40").andExpect(jsonPath("$.total").value(40));
        page("q=%25").andExpect(jsonPath("$.total").value(0));
        page("q=engineer_").andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void filtersNarrowTheTotal() throws Exception {
        page("severity=high").andExpect(jsonPath("$.total").value(250));
        page("severity=high&q=service-0").andExpect(jsonPath("$.items[*].severity", everyItem(startsWith("high"))));
        page("service=service-3&hour=11&kind=drift")
                .andExpect(jsonPath("$.items[*].service", everyItem(startsWith("service-3"))));
        page("correlation=ticket").andExpect(jsonPath("$.items[*].finding_id", everyItem(startsWith("f-"))));
        long withTicketAndIncident = jdbc.sql(
                        "SELECT count(*) FROM findings WHERE kind = 'drift' AND document->'correlations' @> '[{\"kind\":\"incident\"}]'")
                .query(Long.class)
                .single();
        page("correlation=incident").andExpect(jsonPath("$.total").value((int) withTicketAndIncident));
    }

    @Test
    void sortsOnTheServerWithStableTies() throws Exception {
        page("sort=detected&dir=asc&size=3")
                .andExpect(jsonPath("$.items[*].finding_id", contains("f-0999", "f-0998", "f-0997")));
        page("sort=lag&dir=desc&size=200")
                .andExpect(jsonPath("$.items[0].finding_id").value("f-0008")); // 9 s, the longest lag
        String first = jdbc.sql("SELECT min(resource_id) FROM findings")
                .query(String.class)
                .single();
        page("sort=resource&size=1")
                .andExpect(jsonPath("$.items[0].resource_id").value(first));
        page("sort=severity&dir=desc&size=1")
                .andExpect(jsonPath("$.items[0].severity").value("high"));
    }

    @Test
    void theLatestDecisionIsMarked() throws Exception {
        jdbc.sql("INSERT INTO approvals (finding_id, finding_version, recommendation, decision, decided_by)"
                        + " VALUES ('f-0001', 1, 'escalate', 'deferred', 'editor'),"
                        + " ('f-0001', 1, 'escalate', 'approved', 'editor')")
                .update();
        page("size=3")
                .andExpect(jsonPath("$.decisions.f-0001").value("approved"))
                .andExpect(jsonPath("$.decisions.f-0000").doesNotExist());
    }

    @Test
    void badParametersAreRefusedWithTheReason() throws Exception {
        page("size=1000")
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("size must be between 1 and 200")));
        page("sort=colour")
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("lag")));
        page("hour=24").andExpect(status().isBadRequest());
        page("correlation=rumour").andExpect(status().isBadRequest());
        page("page=0").andExpect(status().isBadRequest());
    }
}
