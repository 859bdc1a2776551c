package io.driftguard.dashboard.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import io.driftguard.dashboard.support.WebSliceWithDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The question set ({@code assistant/question-set.json}): questions about one finding and across
 * findings, each with the model's responses recorded in Gemini's format, replayed through the real
 * SDK against a fake Gemini. For every question: the answer cites exactly the expected findings;
 * every cited id exists and was in the evidence the model was given (the finding asked about, or a
 * row a tool returned); invented ids are removed; every tool call was an allow-listed read-only
 * tool or was refused; and afterwards no table outside the assistant's own has changed.
 */
@WebMvcTest(AssistantController.class)
@WebSliceWithDatabase
class AssistantQuestionSetTest {

    static final TestDatabase DB = TestDatabase.create();
    static final FakeGemini GEMINI = new FakeGemini();
    static final Instant NEWEST = Instant.parse("2025-03-20T12:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DB.register(registry);
        registry.add("driftguard.assistant.api-key", () -> "test-key-123");
        registry.add("driftguard.assistant.base-url", GEMINI::baseUrl);
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
    void everyCitedFindingExistsAndWasInTheEvidenceAndEveryToolCallStayedReadOnly() throws Exception {
        Findings.writeAll(DB);
        Findings.write(DB, Hostile.finding());
        Findings.writeMany(DB, Findings.many(40, NEWEST));
        JsonNode set;
        try (InputStream in = getClass().getResourceAsStream("/assistant/question-set.json")) {
            set = FakeGemini.JSON.readTree(in);
        }
        String before = everythingButTheAssistant();
        SoftAssertions soft = new SoftAssertions();
        List<String> report = new ArrayList<>();
        int questions = 0;
        int toolCalls = 0;
        int refused = 0;
        int citations = 0;
        for (JsonNode q : set.path("questions")) {
            questions++;
            String id = q.path("id").asText();
            String finding =
                    q.path("finding").isNull() ? null : q.path("finding").asText();
            String base = finding == null ? "/api/assistant" : "/api/findings/" + finding;
            mvc.perform(post(base + "/conversation/reset")
                    .with(httpBasic("viewer", "viewer"))
                    .contentType(MediaType.APPLICATION_JSON));
            GEMINI.reset();
            for (JsonNode r : q.path("responses")) {
                GEMINI.then(new FakeGemini.Reply(200, r.toString(), 0));
            }
            MvcResult result = mvc.perform(post(base + "/ask")
                            .with(httpBasic("viewer", "viewer"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(FakeGemini.JSON.writeValueAsString(
                                    Map.of("question", q.path("question").asText()))))
                    .andReturn();
            soft.assertThat(result.getResponse().getStatus()).as(id + " status").isEqualTo(200);
            JsonNode answer = FakeGemini.JSON.readTree(result.getResponse().getContentAsString());
            soft.assertThat(GEMINI.requests)
                    .as(id + " model calls")
                    .hasSize(q.path("responses").size());

            List<String> cited = strings(answer.path("citations"));
            soft.assertThat(cited)
                    .as(id + " citations")
                    .containsExactlyInAnyOrderElementsOf(strings(q.path("expected_citations")));
            soft.assertThat(strings(answer.path("removed_citations")))
                    .as(id + " removed ids")
                    .containsExactlyInAnyOrderElementsOf(strings(q.path("expected_removed")));
            Set<String> evidence = new LinkedHashSet<>();
            if (finding != null) {
                evidence.add(finding);
            }
            for (FakeGemini.Request request : GEMINI.requests) {
                evidence.addAll(toolRowIds(request));
            }
            for (String c : cited) {
                soft.assertThat(exists(c)).as(id + " cited " + c + " exists").isTrue();
                soft.assertThat(evidence)
                        .as(id + " cited " + c + " was in the evidence")
                        .contains(c);
            }
            soft.assertThat(answer.path("answer").asText())
                    .as(id + " no removed id left in the text")
                    .satisfies(text -> {
                        for (String removed : strings(answer.path("removed_citations"))) {
                            assertThat(text).doesNotContain(removed);
                        }
                    });
            List<String> names = new ArrayList<>();
            List<String> refusedNames = new ArrayList<>();
            for (JsonNode call : answer.path("tool_calls")) {
                names.add(call.path("name").asText());
                if (call.path("refused").asBoolean()) {
                    refusedNames.add(call.path("name").asText());
                } else {
                    soft.assertThat(AssistantTools.ALLOWED)
                            .as(id + " tool is read-only")
                            .contains(call.path("name").asText());
                }
            }
            soft.assertThat(names).as(id + " tools").containsExactlyElementsOf(strings(q.path("expected_tools")));
            soft.assertThat(refusedNames)
                    .as(id + " refused")
                    .containsExactlyElementsOf(strings(q.path("expected_refused")));
            soft.assertThat(
                            answer.path("recommendation").isNull()
                                    ? null
                                    : answer.path("recommendation").asText())
                    .as(id + " recommendation is the policy's")
                    .isEqualTo(finding == null ? null : policy(finding));
            toolCalls += names.size();
            refused += refusedNames.size();
            citations += cited.size();
            report.add(String.format(
                    "%s %-8s cited=%s removed=%s tools=%s refused=%s",
                    id,
                    finding == null ? "across" : "finding",
                    cited,
                    strings(answer.path("removed_citations")),
                    names,
                    refusedNames));
        }
        soft.assertThat(everythingButTheAssistant())
                .as("tables outside the assistant's are unchanged")
                .isEqualTo(before);
        soft.assertThat(questions).isGreaterThanOrEqualTo(30);
        report.add(String.format(
                "%d questions, %d citations (all exist, all in the evidence), %d tool calls (%d refused, the rest read-only)",
                questions, citations, toolCalls, refused));
        Path out = Path.of("target", "assistant-question-set.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        soft.assertAll();
    }

    private Set<String> toolRowIds(FakeGemini.Request request) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode content : request.json().path("contents")) {
            for (JsonNode part : content.path("parts")) {
                for (JsonNode row :
                        part.path("functionResponse").path("response").path("rows")) {
                    if (row.hasNonNull("finding_id")) {
                        ids.add(row.get("finding_id").asText());
                    }
                }
            }
        }
        return ids;
    }

    private boolean exists(String id) {
        return jdbc.sql("SELECT count(*) FROM findings WHERE finding_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                == 1;
    }

    private String policy(String finding) {
        return jdbc.sql("SELECT recommendation FROM findings WHERE finding_id = ?")
                .param(finding)
                .query(String.class)
                .single();
    }

    /** A digest of every base table but the assistant's own and the audit log, row by row. */
    private String everythingButTheAssistant() {
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'assistant\\_%'"
                        + " AND table_name NOT IN ('audit_log', 'flyway_schema_history') ORDER BY table_name")
                .query(String.class)
                .list();
        assertThat(tables).contains("findings", "approvals", "finding_versions");
        StringBuilder sb = new StringBuilder();
        for (String t : tables) {
            sb.append(t)
                    .append('=')
                    .append(jdbc.sql("SELECT coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM \"" + t
                                    + "\" x")
                            .query(String.class)
                            .single())
                    .append('\n');
        }
        return sb.toString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
