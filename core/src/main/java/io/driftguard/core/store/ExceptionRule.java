package io.driftguard.core.store;

import io.driftguard.core.config.Glob;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import java.io.Serializable;
import java.time.Instant;

/**
 * An accepted exception (the {@code exception_rules} table): drift on a resource, or on one
 * attribute of it, that people decided to live with until {@code expiresAt}.
 *
 * @param resource the resource id, {@code *} as a wildcard
 * @param attribute the attribute path ({@code *} as a wildcard), or null for every attribute
 */
public record ExceptionRule(
        long ruleId, Cloud cloud, Glob resource, Glob attribute, String reason, String approvedBy, Instant expiresAt)
        implements Serializable {

    /**
     * Whether the rule silences this finding at {@code now}: an open drift finding on the resource
     * whose differing attributes all fall under the rule, before the rule expires.
     */
    public boolean silences(Finding f, Instant now) {
        if (!now.isBefore(expiresAt)
                || f.kind() != FindingKind.DRIFT
                || f.status() != FindingStatus.OPEN
                || f.cloud() != cloud
                || !resource.matches(f.resourceId())) {
            return false;
        }
        if (attribute == null) {
            return true;
        }
        if (f.changes().isEmpty()) {
            return false;
        }
        for (Change c : f.changes()) {
            if (!attribute.matches(basePath(c.path()))) {
                return false;
            }
        }
        return true;
    }

    /** What a silenced finding's {@code suppressed_by} says. */
    public String describe() {
        return "exception rule " + ruleId + " (approved by " + approvedBy + " until " + expiresAt + "): " + reason;
    }

    /** {@code ingress+} and {@code ingress-} (a set member added or removed) are about {@code ingress}. */
    private static String basePath(String path) {
        return path.endsWith("+") || path.endsWith("-") ? path.substring(0, path.length() - 1) : path;
    }
}
