package io.driftguard.dashboard.approval;

import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.dashboard.audit.AuditLog;
import io.driftguard.dashboard.finding.FindingRepository;
import io.driftguard.dashboard.finding.StoredFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Records decisions on recommendations. The decision and its audit entry are written in one
 * transaction: there is never an approval nobody can account for.
 */
@Service
public class ApprovalService {

    static final List<String> DECISIONS = List.of("approved", "rejected", "deferred");
    static final int MAX_COMMENT = 2000;

    private final FindingRepository findings;
    private final ApprovalRepository approvals;
    static final Duration DEFAULT_EXCEPTION = Duration.ofDays(30);
    static final Duration LONGEST_EXCEPTION = Duration.ofDays(366);
    static final Duration DEFAULT_REVERT_DUE = Duration.ofDays(1);
    static final Duration DEFAULT_CODIFY_DUE = Duration.ofDays(7);

    private final AuditLog auditLog;
    private final ActionRepository actions;

    ApprovalService(
            FindingRepository findings, ApprovalRepository approvals, AuditLog auditLog, ActionRepository actions) {
        this.findings = findings;
        this.approvals = approvals;
        this.auditLog = auditLog;
        this.actions = actions;
    }

    @Transactional
    Approval decide(String findingId, ApprovalRequest request, String user) {
        String decision = request.decision() == null ? "" : request.decision().trim();
        if (!DECISIONS.contains(decision)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "decision must be one of " + String.join(", ", DECISIONS) + ", was '" + request.decision() + "'");
        }
        String comment = request.comment() == null || request.comment().isBlank()
                ? null
                : request.comment().strip();
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "comment is longer than " + MAX_COMMENT + " characters");
        }
        StoredFinding finding = findings.find(findingId)
                .orElseThrow(() ->
                        new ResponseStatusException(HttpStatus.NOT_FOUND, "no finding with id '" + findingId + "'"));
        if (finding.recommendation() == null) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "finding " + findingId + " has no recommendation yet (pending judgement); nothing to decide on");
        }
        if (!FindingStatus.OPEN.id().equals(finding.status())) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "finding " + findingId + " is resolved; a resolved episode needs no action");
        }
        if (request.findingVersion() != null && request.findingVersion() != finding.version()) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "finding " + findingId + " changed since version " + request.findingVersion() + " (now "
                            + finding.version() + "); review it again before deciding");
        }
        Instant now = actions.now();
        boolean approved = "approved".equals(decision);
        String recommendation = finding.recommendation();
        Instant expiresAt = null;
        Instant dueAt = null;
        if (approved && Recommendation.ACCEPT_AS_EXCEPTION.id().equals(recommendation)) {
            if (comment == null) {
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "accepting an exception needs a reason: write it in the comment");
            }
            expiresAt = request.expiresAt() != null ? request.expiresAt() : now.plus(DEFAULT_EXCEPTION);
            if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(LONGEST_EXCEPTION))) {
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "expires_at must be in the future and within a year, was " + expiresAt);
            }
        } else if (approved
                && (Recommendation.AUTO_REVERT.id().equals(recommendation)
                        || Recommendation.CODIFY_INTO_IAC.id().equals(recommendation))) {
            dueAt = request.dueAt() != null
                    ? request.dueAt()
                    : now.plus(
                            Recommendation.AUTO_REVERT.id().equals(recommendation)
                                    ? DEFAULT_REVERT_DUE
                                    : DEFAULT_CODIFY_DUE);
            if (!dueAt.isAfter(now)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "due_at must be in the future, was " + dueAt);
            }
        }
        Approval approval =
                approvals.insert(findingId, finding.version(), finding.recommendation(), decision, user, comment);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("approval_id", approval.approvalId());
        detail.put("decision", decision);
        detail.put("recommendation", finding.recommendation());
        detail.put("finding_version", finding.version());
        detail.put("comment", comment);
        auditLog.append(user, "approval." + decision, findingId, detail);
        if (expiresAt != null) {
            ActionRepository.Target target = actions.target(findingId);
            // one differing attribute: the exception covers it alone; several: the whole resource
            String attribute =
                    target.paths().size() == 1 ? basePath(target.paths().get(0)) : null;
            long ruleId = actions.createExceptionRule(
                    findingId, approval.approvalId(), target, attribute, comment, user, expiresAt);
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("rule_id", ruleId);
            rule.put("cloud", target.cloud());
            rule.put("resource_id", target.resourceId());
            rule.put("attribute", attribute);
            rule.put("expires_at", expiresAt.toString());
            rule.put("reason", comment);
            auditLog.append(user, "exception_rule.created", findingId, rule);
        }
        if (dueAt != null) {
            String action = Recommendation.AUTO_REVERT.id().equals(recommendation) ? "revert" : "codify";
            String committedBy =
                    request.committedBy() == null || request.committedBy().isBlank()
                            ? user
                            : request.committedBy().strip();
            long commitmentId =
                    actions.createCommitment(findingId, approval.approvalId(), action, committedBy, dueAt, comment);
            Map<String, Object> commitment = new LinkedHashMap<>();
            commitment.put("commitment_id", commitmentId);
            commitment.put("action", action);
            commitment.put("committed_by", committedBy);
            commitment.put("due_at", dueAt.toString());
            auditLog.append(user, "commitment.created", findingId, commitment);
        }
        return approval;
    }

    /** Revokes an exception rule before it expires; the job stops applying it within seconds. */
    @Transactional
    void revoke(long ruleId, String user) {
        if (!actions.revoke(ruleId, user)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no exception rule " + ruleId + " in force");
        }
        auditLog.append(user, "exception_rule.revoked", null, Map.of("rule_id", ruleId));
    }

    private static String basePath(String path) {
        return path.endsWith("+") || path.endsWith("-") ? path.substring(0, path.length() - 1) : path;
    }
}
