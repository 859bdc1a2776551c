-- The Gemini assistant (issue 16): conversations kept per user and finding, a first analysis per new
-- high-severity finding, and an append-only record of exactly what was sent to the model (masked).

CREATE TABLE assistant_conversations (
    conversation_id bigserial PRIMARY KEY,
    user_name text NOT NULL,
    finding_id text,
    started_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz
);
-- One open conversation per user and finding (and one per user across findings).
CREATE UNIQUE INDEX assistant_conversations_open
    ON assistant_conversations (user_name, coalesce(finding_id, '')) WHERE closed_at IS NULL;

CREATE TABLE assistant_messages (
    message_id bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES assistant_conversations (conversation_id),
    role text NOT NULL CHECK (role IN ('user', 'model')),
    text text NOT NULL,
    citations jsonb,
    removed_citations jsonb,
    tool_calls jsonb,
    recommendation text,
    model text,
    latency_ms integer,
    prompt_tokens integer,
    output_tokens integer,
    finish_reason text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistant_messages_conversation ON assistant_messages (conversation_id, message_id);

CREATE TABLE assistant_analyses (
    finding_id text PRIMARY KEY,
    finding_version bigint NOT NULL,
    state text NOT NULL CHECK (state IN ('done', 'failed')),
    text text,
    citations jsonb,
    model text,
    latency_ms integer,
    prompt_tokens integer,
    output_tokens integer,
    error text,
    attempts integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assistant_requests (
    request_id bigserial PRIMARY KEY,
    sent_at timestamptz NOT NULL DEFAULT now(),
    user_name text NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('question', 'analysis')),
    finding_id text,
    conversation_id bigint,
    model text NOT NULL,
    sent jsonb NOT NULL,
    masked jsonb NOT NULL,
    tool_calls jsonb,
    outcome text NOT NULL,
    latency_ms integer,
    prompt_tokens integer,
    output_tokens integer,
    error text
);
CREATE INDEX assistant_requests_sent_at ON assistant_requests (sent_at);
CREATE TRIGGER assistant_requests_append_only BEFORE UPDATE OR DELETE ON assistant_requests
    FOR EACH ROW EXECUTE FUNCTION driftguard_refuse_change();

COMMENT ON TABLE assistant_conversations IS 'A conversation with the Gemini assistant: one user, about one finding (or across findings when finding_id is null). Closed when the user starts over.';
COMMENT ON COLUMN assistant_conversations.conversation_id IS 'Id of the conversation.';
COMMENT ON COLUMN assistant_conversations.user_name IS 'The dashboard user who asks.';
COMMENT ON COLUMN assistant_conversations.finding_id IS 'The finding the conversation is about; null for questions across findings.';
COMMENT ON COLUMN assistant_conversations.started_at IS 'When the first question was asked.';
COMMENT ON COLUMN assistant_conversations.closed_at IS 'When the user started over; null while the conversation is the one shown.';

COMMENT ON TABLE assistant_messages IS 'The turns of each assistant conversation, as shown to the user (secrets masked in what left; e-mail addresses restored for display).';
COMMENT ON COLUMN assistant_messages.message_id IS 'Order of the turns.';
COMMENT ON COLUMN assistant_messages.conversation_id IS 'The conversation.';
COMMENT ON COLUMN assistant_messages.role IS 'user (the question) or model (the answer).';
COMMENT ON COLUMN assistant_messages.text IS 'The question, or the answer with unknown finding ids removed.';
COMMENT ON COLUMN assistant_messages.citations IS 'Finding ids the answer cites that exist, as a JSON array.';
COMMENT ON COLUMN assistant_messages.removed_citations IS 'Finding ids the model named that do not exist (removed from the text), as a JSON array.';
COMMENT ON COLUMN assistant_messages.tool_calls IS 'The read-only tools the model called for this answer: name, arguments, rows returned, refused; JSON.';
COMMENT ON COLUMN assistant_messages.recommendation IS 'The policy engine''s recommendation for the finding when the answer was given (never the model''s).';
COMMENT ON COLUMN assistant_messages.model IS 'The Gemini model that answered.';
COMMENT ON COLUMN assistant_messages.latency_ms IS 'Time to the answer, all model calls and tool calls included, in milliseconds.';
COMMENT ON COLUMN assistant_messages.prompt_tokens IS 'Input tokens over all model calls of the answer, as Gemini reported them.';
COMMENT ON COLUMN assistant_messages.output_tokens IS 'Output tokens over all model calls of the answer, as Gemini reported them.';
COMMENT ON COLUMN assistant_messages.finish_reason IS 'Gemini''s finish reason for the final call (STOP, MAX_TOKENS, …).';
COMMENT ON COLUMN assistant_messages.created_at IS 'When.';

COMMENT ON TABLE assistant_analyses IS 'The first analysis the assistant writes, once, for each new high-severity finding: what happened, the likely cause, what to check before acting.';
COMMENT ON COLUMN assistant_analyses.finding_id IS 'The finding analysed.';
COMMENT ON COLUMN assistant_analyses.finding_version IS 'The finding version the analysis read.';
COMMENT ON COLUMN assistant_analyses.state IS 'done, or failed (error says why; retried until attempts reaches the configured limit).';
COMMENT ON COLUMN assistant_analyses.text IS 'The analysis, with unknown finding ids removed.';
COMMENT ON COLUMN assistant_analyses.citations IS 'Finding ids the analysis cites that exist, as a JSON array.';
COMMENT ON COLUMN assistant_analyses.model IS 'The Gemini model that wrote it.';
COMMENT ON COLUMN assistant_analyses.latency_ms IS 'How long the model took, in milliseconds.';
COMMENT ON COLUMN assistant_analyses.prompt_tokens IS 'Input tokens, as Gemini reported them.';
COMMENT ON COLUMN assistant_analyses.output_tokens IS 'Output tokens, as Gemini reported them.';
COMMENT ON COLUMN assistant_analyses.error IS 'Why the last attempt failed, in plain words.';
COMMENT ON COLUMN assistant_analyses.attempts IS 'How many times the analysis was asked for.';
COMMENT ON COLUMN assistant_analyses.created_at IS 'When it was first asked for.';
COMMENT ON COLUMN assistant_analyses.updated_at IS 'When the last attempt ended.';

COMMENT ON TABLE assistant_requests IS 'Append-only audit of every request sent to Gemini: what left, after masking, and how it ended. Updates and deletes are refused.';
COMMENT ON COLUMN assistant_requests.request_id IS 'Order of requests.';
COMMENT ON COLUMN assistant_requests.sent_at IS 'When the answer (or error) came back.';
COMMENT ON COLUMN assistant_requests.user_name IS 'Who asked (driftguard for first analyses).';
COMMENT ON COLUMN assistant_requests.purpose IS 'question (a user asked) or analysis (a first analysis).';
COMMENT ON COLUMN assistant_requests.finding_id IS 'The finding asked about; null for questions across findings.';
COMMENT ON COLUMN assistant_requests.conversation_id IS 'The conversation, for questions.';
COMMENT ON COLUMN assistant_requests.model IS 'The Gemini model asked.';
COMMENT ON COLUMN assistant_requests.sent IS 'The system instruction and every content sent (tool results included), as they left: secrets replaced by [masked:kind] markers; JSON.';
COMMENT ON COLUMN assistant_requests.masked IS 'How many values of each kind were masked (aws_access_key, private_key, jwt, bearer_token, secret_assignment, email); JSON.';
COMMENT ON COLUMN assistant_requests.tool_calls IS 'The tool calls the model asked for, and whether each was run or refused; JSON.';
COMMENT ON COLUMN assistant_requests.outcome IS 'answered, refused (safety), quota (429), timeout, or error.';
COMMENT ON COLUMN assistant_requests.latency_ms IS 'Time from the first call to the answer, in milliseconds.';
COMMENT ON COLUMN assistant_requests.prompt_tokens IS 'Input tokens over all calls, as Gemini reported them.';
COMMENT ON COLUMN assistant_requests.output_tokens IS 'Output tokens over all calls, as Gemini reported them.';
COMMENT ON COLUMN assistant_requests.error IS 'The plain message shown when the request failed.';

-- The assistant's read-only tools run as driftguard_analyst (SET LOCAL ROLE inside a read-only
-- transaction), so the user the dashboard connects as must be a member of that role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'driftguard_analyst')
       AND NOT pg_has_role(current_user, 'driftguard_analyst', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT driftguard_analyst TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'cannot grant driftguard_analyst to %; the assistant''s tools need it: GRANT driftguard_analyst TO %', current_user, current_user;
        END;
    END IF;
END;
$$;
