package io.driftguard.dashboard.security;

import io.driftguard.dashboard.audit.AuditLog;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records each sign-in through the login form in the append-only audit log. Scripts that send
 * HTTP Basic on every request are not signing in and are not recorded each time.
 */
@Component
class SignInAudit {

    private final AuditLog auditLog;

    SignInAudit(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        auditLog.append(event.getAuthentication().getName(), "sign_in", null, Map.of("method", "login form"));
    }
}
