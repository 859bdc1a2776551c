package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract check itself: it accepts a finding that keeps the contract and names what breaks it. */
class FindingsContractTest {

    static final String GOOD = """
            {"finding_id": "dg-0f1e2d3c4b5a69788796", "version": 3001, "kind": "drift", "cloud": "aws",
             "resource_id": "sg-0123456789abcdef0", "resource_type": "aws_security_group",
             "iac": {"source": "terraform", "address": "aws_security_group.web", "path": "terraform/aws-prod/web/"},
             "status": "resolved", "resolution": "reverted",
             "changes": [{"path": "ingress", "desired": "[]", "actual": "[{\\"from_port\\":22}]"}],
             "source_events": ["open-22", "revert-22"],
             "actor": {"id": "arn:aws:iam::111122223333:role/Admin/jane", "type": "human", "display": "jane"},
             "first_event_time": "2026-03-01T10:00:00Z", "detected_at": "2026-03-01T10:00:00.250Z",
             "cause": "manual_troubleshooting", "cause_confidence": 0.7,
             "cause_scores": {"emergency_fix": 0.05, "manual_troubleshooting": 0.7, "security_response": 0.05,
                              "configuration_error": 0.15, "automated_response": 0.05},
             "severity": "high",
             "severity_breakdown": [{"dimension": "security", "rule": "security.admin_port_open", "detail": "tcp 22", "level": "high"}],
             "recommendation": "escalate_for_review", "recommendation_confidence": 0.8,
             "reasoning": "The actor read the group a minute before.", "risk": "None: the change was reverted.",
             "policy_rule": "default.manual_troubleshooting.active",
             "correlations": [{"kind": "read_activity", "id": "jane", "source": "aws-cloudtrail", "relation": "before",
                               "time": "2026-03-01T09:58:00Z"}],
             "narrative": {"who": "jane", "when": "at 10:00", "what_triggered": "nothing found", "summary": "Port 22 opened."},
             "cause_model": {"name": "cause", "version": "037188194659", "feature_schema": "870c8dde0ec7756a"}}
            """;

    static ObjectNode good() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(GOOD);
    }

    static List<String> problems(Consumer<ObjectNode> change) throws Exception {
        ObjectNode f = good();
        change.accept(f);
        return FindingsContract.check(f, FindingsContract.Stage.FULL);
    }

    @Test
    void aFindingThatKeepsTheContractHasNoProblems() throws Exception {
        assertThat(FindingsContract.check(good(), FindingsContract.Stage.FULL)).isEmpty();
    }

    @Test
    void missingFieldsBadEnumsAndBadTypesAreNamed() throws Exception {
        assertThat(problems(f -> f.remove("source_events"))).containsExactly("missing source_events");
        assertThat(problems(f -> f.put("cloud", "oracle")))
                .singleElement()
                .asString()
                .startsWith("cloud:");
        assertThat(problems(f -> f.put("cause_confidence", 1.5)))
                .anySatisfy(p -> assertThat(p).startsWith("cause_confidence:"));
        assertThat(problems(f -> f.put("first_event_time", "2026-03-01 10:00:00")))
                .singleElement()
                .asString()
                .startsWith("first_event_time: ISO-8601 UTC");
        assertThat(problems(f -> f.with("actor").put("type", "robot")))
                .singleElement()
                .asString()
                .startsWith("actor:");
        assertThat(problems(f -> f.withArray("correlations")
                        .addObject()
                        .put("kind", "rumour")
                        .put("id", "x")))
                .singleElement()
                .asString()
                .startsWith("correlations:");
    }

    @Test
    void statusResolutionAndSeverityMustAgree() throws Exception {
        assertThat(problems(f -> f.remove("resolution"))).containsExactly("missing resolution");
        assertThat(problems(f -> f.put("status", "open")))
                .singleElement()
                .asString()
                .startsWith("resolution: only a resolved");
        assertThat(problems(f -> f.put("severity", "low")))
                .containsExactly("severity low is not the highest breakdown entry (high)");
        assertThat(problems(f -> f.with("cause_scores").put("automated_response", 0.5)))
                .anySatisfy(p -> assertThat(p).startsWith("cause_scores:"));
    }

    @Test
    void detectionStageAndUnmanagedFindingsNeedLess() throws Exception {
        ObjectNode detected = good();
        for (String judged : List.of(
                "cause",
                "cause_confidence",
                "cause_scores",
                "severity",
                "severity_breakdown",
                "recommendation",
                "recommendation_confidence",
                "reasoning",
                "risk",
                "policy_rule",
                "correlations",
                "narrative",
                "cause_model")) {
            detected.remove(judged);
        }
        assertThat(FindingsContract.check(detected, FindingsContract.Stage.DETECTION))
                .isEmpty();
        assertThat(FindingsContract.check(detected, FindingsContract.Stage.FULL))
                .hasSize(13);
        detected.put("kind", "unmanaged").remove(List.of("iac", "status", "resolution", "changes"));
        assertThat(FindingsContract.check(detected, FindingsContract.Stage.FULL))
                .isEmpty();
    }

    @Test
    void aFileWithARepeatedIdOrABrokenLineBreaksTheContract(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("FINDINGS.jsonl");
        String line = good().toString();
        Files.writeString(file, line + "\n" + line + "\n{\"finding_id\":\n");
        FindingsContract.Report report = FindingsContract.check(file, FindingsContract.Stage.FULL);
        assertThat(report.findings()).isEqualTo(3);
        assertThat(report.drift()).isEqualTo(2);
        assertThat(report.problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).isEqualTo("line 2: finding_id dg-0f1e2d3c4b5a69788796 repeats line 1"))
                .anySatisfy(p -> assertThat(p).startsWith("line 3: not JSON"));
        assertThat(report.passes()).isFalse();
    }
}
