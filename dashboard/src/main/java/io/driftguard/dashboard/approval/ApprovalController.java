package io.driftguard.dashboard.approval;

import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Decisions on a finding's recommendation: anyone may read them, Edit and Admin may add one. */
@RestController
class ApprovalController {

    static final int QUEUE_LIMIT = 500;

    private final ApprovalService service;
    private final ApprovalRepository approvals;
    private final ActionRepository actions;

    ApprovalController(ApprovalService service, ApprovalRepository approvals, ActionRepository actions) {
        this.service = service;
        this.approvals = approvals;
        this.actions = actions;
    }

    /** What waits for a decision, most severe and oldest first. */
    @GetMapping("/api/approvals/queue")
    List<ActionRepository.QueueEntry> queue() {
        return actions.queue(QUEUE_LIMIT);
    }

    @GetMapping("/api/findings/{id}/commitments")
    List<Commitment> commitments(@PathVariable String id) {
        return actions.commitments(id);
    }

    @GetMapping("/api/findings/{id}/exception-rules")
    List<ExceptionRuleView> exceptionRules(@PathVariable String id) {
        return actions.exceptionRules(id);
    }

    @GetMapping("/api/exception-rules")
    List<ExceptionRuleView> allExceptionRules() {
        return actions.exceptionRules(null);
    }

    @PostMapping("/api/exception-rules/{ruleId}/revoke")
    ResponseEntity<Void> revoke(@PathVariable long ruleId, Principal user) {
        service.revoke(ruleId, user.getName());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/findings/{id}/approvals")
    List<Approval> list(@PathVariable String id) {
        return approvals.forFinding(id);
    }

    @PostMapping("/api/findings/{id}/approvals")
    ResponseEntity<Approval> decide(@PathVariable String id, @RequestBody ApprovalRequest request, Principal user) {
        Approval approval = service.decide(id, request, user.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(approval);
    }
}
