package io.driftguard.dashboard.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.dashboard.approval.ApprovalRepository;
import io.driftguard.dashboard.finding.FindingRepository;
import io.driftguard.dashboard.finding.StoredFinding;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A finding's timeline for the detail page. */
@RestController
class TimelineController {

    private final FindingRepository findings;
    private final ApprovalRepository approvals;

    TimelineController(FindingRepository findings, ApprovalRepository approvals) {
        this.findings = findings;
        this.approvals = approvals;
    }

    @GetMapping("/api/findings/{id}/timeline")
    List<Timeline.Entry> timeline(@PathVariable String id) {
        StoredFinding stored = findings.find(id)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no finding with id '" + id + "'"));
        Finding finding;
        try {
            // The core model the job wrote it with: one definition of the document, shared.
            finding = Json.MAPPER.readValue(stored.document(), Finding.class);
        } catch (JsonProcessingException e) {
            throw new ResponseStatusException(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "stored document of finding " + id + " does not match the finding format: "
                            + e.getOriginalMessage());
        }
        return Timeline.of(finding, approvals.forFinding(id));
    }
}
