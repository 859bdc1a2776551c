package io.driftguard.dashboard.assistant;

import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.dashboard.audit.AuditLog;
import io.driftguard.dashboard.finding.FindingRepository;
import io.driftguard.dashboard.finding.StoredFinding;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the model and keeps the conversation. One request: the evidence (masked, quoted), the
 * history, the question; then the model's tool calls, each allow-listed and read-only, until it
 * answers; then the answer's citations are checked, the policy's recommendation is put beside it,
 * and what was sent is recorded for audit.
 */
@Service
class AssistantService {

    static final String SYSTEM_USER = "driftguard";

    /** The most turns sent (odd: the first exchange, then the latest turns ending with the question). */
    static final int MAX_TURNS = 21;

    private static final Logger LOG = LoggerFactory.getLogger(AssistantService.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Assistant gemini;
    private final Conversations store;
    private final FindingRepository findings;
    private final AuditLog auditLog;
    private final AssistantMetrics metrics;
    private final AssistantTools tools;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    AssistantService(
            Assistant gemini,
            Conversations store,
            FindingRepository findings,
            AuditLog auditLog,
            AssistantMetrics metrics,
            DataSource dataSource,
            JsonMapper json) {
        this.gemini = gemini;
        this.store = store;
        this.findings = findings;
        this.auditLog = auditLog;
        this.metrics = metrics;
        this.json = json;
        this.tools = new AssistantTools(
                new ReadOnlyQueries(
                        dataSource,
                        gemini.config().toolTimeout(),
                        gemini.config().toolMaxRows()),
                findings,
                json);
    }

    boolean enabled() {
        return gemini.enabled();
    }

    String model() {
        return gemini.model();
    }

    /** The user's open conversation about the finding (null: across findings); empty when none. */
    List<Conversations.Message> conversation(String user, String findingId) {
        return store.open(user, findingId).map(store::messages).orElse(List.of());
    }

    void startOver(String user, String findingId) {
        store.close(user, findingId);
    }

    Conversations.Analysis analysis(String findingId) {
        return store.analysis(findingId).orElse(null);
    }

    /** Asks, stores the question and the answer in the user's conversation, and returns the answer. */
    Answer ask(String user, String findingId, String question) {
        StoredFinding finding = findingId == null ? null : find(findingId);
        if (!gemini.enabled()) {
            throw new AssistantFailure(
                    AssistantFailure.Outcome.DISABLED, HttpStatus.SERVICE_UNAVAILABLE, Assistant.HOW_TO_ENABLE);
        }
        long conversation = store.openOrStart(user, findingId);
        List<String> turns = new ArrayList<>();
        for (Conversations.Message m : store.messages(conversation)) {
            turns.add(m.text());
        }
        turns.add(question);
        if (turns.size() > MAX_TURNS) {
            // The first exchange carries the evidence; then the most recent turns, still alternating.
            List<String> kept = new ArrayList<>(turns.subList(0, 2));
            kept.addAll(turns.subList(turns.size() - (MAX_TURNS - 2), turns.size()));
            turns = kept;
        }
        Masker masker = new Masker(gemini.config().maskEmails());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("model", gemini.model());
        detail.put("question", new Masker(gemini.config().maskEmails()).mask(question));
        detail.put("conversation_id", conversation);
        // The finding leaves for Google's service: that is worth a line in the audit log, whatever the outcome.
        auditLog.append(user, "assistant.asked", findingId, detail);
        Answer answer = run(user, "question", finding, turns, masker, conversation);
        store.addQuestion(conversation, question);
        store.addAnswer(conversation, answer);
        return answer;
    }

    /** The first analysis of a finding, stored once; failures are stored with their message. */
    void analyse(String findingId) {
        StoredFinding finding = find(findingId);
        try {
            Answer answer = run(
                    SYSTEM_USER,
                    "analysis",
                    finding,
                    List.of(Prompt.ANALYSIS_QUESTION),
                    new Masker(gemini.config().maskEmails()),
                    null);
            store.saveAnalysis(findingId, finding.version(), answer);
        } catch (AssistantFailure e) {
            LOG.warn("first analysis of {} failed: {}", findingId, e.plainMessage());
            store.analysisFailed(findingId, finding.version(), gemini.model(), e.plainMessage());
        }
    }

    private StoredFinding find(String id) {
        return findings.find(id)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no finding with id '" + id + "'"));
    }

    private Answer run(
            String user, String purpose, StoredFinding finding, List<String> turns, Masker masker, Long conversation) {
        String nonce = Prompt.nonce();
        String system = Prompt.system(nonce, clock.instant());
        List<Content> contents = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            String text = masker.mask(turns.get(i));
            if (i == 0) {
                text = finding != null
                        ? Prompt.findingTurn(
                                nonce,
                                masker.mask(finding.document()),
                                masker.mask(policy(finding)),
                                gemini.config().maxDocumentChars(),
                                text)
                        : "A question across findings; use the tools to find the evidence.\n\nQuestion: " + text;
            }
            contents.add(Content.builder()
                    .role(i % 2 == 0 ? "user" : "model")
                    .parts(Part.fromText(text))
                    .build());
        }
        Set<String> seen = new LinkedHashSet<>();
        if (finding != null) {
            seen.add(finding.findingId());
        }
        List<Map<String, Object>> calls = new ArrayList<>();
        long start = System.nanoTime();
        int promptTokens = 0;
        int outputTokens = 0;
        int max = gemini.config().maxToolCalls();
        String outcome = "answered";
        String error = null;
        try {
            GenerateContentResponse response;
            while (true) {
                // After the last allowed tool call the model is asked once more without tools, to answer.
                response = gemini.generate(system, contents, calls.size() < max ? tools.declarations() : null);
                var usage = response.usageMetadata();
                promptTokens += usage.flatMap(u -> u.promptTokenCount()).orElse(0);
                outputTokens += usage.flatMap(u -> u.candidatesTokenCount()).orElse(0);
                List<FunctionCall> asked = functionCalls(response);
                if (asked == null || asked.isEmpty()) {
                    break;
                }
                if (calls.size() >= max) {
                    throw new AssistantFailure(
                            AssistantFailure.Outcome.ERROR,
                            HttpStatus.BAD_GATEWAY,
                            "Gemini kept calling tools after " + max + " calls without answering.");
                }
                contents.add(
                        response.candidates().orElseThrow().get(0).content().orElseThrow());
                List<Part> results = new ArrayList<>();
                for (FunctionCall call : asked) {
                    String name = call.name().orElse(null);
                    AssistantTools.Result result = calls.size() < max
                            ? tools.call(name, unmask(call.args().orElse(Map.of()), masker))
                            : new AssistantTools.Result(
                                    new AssistantTools.Call(name, call.args().orElse(Map.of()), true, 0, "limit"),
                                    Map.of("error", "tool call limit reached: answer from what you have"),
                                    Set.of());
                    seen.addAll(result.findingIds());
                    calls.add(describe(result.call()));
                    metrics.toolCall(name, result.call().refused());
                    FunctionResponse.Builder reply = FunctionResponse.builder()
                            .name(name == null ? "unknown" : name)
                            .response(mask(result.response(), masker));
                    call.id().ifPresent(reply::id);
                    results.add(Part.builder().functionResponse(reply.build()).build());
                }
                contents.add(Content.builder().role("user").parts(results).build());
            }
            String text = response.text();
            if (text == null || text.isBlank()) {
                throw new AssistantFailure(
                        AssistantFailure.Outcome.ERROR,
                        HttpStatus.BAD_GATEWAY,
                        "Gemini gave no answer (finish reason " + Assistant.finishReason(response) + ").");
            }
            Citations.Checked checked = Citations.check(text.strip(), id -> seen.contains(id) || store.exists(id));
            FinishReason.Known reason = Assistant.finishReason(response);
            String shown = masker.restore(checked.text());
            if (reason == FinishReason.Known.MAX_TOKENS) {
                shown += "\n\n(The answer was cut at the model's output limit.)";
            }
            String recommendation = finding == null ? null : finding.recommendation();
            return new Answer(
                    shown,
                    checked.cited(),
                    checked.removed(),
                    calls,
                    recommendation,
                    contradicts(shown, recommendation),
                    gemini.model(),
                    (int) Duration.ofNanos(System.nanoTime() - start).toMillis(),
                    promptTokens,
                    outputTokens,
                    reason == null ? null : reason.name());
        } catch (AssistantFailure e) {
            outcome = e.outcome().id();
            error = e.plainMessage();
            throw e;
        } finally {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            metrics.request(purpose, gemini.model(), outcome, latency, promptTokens, outputTokens);
            metrics.masked(masker.counts());
            store.recordRequest(
                    user,
                    purpose,
                    finding == null ? null : finding.findingId(),
                    conversation,
                    gemini.model(),
                    sent(system, contents),
                    masker.counts(),
                    calls,
                    outcome,
                    (int) latency.toMillis(),
                    promptTokens,
                    outputTokens,
                    error);
        }
    }

    /** The policy engine's judgement, quoted beside the finding so the model explains it rather than invents one. */
    private String policy(StoredFinding finding) {
        Map<String, Object> doc = json.readValue(finding.document(), MAP);
        Map<String, Object> policy = new LinkedHashMap<>();
        for (String key : List.of(
                "finding_id", "recommendation", "recommendation_confidence", "policy_rule", "reasoning", "risk")) {
            policy.put(key, doc.get(key));
        }
        return json.writeValueAsString(policy);
    }

    /** True when the text names a recommendation other than the policy's. */
    static boolean contradicts(String text, String recommendation) {
        if (recommendation == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String other : Term.ids(Recommendation.class)) {
            if (!other.equals(recommendation) && (lower.contains(other) || lower.contains(other.replace('_', ' ')))) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> mask(Map<String, Object> response, Masker masker) {
        String masked = masker.mask(json.writeValueAsString(response));
        try {
            return json.readValue(masked, MAP);
        } catch (RuntimeException e) {
            return Map.of("masked_text", masked);
        }
    }

    /** The function calls of the first candidate (the SDK's own accessor returns a Guava type). */
    private static List<FunctionCall> functionCalls(GenerateContentResponse response) {
        List<FunctionCall> out = new ArrayList<>();
        response.candidates()
                .filter(c -> !c.isEmpty())
                .flatMap(c -> c.get(0).content())
                .flatMap(Content::parts)
                .ifPresent(parts -> parts.forEach(p -> p.functionCall().ifPresent(out::add)));
        return out;
    }

    /** Tool arguments with this request's e-mail tokens turned back into addresses, so searches match. */
    private static Map<String, Object> unmask(Map<String, Object> args, Masker masker) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((k, v) -> out.put(k, v instanceof String s ? masker.restore(s) : v));
        return out;
    }

    private static Map<String, Object> describe(AssistantTools.Call call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", call.name());
        out.put("args", call.args());
        out.put("refused", call.refused());
        out.put("rows", call.rows());
        if (call.error() != null) {
            out.put("error", call.error());
        }
        return out;
    }

    private List<Object> sent(String system, List<Content> contents) {
        List<Object> out = new ArrayList<>(contents.size() + 1);
        out.add(Map.of("system_instruction", system));
        for (Content c : contents) {
            out.add(json.readTree(c.toJson()));
        }
        return out;
    }
}
