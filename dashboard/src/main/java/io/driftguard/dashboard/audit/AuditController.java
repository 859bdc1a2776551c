package io.driftguard.dashboard.audit;

import io.driftguard.dashboard.system.Limits;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, newest first (Admin only; see the security configuration). */
@RestController
class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/api/audit-log")
    List<AuditLog.Entry> recent(@RequestParam(required = false) Integer limit) {
        return auditLog.recent(Limits.check(limit));
    }
}
