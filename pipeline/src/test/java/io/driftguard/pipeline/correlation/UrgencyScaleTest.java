package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each tool's words on the one urgency scale of context items (ContextFact's {@code level}). */
class UrgencyScaleTest {

    @Test
    void pagerDutyPriorityOneIsCriticalOtherwiseItsUrgency() {
        assertThat(UrgencyScale.incident("low", "P1")).isEqualTo("critical");
        assertThat(UrgencyScale.incident("high", "sev-1")).isEqualTo("critical");
        assertThat(UrgencyScale.incident("High", "P3")).isEqualTo("high");
        assertThat(UrgencyScale.incident("low", null)).isEqualTo("low");
        assertThat(UrgencyScale.incident(null, null)).isNull();
    }

    @Test
    void jiraPriorities() {
        assertThat(UrgencyScale.jiraPriority("Highest")).isEqualTo("critical");
        assertThat(UrgencyScale.jiraPriority("Major")).isEqualTo("high");
        assertThat(UrgencyScale.jiraPriority("Medium")).isEqualTo("medium");
        assertThat(UrgencyScale.jiraPriority("Trivial")).isEqualTo("low");
        assertThat(UrgencyScale.jiraPriority("Whenever")).isNull();
    }

    @Test
    void alertSeverities() {
        assertThat(UrgencyScale.alertSeverity("page")).isEqualTo("critical");
        assertThat(UrgencyScale.alertSeverity("error")).isEqualTo("high");
        assertThat(UrgencyScale.alertSeverity("warning")).isEqualTo("medium");
        assertThat(UrgencyScale.alertSeverity("info")).isEqualTo("low");
    }

    @Test
    void guardDutyScoresAndWords() {
        assertThat(UrgencyScale.securityFinding("8.0")).isEqualTo("high");
        assertThat(UrgencyScale.securityFinding("5.0")).isEqualTo("medium");
        assertThat(UrgencyScale.securityFinding("2")).isEqualTo("low");
        assertThat(UrgencyScale.securityFinding("critical")).isEqualTo("critical");
    }

    @Test
    void theHigherOfTwoLevelsIgnoresAnUnknownOne() {
        assertThat(UrgencyScale.higher("low", "critical")).isEqualTo("critical");
        assertThat(UrgencyScale.higher("high", "medium")).isEqualTo("high");
        assertThat(UrgencyScale.higher(null, "low")).isEqualTo("low");
        assertThat(UrgencyScale.higher("medium", null)).isEqualTo("medium");
    }
}
