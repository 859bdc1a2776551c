package io.driftguard.dashboard.approval;

import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.dashboard.audit.AuditLog;
import io.driftguard.dashboard.finding.FindingRepository;
import io.driftguard.dashboard.finding.StoredFinding;
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
    private final AuditLog auditLog;

    ApprovalService(FindingRepository findings, ApprovalRepository approvals, AuditLog auditLog) {
        this.findings = findings;
        this.approvals = approvals;
        this.auditLog = auditLog;
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
        Approval approval =
                approvals.insert(findingId, finding.version(), finding.recommendation(), decision, user, comment);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("approval_id", approval.approvalId());
        detail.put("decision", decision);
        detail.put("recommendation", finding.recommendation());
        detail.put("finding_version", finding.version());
        detail.put("comment", comment);
        auditLog.append(user, "approval." + decision, findingId, detail);
        return approval;
    }
}
