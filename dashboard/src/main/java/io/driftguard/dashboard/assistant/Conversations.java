package io.driftguard.dashboard.assistant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The assistant's tables: conversations and their turns, first analyses, and what was sent. */
@Repository
class Conversations {

    /** One turn as the page shows it; the meta fields are null on questions. */
    record Message(
            long messageId,
            String role,
            String text,
            List<String> citations,
            List<String> removedCitations,
            List<Map<String, Object>> toolCalls,
            String recommendation,
            String model,
            Integer latencyMs,
            Integer promptTokens,
            Integer outputTokens,
            String finishReason,
            Instant createdAt) {}

    /** A first analysis. */
    record Analysis(
            String findingId,
            long findingVersion,
            String state,
            String text,
            List<String> citations,
            String model,
            Integer latencyMs,
            Integer promptTokens,
            Integer outputTokens,
            String error,
            int attempts,
            Instant updatedAt,
            Instant slackPostedAt) {}

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> OBJECTS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Conversations(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The user's open conversation about the finding (null: across findings), if any. */
    Optional<Long> open(String user, String findingId) {
        return jdbc.sql("SELECT conversation_id FROM assistant_conversations WHERE user_name = ?"
                        + " AND coalesce(finding_id, '') = coalesce(?, '') AND closed_at IS NULL")
                .params(user, findingId)
                .query(Long.class)
                .optional();
    }

    /** The open conversation, started if there is none (two requests at once find the same one). */
    long openOrStart(String user, String findingId) {
        jdbc.sql("INSERT INTO assistant_conversations (user_name, finding_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(user, findingId)
                .update();
        return open(user, findingId).orElseThrow();
    }

    /** Closes the open conversation, so the next question starts a new one; the old one is kept. */
    boolean close(String user, String findingId) {
        return jdbc.sql("UPDATE assistant_conversations SET closed_at = now() WHERE user_name = ?"
                                + " AND coalesce(finding_id, '') = coalesce(?, '') AND closed_at IS NULL")
                        .params(user, findingId)
                        .update()
                > 0;
    }

    List<Message> messages(long conversationId) {
        return jdbc.sql("SELECT message_id, role, text, citations::text AS citations,"
                        + " removed_citations::text AS removed_citations, tool_calls::text AS tool_calls, recommendation,"
                        + " model, latency_ms, prompt_tokens, output_tokens, finish_reason, created_at"
                        + " FROM assistant_messages WHERE conversation_id = ? ORDER BY message_id")
                .param(conversationId)
                .query((rs, n) -> new Message(
                        rs.getLong("message_id"),
                        rs.getString("role"),
                        rs.getString("text"),
                        read(rs.getString("citations"), STRINGS),
                        read(rs.getString("removed_citations"), STRINGS),
                        read(rs.getString("tool_calls"), OBJECTS),
                        rs.getString("recommendation"),
                        rs.getString("model"),
                        (Integer) rs.getObject("latency_ms"),
                        (Integer) rs.getObject("prompt_tokens"),
                        (Integer) rs.getObject("output_tokens"),
                        rs.getString("finish_reason"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    void addQuestion(long conversationId, String text) {
        jdbc.sql("INSERT INTO assistant_messages (conversation_id, role, text) VALUES (?, 'user', ?)")
                .params(conversationId, text)
                .update();
    }

    void addAnswer(long conversationId, Answer a) {
        jdbc.sql("INSERT INTO assistant_messages (conversation_id, role, text, citations, removed_citations,"
                        + " tool_calls, recommendation, model, latency_ms, prompt_tokens, output_tokens, finish_reason)"
                        + " VALUES (?, 'model', ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)")
                .params(
                        conversationId,
                        a.text(),
                        json.writeValueAsString(a.citations()),
                        json.writeValueAsString(a.removedCitations()),
                        json.writeValueAsString(a.toolCalls()),
                        a.recommendation(),
                        a.model(),
                        a.latencyMs(),
                        a.promptTokens(),
                        a.outputTokens(),
                        a.finishReason())
                .update();
    }

    /** The audit row of one request: what left (masked), how much was masked, and how it ended. */
    void recordRequest(
            String user,
            String purpose,
            String findingId,
            Long conversationId,
            String model,
            Object sent,
            Map<String, Integer> masked,
            Object toolCalls,
            String outcome,
            Integer latencyMs,
            Integer promptTokens,
            Integer outputTokens,
            String error) {
        jdbc.sql("INSERT INTO assistant_requests (user_name, purpose, finding_id, conversation_id, model, sent, masked,"
                        + " tool_calls, outcome, latency_ms, prompt_tokens, output_tokens, error)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)")
                .params(
                        user,
                        purpose,
                        findingId,
                        conversationId,
                        model,
                        json.writeValueAsString(sent),
                        json.writeValueAsString(masked),
                        json.writeValueAsString(toolCalls),
                        outcome,
                        latencyMs,
                        promptTokens,
                        outputTokens,
                        error)
                .update();
    }

    Optional<Analysis> analysis(String findingId) {
        return jdbc.sql("SELECT finding_id, finding_version, state, text, citations::text AS citations, model,"
                        + " latency_ms, prompt_tokens, output_tokens, error, attempts, updated_at, slack_posted_at"
                        + " FROM assistant_analyses WHERE finding_id = ?")
                .param(findingId)
                .query((rs, n) -> new Analysis(
                        rs.getString("finding_id"),
                        rs.getLong("finding_version"),
                        rs.getString("state"),
                        rs.getString("text"),
                        read(rs.getString("citations"), STRINGS),
                        rs.getString("model"),
                        (Integer) rs.getObject("latency_ms"),
                        (Integer) rs.getObject("prompt_tokens"),
                        (Integer) rs.getObject("output_tokens"),
                        rs.getString("error"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("updated_at").toInstant(),
                        rs.getTimestamp("slack_posted_at") == null
                                ? null
                                : rs.getTimestamp("slack_posted_at").toInstant()))
                .optional();
    }

    /**
     * High-severity findings first written within {@code lookbackSeconds} that have no analysis yet,
     * or whose last attempt failed and may be tried again; oldest first.
     */
    List<String> awaitingAnalysis(long lookbackSeconds, int maxAttempts, int limit) {
        return jdbc.sql("SELECT f.finding_id FROM findings f LEFT JOIN assistant_analyses a USING (finding_id)"
                        + " WHERE f.severity = 'high' AND f.first_written_at > now() - make_interval(secs => ?)"
                        + " AND (a.finding_id IS NULL OR (a.state = 'failed' AND a.attempts < ?))"
                        + " ORDER BY f.first_written_at, f.finding_id LIMIT ?")
                .params(lookbackSeconds, maxAttempts, limit)
                .query(String.class)
                .list();
    }

    void saveAnalysis(String findingId, long version, Answer a) {
        jdbc.sql("INSERT INTO assistant_analyses (finding_id, finding_version, state, text, citations, model,"
                        + " latency_ms, prompt_tokens, output_tokens) VALUES (?, ?, 'done', ?, ?::jsonb, ?, ?, ?, ?)"
                        + " ON CONFLICT (finding_id) DO UPDATE SET finding_version = excluded.finding_version,"
                        + " state = 'done', text = excluded.text, citations = excluded.citations, model = excluded.model,"
                        + " latency_ms = excluded.latency_ms, prompt_tokens = excluded.prompt_tokens,"
                        + " output_tokens = excluded.output_tokens, error = NULL,"
                        + " attempts = assistant_analyses.attempts + 1, updated_at = now()"
                        + " WHERE assistant_analyses.state = 'failed'")
                .params(
                        findingId,
                        version,
                        a.text(),
                        json.writeValueAsString(a.citations()),
                        a.model(),
                        a.latencyMs(),
                        a.promptTokens(),
                        a.outputTokens())
                .update();
    }

    void analysisFailed(String findingId, long version, String model, String error) {
        jdbc.sql("INSERT INTO assistant_analyses (finding_id, finding_version, state, model, error)"
                        + " VALUES (?, ?, 'failed', ?, ?) ON CONFLICT (finding_id) DO UPDATE SET error = excluded.error,"
                        + " attempts = assistant_analyses.attempts + 1, updated_at = now()"
                        + " WHERE assistant_analyses.state = 'failed'")
                .params(findingId, version, model, error)
                .update();
    }

    boolean exists(String findingId) {
        return jdbc.sql("SELECT count(*) FROM findings WHERE finding_id = ?")
                        .param(findingId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private <T> T read(String text, TypeReference<T> type) {
        return text == null ? null : json.readValue(text, type);
    }
}
