package io.driftguard.judge.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.config.ConfigException;
import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.JudgementPolicies;
import io.driftguard.judge.testing.Episodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyOverridesTest {

    static JudgementPolicies load(String yaml) {
        return JudgementPolicies.from(ConfigLoader.parse(yaml, "config.yaml"));
    }

    @Test
    void parsesBothSectionsInOrder() {
        var config = ConfigLoader.parse("""
                policy:
                  severity:
                    - {name: a, when: {path: "tags.*"}, level: low}
                    - {name: b, when: {cloud: gcp, resource: "projects/p/*"}, level: ignore}
                  recommendations:
                    - {name: c, when: {cause: security_response, severity: [high, medium], incident_open: false}, recommend: escalate_for_review}
                """, "config.yaml");
        PolicyOverrides o = PolicyOverrides.parse(config.policy(), config.origin());
        assertThat(o.severity())
                .extracting(PolicyOverrides.SeverityOverride::name)
                .containsExactly("a", "b");
        assertThat(o.severity().get(1).ignore()).isTrue();
        assertThat(o.recommendations().get(0).when().severities()).containsExactly(Severity.HIGH, Severity.MEDIUM);
        assertThat(o.recommendations().get(0).when().incidentOpen()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key in a rule        | '    - {name: x, when: {}, recommend: auto_revert, prority: 1}'   | line 3: unknown key 'prority'
            bad recommendation           | '    - {name: x, when: {}, recommend: revert}'                    | line 3: recommendation rule 'x': recommend must be one of
            bad cause                    | '    - {name: x, when: {cause: oops}, recommend: auto_revert}'    | line 3: when.cause must be one of
            missing when                 | '    - {name: x, recommend: auto_revert}'                         | line 3: rule 'x' needs 'when'
            confidence out of range      | '    - {name: x, when: {}, recommend: auto_revert, confidence: 2}' | line 3: recommendation rule 'x': confidence must be a number from 0 to 1
            unknown condition            | '    - {name: x, when: {colour: red}, recommend: auto_revert}'    | line 3: unknown key 'colour' in when
            """)
    void badRecommendationRulesFailAtStartUpNamingTheLine(String what, String rule, String message) {
        String yaml = "policy:\n  recommendations:\n" + rule + "\n";
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.yaml line")
                .hasMessageContaining(message);
    }

    @Test
    void badSeverityRuleNamesItsLine() {
        String yaml = """
                policy:
                  severity:
                    - name: fine
                      when: {path: "tags.*"}
                      level: low
                    - name: broken
                      when: {path: runtime}
                      level: critical
                """;
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "config.yaml line 6: severity rule 'broken': level must be low, medium, high or ignore, got 'critical'");
    }

    @Test
    void unknownSectionIsAnError() {
        assertThatThrownBy(() -> load("policy:\n  recomendations: []\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2: unknown key 'recomendations' in policy");
    }

    @Test
    void policiesWithOverridesSurviveJavaSerialisationAsFlinkShipsThem() throws Exception {
        JudgementPolicies p = load("""
                policy:
                  recommendations:
                    - {name: asg-is-fine, when: {resource_type: "aws_autoscaling_*"}, recommend: accept_as_exception}
                """);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        JudgementPolicies copy;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (JudgementPolicies) in.readObject();
        }
        var ctx = Episodes.aws("aws_autoscaling_group", "web-asg")
                .change("desired_capacity", "4", "7")
                .build();
        assertThat(copy.decide(ctx, Cause.CONFIGURATION_ERROR, 0.7, null).policyRule())
                .isEqualTo("asg-is-fine");
    }

    @Test
    void emptyPolicyIsTheDefaults() {
        assertThat(PolicyOverrides.parse(java.util.Map.of(), "x").recommendations())
                .isEmpty();
    }
}
