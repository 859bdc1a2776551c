package io.driftguard.models.scenario.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelPolicyTest {

    @Test
    void adminPortToTheWorldIsHighAndItsConfigurationErrorIsAutoReverted() {
        LabelPolicy.SeverityLabel s = LabelPolicy.severity(List.of(Effect.ADMIN_PORT_OPEN_TO_WORLD), null);
        assertThat(s.level()).isEqualTo(Severity.HIGH);
        assertThat(s.entries()).extracting(LabelPolicy.Entry::dimension).containsExactly("security");
        assertThat(LabelPolicy.recommendation(Cause.CONFIGURATION_ERROR, s.level(), false, false)
                        .recommendation())
                .isEqualTo(Recommendation.AUTO_REVERT);
    }

    @Test
    void configurationErrorBelowHighIsEscalated() {
        LabelPolicy.SeverityLabel s = LabelPolicy.severity(List.of(Effect.DELETION_PROTECTION_OFF), null);
        assertThat(s.level()).isEqualTo(Severity.MEDIUM);
        assertThat(LabelPolicy.recommendation(Cause.CONFIGURATION_ERROR, s.level(), false, true)
                        .recommendation())
                .isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
    }

    @Test
    void severityIsTheHighestEntry() {
        LabelPolicy.SeverityLabel s = LabelPolicy.severity(
                List.of(Effect.TAG_CHANGED, Effect.AUDIT_LOGGING_DISABLED, Effect.INGRESS_WIDENED), null);
        assertThat(s.level()).isEqualTo(Severity.HIGH);
        assertThat(s.entries()).hasSize(3);
        assertThat(LabelPolicy.severity(List.of(Effect.TIGHTENED), null).level())
                .isEqualTo(Severity.LOW);
        assertThat(LabelPolicy.severity(List.of(), null).level()).isEqualTo(Severity.LOW);
    }

    @Test
    void capacityBandsFollowTheRatioToTheDeclaredSize() {
        assertThat(LabelPolicy.severity(List.of(), Sizing.capacityOnly(4, 2)).level())
                .isEqualTo(Severity.HIGH);
        assertThat(LabelPolicy.severity(List.of(), Sizing.capacityOnly(4, 3)).level())
                .isEqualTo(Severity.MEDIUM);
        assertThat(LabelPolicy.severity(List.of(), Sizing.capacityOnly(4, 8)).level())
                .isEqualTo(Severity.LOW);
    }

    @Test
    void costBandsFollowRelativeAndAbsoluteIncrease() {
        // +100%: high
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 100, 200)).level())
                .isEqualTo(Severity.HIGH);
        // +20%: medium
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 1000, 1200))
                        .level())
                .isEqualTo(Severity.MEDIUM);
        // +5% but more than $500: high
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 12_000, 12_600))
                        .level())
                .isEqualTo(Severity.HIGH);
        // +5%: low
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 1000, 1050))
                        .level())
                .isEqualTo(Severity.LOW);
        // exactly +50% and +10% to the cent are not "more than": two to three pods, ten to eleven m5.large
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 8, 17.52 * 2, 17.52 * 3))
                        .entries())
                .extracting(LabelPolicy.Entry::rule)
                .containsExactly("estimated monthly cost up by more than 10%");
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 8, 70.08 * 10, 70.08 * 11))
                        .entries())
                .extracting(LabelPolicy.Entry::rule)
                .containsExactly("estimated monthly cost otherwise");
        // cheaper: the cost entry is low, the halved capacity decides
        LabelPolicy.SeverityLabel down = LabelPolicy.severity(List.of(), new Sizing(16, 8, 200, 100));
        assertThat(down.level()).isEqualTo(Severity.HIGH);
        assertThat(down.entries()).extracting(LabelPolicy.Entry::dimension).containsExactly("performance", "cost");
    }

    @Test
    void recommendationsFollowTheDefaultPolicyTable() {
        assertThat(LabelPolicy.recommendation(Cause.SECURITY_RESPONSE, Severity.LOW, false, false)
                        .recommendation())
                .isEqualTo(Recommendation.CODIFY_INTO_IAC);
        assertThat(LabelPolicy.recommendation(Cause.EMERGENCY_FIX, Severity.HIGH, true, false)
                        .recommendation())
                .isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
        assertThat(LabelPolicy.recommendation(Cause.EMERGENCY_FIX, Severity.HIGH, false, false)
                        .recommendation())
                .isEqualTo(Recommendation.CODIFY_INTO_IAC);
        assertThat(LabelPolicy.recommendation(Cause.MANUAL_TROUBLESHOOTING, Severity.LOW, false, true)
                        .recommendation())
                .isEqualTo(Recommendation.AUTO_REVERT);
        assertThat(LabelPolicy.recommendation(Cause.MANUAL_TROUBLESHOOTING, Severity.LOW, false, false)
                        .recommendation())
                .isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
        assertThat(LabelPolicy.recommendation(Cause.AUTOMATED_RESPONSE, Severity.HIGH, true, true)
                        .recommendation())
                .isEqualTo(Recommendation.ACCEPT_AS_EXCEPTION);
    }
}
