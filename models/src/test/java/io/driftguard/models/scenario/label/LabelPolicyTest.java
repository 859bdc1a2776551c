package io.driftguard.models.scenario.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelPolicyTest {

    @Test
    void adminPortToTheWorldIsHighAndItsConfigurationErrorIsAutoReverted() {
        LabelPolicy.Severity s = LabelPolicy.severity(List.of(Effect.ADMIN_PORT_OPEN_TO_WORLD), null);
        assertThat(s.level()).isEqualTo("high");
        assertThat(s.entries()).extracting(LabelPolicy.Entry::dimension).containsExactly("security");
        assertThat(LabelPolicy.recommendation("configuration_error", s.level(), false, false).recommendation())
                .isEqualTo("auto_revert");
    }

    @Test
    void configurationErrorBelowHighIsEscalated() {
        LabelPolicy.Severity s = LabelPolicy.severity(List.of(Effect.DELETION_PROTECTION_OFF), null);
        assertThat(s.level()).isEqualTo("medium");
        assertThat(LabelPolicy.recommendation("configuration_error", s.level(), false, true).recommendation())
                .isEqualTo("escalate_for_review");
    }

    @Test
    void severityIsTheHighestEntry() {
        LabelPolicy.Severity s = LabelPolicy.severity(List.of(Effect.TAG_CHANGED, Effect.AUDIT_LOGGING_DISABLED,
                Effect.INGRESS_WIDENED), null);
        assertThat(s.level()).isEqualTo("high");
        assertThat(s.entries()).hasSize(3);
        assertThat(LabelPolicy.severity(List.of(Effect.TIGHTENED), null).level()).isEqualTo("low");
        assertThat(LabelPolicy.severity(List.of(), null).level()).isEqualTo("low");
    }

    @Test
    void capacityBandsFollowTheRatioToTheDeclaredSize() {
        assertThat(LabelPolicy.severity(List.of(), Sizing.capacityOnly(4, 2)).level()).isEqualTo("high");
        assertThat(LabelPolicy.severity(List.of(), Sizing.capacityOnly(4, 3)).level()).isEqualTo("medium");
        assertThat(LabelPolicy.severity(List.of(), Sizing.capacityOnly(4, 8)).level()).isEqualTo("low");
    }

    @Test
    void costBandsFollowRelativeAndAbsoluteIncrease() {
        // +100%: high
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 100, 200)).level()).isEqualTo("high");
        // +20%: medium
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 1000, 1200)).level()).isEqualTo("medium");
        // +5% but more than $500: high
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 12_000, 12_600)).level()).isEqualTo("high");
        // +5%: low
        assertThat(LabelPolicy.severity(List.of(), new Sizing(8, 16, 1000, 1050)).level()).isEqualTo("low");
        // cheaper: the cost entry is low, the halved capacity decides
        LabelPolicy.Severity down = LabelPolicy.severity(List.of(), new Sizing(16, 8, 200, 100));
        assertThat(down.level()).isEqualTo("high");
        assertThat(down.entries()).extracting(LabelPolicy.Entry::dimension).containsExactly("performance", "cost");
    }

    @Test
    void recommendationsFollowTheDefaultPolicyTable() {
        assertThat(LabelPolicy.recommendation("security_response", "low", false, false).recommendation())
                .isEqualTo("codify_into_iac");
        assertThat(LabelPolicy.recommendation("emergency_fix", "high", true, false).recommendation())
                .isEqualTo("escalate_for_review");
        assertThat(LabelPolicy.recommendation("emergency_fix", "high", false, false).recommendation())
                .isEqualTo("codify_into_iac");
        assertThat(LabelPolicy.recommendation("manual_troubleshooting", "low", false, true).recommendation())
                .isEqualTo("auto_revert");
        assertThat(LabelPolicy.recommendation("manual_troubleshooting", "low", false, false).recommendation())
                .isEqualTo("escalate_for_review");
        assertThat(LabelPolicy.recommendation("automated_response", "high", true, true).recommendation())
                .isEqualTo("accept_as_exception");
    }
}
