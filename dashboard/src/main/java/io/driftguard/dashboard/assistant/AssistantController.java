package io.driftguard.dashboard.assistant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The assistant's API: a conversation per user and finding (and one across findings), kept with its
 * history; the first analysis of a high-severity finding. Model, latency and tokens of each answer
 * are shown to Admins only.
 */
@RestController
class AssistantController {

    static final int MAX_QUESTION = 2000;

    private final AssistantService assistant;

    AssistantController(AssistantService assistant) {
        this.assistant = assistant;
    }

    /** Whether the pages offer the question box, and how to turn it on when they do not. */
    @GetMapping("/api/assistant")
    Status status() {
        return assistant.enabled()
                ? new Status(
                        true,
                        assistant.model(),
                        null,
                        AssistantTools.ALLOWED.stream().sorted().toList())
                : new Status(false, null, Assistant.HOW_TO_ENABLE, List.of());
    }

    @GetMapping("/api/findings/{id}/conversation")
    List<MessageView> conversation(@PathVariable String id, Authentication user) {
        return view(assistant.conversation(user.getName(), id), admin(user));
    }

    @PostMapping("/api/findings/{id}/ask")
    AnswerView ask(@PathVariable String id, @RequestBody Question body, Authentication user) {
        return view(assistant.ask(user.getName(), id, question(body)), admin(user));
    }

    @PostMapping("/api/findings/{id}/conversation/reset")
    ResponseEntity<Void> startOver(@PathVariable String id, Authentication user) {
        assistant.startOver(user.getName(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/findings/{id}/analysis")
    ResponseEntity<AnalysisView> analysis(@PathVariable String id, Authentication user) {
        Conversations.Analysis a = assistant.analysis(id);
        if (a == null) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok(new AnalysisView(
                a.findingId(),
                a.findingVersion(),
                a.state(),
                a.text(),
                a.citations(),
                a.state().equals("failed") ? a.error() : null,
                a.updatedAt(),
                a.slackPostedAt(),
                admin(user) ? new Meta(a.model(), a.latencyMs(), a.promptTokens(), a.outputTokens(), null) : null));
    }

    /** The conversation across findings. */
    @GetMapping("/api/assistant/conversation")
    List<MessageView> acrossConversation(Authentication user) {
        return view(assistant.conversation(user.getName(), null), admin(user));
    }

    @PostMapping("/api/assistant/ask")
    AnswerView askAcross(@RequestBody Question body, Authentication user) {
        return view(assistant.ask(user.getName(), null, question(body)), admin(user));
    }

    @PostMapping("/api/assistant/conversation/reset")
    ResponseEntity<Void> startOverAcross(Authentication user) {
        assistant.startOver(user.getName(), null);
        return ResponseEntity.noContent().build();
    }

    private static String question(Question body) {
        String question =
                body == null || body.question() == null ? "" : body.question().strip();
        if (question.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "question is empty");
        }
        if (question.length() > MAX_QUESTION) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "question is longer than " + MAX_QUESTION + " characters");
        }
        return question;
    }

    private static boolean admin(Authentication user) {
        return user.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    private static AnswerView view(Answer a, boolean admin) {
        return new AnswerView(
                a.text(),
                a.citations(),
                a.removedCitations(),
                a.toolCalls(),
                a.recommendation(),
                a.contradictsPolicy(),
                admin
                        ? new Meta(a.model(), a.latencyMs(), a.promptTokens(), a.outputTokens(), a.finishReason())
                        : null);
    }

    private static List<MessageView> view(List<Conversations.Message> messages, boolean admin) {
        return messages.stream()
                .map(m -> new MessageView(
                        m.role(),
                        m.text(),
                        m.citations(),
                        m.removedCitations(),
                        m.toolCalls(),
                        m.recommendation(),
                        m.recommendation() != null && AssistantService.contradicts(m.text(), m.recommendation()),
                        m.createdAt(),
                        admin && m.model() != null
                                ? new Meta(
                                        m.model(), m.latencyMs(), m.promptTokens(), m.outputTokens(), m.finishReason())
                                : null))
                .toList();
    }

    record Question(String question) {}

    /** Model, latency and token use of one answer (Admins only). */
    record Meta(String model, Integer latencyMs, Integer promptTokens, Integer outputTokens, String finishReason) {}

    record AnswerView(
            String answer,
            List<String> citations,
            List<String> removedCitations,
            List<Map<String, Object>> toolCalls,
            String recommendation,
            boolean contradictsPolicy,
            Meta meta) {}

    record MessageView(
            String role,
            String text,
            List<String> citations,
            List<String> removedCitations,
            List<Map<String, Object>> toolCalls,
            String recommendation,
            boolean contradictsPolicy,
            Instant createdAt,
            Meta meta) {}

    record AnalysisView(
            String findingId,
            long findingVersion,
            String state,
            String text,
            List<String> citations,
            String error,
            Instant updatedAt,
            Instant slackPostedAt,
            Meta meta) {}

    record Status(boolean enabled, String model, String howToEnable, List<String> tools) {}
}
