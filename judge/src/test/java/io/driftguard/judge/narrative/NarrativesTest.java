package io.driftguard.judge.narrative;

import static io.driftguard.judge.testing.Episodes.SSH_WORLD;
import static io.driftguard.judge.testing.Episodes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.JudgementPolicies;
import io.driftguard.judge.context.ActorFacts;
import io.driftguard.judge.testing.Episodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NarrativesTest {

    private final JudgementPolicies policies = JudgementPolicies.defaults();

    @Test
    void emergencyScaleUpDuringAPagerDutyIncident() {
        Episodes e = Episodes.aws("aws_instance", "i-0123")
                .change("instance_type", "\"t3.medium\"", "\"t3.xlarge\"")
                .fact(Episodes.incident("Q1ABC", "high", T0.minusSeconds(720), null, "Checkout 5xx above 5%"))
                .fact(Episodes.commit("9f2c1e7d4b3a2f10", T0.plusSeconds(1500), "hotfix Q1ABC: bigger instance"));
        Finding f = policies.judge(
                e.build(),
                Cause.EMERGENCY_FIX,
                0.91,
                Map.of(
                        Cause.EMERGENCY_FIX,
                        0.91,
                        Cause.MANUAL_TROUBLESHOOTING,
                        0.05,
                        Cause.CONFIGURATION_ERROR,
                        0.04,
                        Cause.SECURITY_RESPONSE,
                        0.0,
                        Cause.AUTOMATED_RESPONSE,
                        0.0));
        Finding.Narrative n = f.narrative();
        assertThat(n.who())
                .isEqualTo("jane@example.com (human, via the AWS console, role AWSReservedSSO_PlatformAdmin_1a2b)");
        assertThat(n.when())
                .isEqualTo("2026-03-04 10:14:05 UTC, 12 minutes after PagerDuty incident Q1ABC (high urgency) "
                        + "\"Checkout 5xx above 5%\" on its service checkout was triggered");
        assertThat(n.whatTriggered())
                .isEqualTo("PagerDuty incident Q1ABC (high urgency) \"Checkout 5xx above 5%\" on its service checkout, "
                        + "open when the change was made");
        assertThat(n.context())
                .singleElement()
                .asString()
                .startsWith("commit 9f2c1e7d4b3a")
                .contains("after the change");
        assertThat(n.summary())
                .contains(
                        "jane@example.com changed aws_instance i-0123 (declared in terraform at module.net.aws_security_group.web)")
                .contains("declared t3.medium, now t3.xlarge")
                .contains("Cause: emergency_fix (confidence 0.91)")
                .contains("Severity high because estimated monthly cost up by more than 50%")
                .contains("Recommended: escalate for review (rule default.emergency_fix.incident_open)");
        assertThat(f.correlations()).extracting(Finding.Correlation::id).containsExactly("Q1ABC", "9f2c1e7d4b3a2f10");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.remediation().revertCommand()).contains("--instance-type Value=t3.medium");
    }

    @Test
    void anAlertFiringAgainAndAgainIsOneLineOfContextAndOfReasoningWhileTheStructuredEvidenceKeepsEveryFiring() {
        Episodes e = Episodes.aws("aws_instance", "i-0123")
                .change("instance_type", "\"t3.medium\"", "\"t3.xlarge\"")
                .fact(Episodes.incident("Q1ABC", "high", T0.minusSeconds(720), null, "Checkout 5xx above 5%"));
        for (int i = 0; i < 40; i++) {
            e.fact(
                    "alert",
                    "open_during_change",
                    50 - i,
                    "warning",
                    "HighCPU",
                    false,
                    "CPU pressure on checkout",
                    1,
                    false);
        }
        e.fact("alert", "open_during_change", 5, "warning", "DiskFillingUp", false, "Disk on checkout", 1, false);
        Finding f = policies.judge(e.build(), Cause.EMERGENCY_FIX, 0.9, null);

        assertThat(f.narrative().context())
                .containsExactly(
                        "test alert HighCPU (warning) \"CPU pressure on checkout\" (on its service checkout; open when"
                                + " the change was made, 40 times, first 2026-03-04 09:24:05 UTC, last 2026-03-04 10:03:05 UTC)",
                        "test alert DiskFillingUp (warning) \"Disk on checkout\" (on its service checkout; open when"
                                + " the change was made, 2026-03-04 10:09:05 UTC)");
        assertThat(f.reasoning())
                .contains(
                        "test alert HighCPU (warning) \"CPU pressure on checkout\", 40 times, first 2026-03-04 09:24:05"
                                + " UTC, last 2026-03-04 10:03:05 UTC; test alert DiskFillingUp (warning) \"Disk on checkout\" at"
                                + " 2026-03-04 10:09:05 UTC")
                .doesNotContain("HighCPU (warning) \"CPU pressure on checkout\" at");
        assertThat(f.correlations()).hasSize(42);
    }

    @Test
    void configurationErrorWithNothingToExplainIt() {
        Episodes e = Episodes.aws("aws_security_group", "sg-0abc")
                .change("ingress", "[]", "[" + SSH_WORLD + "]")
                .actor(new ActorFacts(
                        "arn:aws:iam::123456789012:user/deploy-bot",
                        "human",
                        "deploy-bot",
                        false,
                        false,
                        false,
                        "aws-cli/2.15.0 Python/3.11"));
        Finding.Narrative n =
                policies.judge(e.build(), Cause.CONFIGURATION_ERROR, 0.77, null).narrative();
        assertThat(n.who()).isEqualTo("deploy-bot (human, via the AWS CLI, IAM user deploy-bot)");
        assertThat(n.when()).isEqualTo("2026-03-04 10:14:05 UTC");
        assertThat(n.whatTriggered()).isEqualTo("no incident, ticket, alert or finding explains it");
        assertThat(n.summary()).contains("22 (SSH) open to 0.0.0.0/0").contains("Recommended: auto revert");
    }

    @Test
    void troubleshootingAfterReadsAndAResolvedEpisode() {
        Episodes e = Episodes.aws("aws_lambda_function", "resize")
                .change("timeout", "30", "90")
                .fact(Episodes.reads(14, T0.minusSeconds(1200)))
                .resolved(T0.plusSeconds(2400), Resolution.REVERTED);
        Finding.Narrative n = policies.judge(e.build(), Cause.MANUAL_TROUBLESHOOTING, 0.7, null)
                .narrative();
        assertThat(n.when())
                .isEqualTo("2026-03-04 10:14:05 UTC, 20 minutes after 14 reads by the actor on the resource began; "
                        + "resolved at 2026-03-04 10:54:05 UTC (reverted)");
        assertThat(n.whatTriggered())
                .startsWith("the actor's own troubleshooting: 14 reads by the actor on the resource");
        assertThat(n.summary())
                .contains("no severity rule fired")
                .contains("it is resolved (reverted) and needs no action");
    }

    @Test
    void automationActingAlone() {
        Episodes e = Episodes.aws("aws_autoscaling_group", "web-asg")
                .change("desired_capacity", "4", "7")
                .actor(new ActorFacts(
                        "autoscaling.amazonaws.com", "service", "autoscaling.amazonaws.com", false, true, false, null));
        Finding.Narrative n =
                policies.judge(e.build(), Cause.AUTOMATED_RESPONSE, 0.99, null).narrative();
        assertThat(n.who()).isEqualTo("autoscaling.amazonaws.com (service, automation)");
        assertThat(n.whatTriggered()).startsWith("autoscaling.amazonaws.com acted on its own as automation");
    }

    /** Seen in the demo: a VM resize judged troubleshooting named a security-review ticket about another system. */
    @Test
    void aTroubleshootingResizeIsTriggeredByTheActorsReadsNotByASecurityTicketOnTheService() {
        Episodes e = Episodes.aws("aws_instance", "i-0123")
                .change("instance_type", "\"t3.medium\"", "\"t3.large\"")
                .fact(
                        "ticket",
                        "open_during_change",
                        50,
                        "high",
                        "Task",
                        true,
                        "Security review: payments-db is more open than needed",
                        1,
                        false)
                .fact(Episodes.reads(6, T0.minusSeconds(600)));
        Finding.Narrative n = policies.judge(e.build(), Cause.MANUAL_TROUBLESHOOTING, 0.8, null)
                .narrative();
        assertThat(n.whatTriggered())
                .startsWith("the actor's own troubleshooting: 6 reads by the actor on the resource")
                .contains("by the actor, on the changed resource")
                .doesNotContain("Security review");
        assertThat(n.when()).contains("after 6 reads").doesNotContain("Security review");
        assertThat(n.context())
                .singleElement()
                .asString()
                .contains("Security review: payments-db")
                .contains("on its service checkout");
    }

    @Test
    void aSecurityResponseNamesTheEvidenceClosestToTheResource() {
        Episodes e = Episodes.aws("aws_security_group", "sg-0abc")
                .change("ingress", "[" + SSH_WORLD + "]", "[]")
                .fact("ticket", "open_during_change", 90, "medium", "Task", true, "Quarterly access review", 1, false)
                .fact(Episodes.guardDuty("UnauthorizedAccess:EC2/SSHBruteForce", T0.minusSeconds(1200)));
        Finding.Narrative n =
                policies.judge(e.build(), Cause.SECURITY_RESPONSE, 0.9, null).narrative();
        assertThat(n.whatTriggered())
                .startsWith("GuardDuty finding UnauthorizedAccess:EC2/SSHBruteForce (high)")
                .contains("on the changed resource");
        assertThat(n.context()).singleElement().asString().contains("Quarterly access review");
    }

    @Test
    void aConfigurationErrorHasNoTriggerAndListsUnrelatedTicketsAsContext() {
        Episodes e = Episodes.aws("aws_security_group", "sg-0abc")
                .change("ingress", "[]", "[" + SSH_WORLD + "]")
                .fact("ticket", "open_during_change", 30, "low", "Task", false, "Rotate dashboards", 1, false);
        Finding.Narrative n =
                policies.judge(e.build(), Cause.CONFIGURATION_ERROR, 0.8, null).narrative();
        assertThat(n.whatTriggered())
                .isEqualTo("no incident, ticket, alert or finding explains it (other evidence is listed as context)");
        assertThat(n.when()).isEqualTo("2026-03-04 10:14:05 UTC");
        assertThat(n.context())
                .singleElement()
                .asString()
                .contains("Rotate dashboards")
                .contains("on its service");
    }
}
