package io.driftguard.judge.policy;

import static io.driftguard.judge.testing.Episodes.SSH_WORLD;
import static io.driftguard.judge.testing.Episodes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.judge.JudgementPolicies;
import io.driftguard.judge.context.ActorFacts;
import io.driftguard.judge.testing.Episodes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommendationPolicyTest {

    private final JudgementPolicies policies = JudgementPolicies.defaults();

    static Episodes sshOpened() {
        return Episodes.aws("aws_security_group", "sg-0abc").change("ingress", "[]", "[" + SSH_WORLD + "]");
    }

    static Episodes tagChanged() {
        return Episodes.aws("aws_security_group", "sg-0abc").change("tags.Owner", "\"a\"", "\"b\"");
    }

    @Test
    void configurationErrorHighIsReverted() {
        var j = policies.decide(sshOpened().build(), Cause.CONFIGURATION_ERROR, 0.9, null);
        assertThat(j.recommendation()).isEqualTo(Recommendation.AUTO_REVERT);
        assertThat(j.policyRule()).isEqualTo("default.configuration_error.high");
        assertThat(j.recommendationConfidence()).isEqualTo(0.9);
        assertThat(j.risk()).contains("loses it");
        assertThat(j.reasoning()).contains("high severity").contains("configuration_error (confidence 0.90)");
    }

    @Test
    void configurationErrorOtherwiseIsEscalated() {
        var j = policies.decide(tagChanged().build(), Cause.CONFIGURATION_ERROR, 0.8, null);
        assertThat(j.recommendation()).isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
        assertThat(j.policyRule()).isEqualTo("default.configuration_error.otherwise");
    }

    @Test
    void securityResponseIsCodifiedAndTheReasoningNamesTheFinding() {
        Episodes e = Episodes.aws("aws_security_group", "sg-0abc")
                .change("ingress", "[" + SSH_WORLD + "]", "[]")
                .fact(Episodes.guardDuty("UnauthorizedAccess:EC2/SSHBruteForce", T0.minusSeconds(1800)));
        var j = policies.decide(e.build(), Cause.SECURITY_RESPONSE, 0.95, null);
        assertThat(j.recommendation()).isEqualTo(Recommendation.CODIFY_INTO_IAC);
        assertThat(j.policyRule()).isEqualTo("default.security_response");
        assertThat(j.reasoning()).contains("GuardDuty finding UnauthorizedAccess:EC2/SSHBruteForce");
        assertThat(j.risk()).contains("relied on the removed access");
    }

    @Test
    void emergencyFixDuringAnOpenIncidentIsEscalatedAndAfterItIsCodified() {
        Episodes during = Episodes.aws("aws_instance", "i-1")
                .change("instance_type", "\"t3.medium\"", "\"t3.xlarge\"")
                .fact(Episodes.incident("Q1ABC", "high", T0.minusSeconds(720), null, "Checkout 5xx above 5%"));
        var j = policies.decide(during.build(), Cause.EMERGENCY_FIX, 0.9, null);
        assertThat(j.recommendation()).isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
        assertThat(j.policyRule()).isEqualTo("default.emergency_fix.incident_open");
        assertThat(j.reasoning())
                .contains("PagerDuty incident Q1ABC (high urgency) \"Checkout 5xx above 5%\"")
                .contains("still open");

        Episodes after = Episodes.aws("aws_instance", "i-1")
                .change("instance_type", "\"t3.medium\"", "\"t3.xlarge\"")
                .fact(Episodes.incident(
                        "Q1ABC", "high", T0.minusSeconds(720), T0.plusSeconds(1800), "Checkout 5xx above 5%"))
                .asOf(T0.plusSeconds(3600));
        var k = policies.decide(after.build(), Cause.EMERGENCY_FIX, 0.9, null);
        assertThat(k.recommendation()).isEqualTo(Recommendation.CODIFY_INTO_IAC);
        assertThat(k.policyRule()).isEqualTo("default.emergency_fix.no_incident");
        assertThat(k.risk()).contains("higher cost becomes permanent");
    }

    @Test
    void lowUrgencyIncidentDoesNotHoldARevert() {
        Episodes e = Episodes.aws("aws_instance", "i-1")
                .change("instance_type", "\"t3.medium\"", "\"t3.xlarge\"")
                .fact(Episodes.incident("Q2", "low", T0.minusSeconds(720), null, "disk warning"));
        assertThat(policies.decide(e.build(), Cause.EMERGENCY_FIX, 0.6, null).recommendation())
                .isEqualTo(Recommendation.CODIFY_INTO_IAC);
    }

    @Test
    void manualTroubleshootingRevertsOnlyAfterAnHourIdle() {
        Episodes active = tagChanged().lastActorChange(T0).asOf(T0.plus(Duration.ofMinutes(59)));
        var a = policies.decide(active.build(), Cause.MANUAL_TROUBLESHOOTING, 0.8, null);
        assertThat(a.recommendation()).isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
        assertThat(a.policyRule()).isEqualTo("default.manual_troubleshooting.active");
        assertThat(a.reasoning()).contains("59 minutes");

        Episodes idle = tagChanged().lastActorChange(T0).asOf(T0.plus(Duration.ofHours(1)));
        var i = policies.decide(idle.build(), Cause.MANUAL_TROUBLESHOOTING, 0.8, null);
        assertThat(i.recommendation()).isEqualTo(Recommendation.AUTO_REVERT);
        assertThat(i.policyRule()).isEqualTo("default.manual_troubleshooting.idle");
    }

    @Test
    void automatedResponseIsAcceptedWithAnIgnoreRule() {
        Episodes e = Episodes.aws("aws_autoscaling_group", "web-asg")
                .change("desired_capacity", "4", "7")
                .actor(new ActorFacts(
                        "autoscaling.amazonaws.com", "service", "autoscaling.amazonaws.com", false, true, false, null));
        var j = policies.decide(e.build(), Cause.AUTOMATED_RESPONSE, 0.99, null);
        assertThat(j.recommendation()).isEqualTo(Recommendation.ACCEPT_AS_EXCEPTION);
        assertThat(j.remediation().ignoreRule())
                .contains("attribute: \"desired_capacity\"")
                .contains("resource: \"web-asg\"");
        assertThat(j.reasoning()).contains("desired_capacity");
    }

    @Test
    void resolvedEpisodeKeepsTheRecommendationItHadWhileOpen() {
        // the incident closed after the revert; at the end of the run nothing is open any more
        Episodes e = Episodes.aws("aws_instance", "i-1")
                .change("instance_type", "\"t3.medium\"", "\"t3.xlarge\"")
                .fact(Episodes.incident("Q1ABC", "high", T0.minusSeconds(720), T0.plusSeconds(7200), "Checkout 5xx"))
                .resolved(T0.plusSeconds(3600), Resolution.REVERTED)
                .asOf(T0.plusSeconds(86400));
        var j = policies.decide(e.build(), Cause.EMERGENCY_FIX, 0.9, null);
        assertThat(j.recommendation()).isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
        assertThat(j.reasoning()).contains("resolved (reverted)").contains("kept for the record");
    }

    @Test
    void confidenceCountsCausesThatAgreeOnTheRecommendation() {
        // configuration_error (high severity) and manual_troubleshooting (idle) both lead to auto_revert
        Episodes e = sshOpened().asOf(T0.plus(Duration.ofHours(2)));
        var j = policies.decide(
                e.build(),
                Cause.CONFIGURATION_ERROR,
                0.6,
                Map.of(
                        Cause.CONFIGURATION_ERROR,
                        0.6,
                        Cause.MANUAL_TROUBLESHOOTING,
                        0.3,
                        Cause.SECURITY_RESPONSE,
                        0.1,
                        Cause.EMERGENCY_FIX,
                        0.0,
                        Cause.AUTOMATED_RESPONSE,
                        0.0));
        assertThat(j.recommendation()).isEqualTo(Recommendation.AUTO_REVERT);
        assertThat(j.recommendationConfidence()).isEqualTo(0.9);
    }

    @Test
    void overrideRulesComeFirstAndNameThePolicyRule() {
        var config = ConfigLoader.parse("""
                policy:
                  recommendations:
                    - name: asg-is-fine
                      when: {cause: [automated_response, manual_troubleshooting], resource_type: "aws_autoscaling_*"}
                      recommend: codify_into_iac
                      confidence: 0.8
                      note: capacity is owned by the scaling policy
                """, "config.yaml");
        JudgementPolicies p = JudgementPolicies.from(config);
        Episodes asg = Episodes.aws("aws_autoscaling_group", "web-asg").change("desired_capacity", "4", "7");
        var j = p.decide(asg.build(), Cause.AUTOMATED_RESPONSE, 1.0, null);
        assertThat(j.recommendation()).isEqualTo(Recommendation.CODIFY_INTO_IAC);
        assertThat(j.policyRule()).isEqualTo("asg-is-fine");
        assertThat(j.recommendationConfidence()).isEqualTo(0.8);
        assertThat(j.reasoning()).contains("capacity is owned by the scaling policy");
        // another type falls through to the defaults
        var k = p.decide(tagChanged().build(), Cause.AUTOMATED_RESPONSE, 1.0, null);
        assertThat(k.policyRule()).isEqualTo("default.automated_response");
    }
}
