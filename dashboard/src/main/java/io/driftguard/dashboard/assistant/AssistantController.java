package io.driftguard.dashboard.assistant;

import io.driftguard.dashboard.audit.AuditLog;
import io.driftguard.dashboard.finding.FindingRepository;
import io.driftguard.dashboard.finding.StoredFinding;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Questions about one finding, answered by Gemini from that finding's evidence. */
@RestController
class AssistantController {

    static final int MAX_QUESTION = 2000;

    private final Assistant assistant;
    private final FindingRepository findings;
    private final AuditLog auditLog;

    AssistantController(Assistant assistant, FindingRepository findings, AuditLog auditLog) {
        this.assistant = assistant;
        this.findings = findings;
        this.auditLog = auditLog;
    }

    /** Whether the pages should offer the question box. */
    @GetMapping("/api/assistant")
    Status status() {
        return new Status(assistant.enabled(), assistant.enabled() ? assistant.model() : null);
    }

    @PostMapping("/api/findings/{id}/ask")
    Answer ask(@PathVariable String id, @RequestBody Question body, Principal user) {
        String question = body.question() == null ? "" : body.question().strip();
        if (question.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "question is empty");
        }
        if (question.length() > MAX_QUESTION) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "question is longer than " + MAX_QUESTION + " characters");
        }
        if (!assistant.enabled()) {
            assistant.ask("", question); // throws the 503 that explains how to enable it
        }
        StoredFinding finding = findings.find(id)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no finding with id '" + id + "'"));
        // The finding leaves for Google's service: that is worth a line in the audit log.
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("model", assistant.model());
        detail.put("question", question);
        auditLog.append(user.getName(), "assistant.asked", id, detail);
        return new Answer(assistant.ask(finding.document(), question), assistant.model());
    }

    record Question(String question) {}

    record Answer(String answer, String model) {}

    record Status(boolean enabled, String model) {}
}
