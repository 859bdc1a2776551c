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

    private final ApprovalService service;
    private final ApprovalRepository approvals;

    ApprovalController(ApprovalService service, ApprovalRepository approvals) {
        this.service = service;
        this.approvals = approvals;
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
