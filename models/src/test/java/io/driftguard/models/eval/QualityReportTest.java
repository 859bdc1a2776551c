package io.driftguard.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityReportTest {

    @TempDir
    Path dir;

    private Path labels() throws IOException {
        return write(
                "labels.jsonl",
                List.of(
                        label(
                                "c1",
                                "drift",
                                "configuration_error",
                                "aws",
                                "[\"e1\",\"e2\"]",
                                "configuration_error",
                                "high",
                                "auto_revert"),
                        label(
                                "c2",
                                "drift",
                                "emergency_fix",
                                "gcp",
                                "[\"e3\"]",
                                "emergency_fix",
                                "medium",
                                "escalate_for_review"),
                        label(
                                "c3",
                                "drift",
                                "security_response",
                                "azure",
                                "[\"e4\"]",
                                "security_response",
                                "low",
                                "codify_into_iac"),
                        label(
                                "c4",
                                "drift",
                                "automated_response",
                                "kubernetes",
                                "[\"e5\"]",
                                "automated_response",
                                "low",
                                "accept_as_exception"),
                        "{\"case_id\":\"n1\",\"expect\":\"not_drift\",\"family\":\"deploy_identity\",\"cloud\":\"aws\",\"event_ids\":[\"e6\"]}",
                        "{\"case_id\":\"n2\",\"expect\":\"not_drift\",\"family\":\"failed_call\",\"cloud\":\"gcp\",\"event_ids\":[\"e7\"]}"));
    }

    private static String label(
            String id,
            String expect,
            String family,
            String cloud,
            String events,
            String cause,
            String severity,
            String rec) {
        return "{\"case_id\":\"" + id + "\",\"expect\":\"" + expect + "\",\"family\":\"" + family + "\",\"cloud\":\""
                + cloud
                + "\",\"event_ids\":" + events + ",\"cause\":\"" + cause + "\",\"severity\":\"" + severity
                + "\",\"recommendation\":\"" + rec + "\"}";
    }

    private static String finding(String id, String kind, String events, String cause, String severity, String rec) {
        return "{\"finding_id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"source_events\":" + events + ",\"cause\":\""
                + cause + "\",\"severity\":\"" + severity + "\",\"recommendation\":\"" + rec + "\"}";
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void countsRecallFalsePositivesAndDuplicatesAsReplayMdDefinesThem() throws IOException {
        Path findings = write(
                "findings.jsonl",
                List.of(
                        // c1 detected twice: f1 shares two events, f2 one -> one duplicate, compared on f1
                        finding("f1", "drift", "[\"e1\",\"e2\"]", "configuration_error", "high", "auto_revert"),
                        finding("f2", "drift", "[\"e2\"]", "manual_troubleshooting", "low", "escalate_for_review"),
                        // c2 detected with the wrong cause and severity
                        finding(
                                "f3",
                                "drift",
                                "[\"e3\",\"x9\"]",
                                "manual_troubleshooting",
                                "high",
                                "escalate_for_review"),
                        // c3 only as unmanaged: does not count as a detection
                        finding("f4", "unmanaged", "[\"e4\"]", "security_response", "low", "codify_into_iac"),
                        // a drift finding on a not-drift case: a false positive of both kinds
                        finding("f5", "drift", "[\"e6\"]", "configuration_error", "high", "auto_revert"),
                        // a drift finding on nothing labelled
                        finding("f6", "drift", "[\"zz\"]", "configuration_error", "low", "escalate_for_review")));
        QualityReport r = QualityReport.compute(labels(), findings);

        assertThat(r.driftEpisodes()).isEqualTo(4);
        assertThat(r.detected()).isEqualTo(2);
        assertThat(r.recall()).isEqualTo(0.5);
        assertThat(r.driftFindings()).isEqualTo(5);
        assertThat(r.falsePositives()).isEqualTo(2);
        assertThat(r.falsePositiveRate()).isEqualTo(0.4);
        assertThat(r.notDriftCases()).isEqualTo(2);
        assertThat(r.notDriftCasesWithDriftFinding()).isEqualTo(1);
        assertThat(r.notDriftFalsePositiveRate()).isEqualTo(0.5);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.missedCaseIds()).containsExactly("c3", "c4");
        assertThat(r.falsePositiveFindingIds()).containsExactly("f5", "f6");
        assertThat(r.recallByCloud().get("aws").value()).isEqualTo(1.0);
        assertThat(r.recallByCloud().get("azure").value()).isEqualTo(0.0);
        assertThat(r.recallByFamily().get("emergency_fix").hits()).isEqualTo(1);

        // compared on f1 for c1 (right cause) and f3 for c2 (wrong cause)
        assertThat(r.causeAccuracy()).isEqualTo(0.5);
        assertThat(r.causeConfusion().get("emergency_fix").get("manual_troubleshooting"))
                .isEqualTo(1);
        assertThat(r.causeConfusion().get("configuration_error").get("configuration_error"))
                .isEqualTo(1);
        assertThat(r.causeScores().get("configuration_error").precision()).isEqualTo(1.0);
        assertThat(r.causeScores().get("manual_troubleshooting").precision()).isEqualTo(0.0);
        assertThat(r.causeScores().get("emergency_fix").recall()).isEqualTo(0.0);
        // classes with predictions or instances: configuration_error 1.0, manual_troubleshooting 0.0, emergency_fix 0.0
        assertThat(r.causeMacroPrecision()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(r.severityAgreement()).isEqualTo(0.5);
        assertThat(r.recommendationAgreement()).isEqualTo(1.0);
        assertThat(r.render())
                .contains("recall", "false-positive rate", "not-drift FP rate", "duplicates", "macro precision");
    }

    @Test
    void theLatestLineOfAFindingIsTheOneThatCounts() throws IOException {
        Path findings = write(
                "findings.jsonl",
                List.of(
                        finding("f1", "drift", "[\"e5\"]", "configuration_error", "high", "auto_revert"),
                        finding("f1", "drift", "[\"e5\"]", "automated_response", "low", "accept_as_exception")));
        QualityReport r = QualityReport.compute(labels(), findings);
        assertThat(r.detected()).isEqualTo(1);
        assertThat(r.duplicates()).isZero();
        assertThat(r.causeAccuracy()).isEqualTo(1.0);
    }

    @Test
    void noFindingsMeansNothingDetectedAndNoFalsePositives() throws IOException {
        QualityReport r = QualityReport.compute(labels(), write("findings.jsonl", List.of()));
        assertThat(r.recall()).isZero();
        assertThat(r.falsePositives()).isZero();
        assertThat(r.falsePositiveRate()).isNaN();
        assertThat(r.missedCaseIds()).hasSize(4);
    }
}
