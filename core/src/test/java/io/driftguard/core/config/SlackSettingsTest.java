package io.driftguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {

    static final String CONFIG = """
            slack:
              min_severity: medium
              finding_link_base: https://driftguard.example.com/
              digest: {max_messages: 5, per_seconds: 30}
              routes:
                - {service: payments, recommendation: escalate_for_review, channel: "#payments-oncall"}
                - {service: checkout, channel: "#checkout-drift"}
                - {cloud: aws, min_severity: high, channel: "#aws-high"}
            """;

    @Test
    void routesByServiceThenCloudAndSeverityElseTheDefaultChannel() {
        SlackSettings slack = ConfigLoader.parse(CONFIG, "config.yaml").slack();
        assertThat(slack.channelFor("checkout", Cloud.GCP, Severity.MEDIUM, null, "#drift"))
                .isEqualTo("#checkout-drift");
        assertThat(slack.channelFor("web", Cloud.AWS, Severity.HIGH, null, "#drift"))
                .isEqualTo("#aws-high");
        assertThat(slack.channelFor("web", Cloud.AWS, Severity.MEDIUM, null, "#drift"))
                .isEqualTo("#drift");
        assertThat(slack.channelFor("payments", Cloud.GCP, Severity.LOW, Recommendation.ESCALATE_FOR_REVIEW, "#drift"))
                .as("an escalation goes to the owning team")
                .isEqualTo("#payments-oncall");
        assertThat(slack.channelFor("payments", Cloud.GCP, Severity.LOW, Recommendation.AUTO_REVERT, "#drift"))
                .isEqualTo("#drift");
        assertThat(slack.channelFor(null, Cloud.AZURE, Severity.HIGH, null, "#drift"))
                .isEqualTo("#drift");
    }

    @Test
    void readsTheMinimumSeverityDigestRateAndLink() {
        SlackSettings slack = ConfigLoader.parse(CONFIG, "config.yaml").slack();
        assertThat(slack.announces(Severity.LOW)).isFalse();
        assertThat(slack.announces(Severity.MEDIUM)).isTrue();
        assertThat(slack.digestMaxMessages()).isEqualTo(5);
        assertThat(slack.digestWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(slack.findingLinkBase()).isEqualTo("https://driftguard.example.com");
    }

    @Test
    void withoutASectionEveryJudgedFindingGoesToTheDefaultChannel() {
        SlackSettings slack = ConfigLoader.parse("services: []", "config.yaml").slack();
        assertThat(slack.announces(Severity.LOW)).isTrue();
        assertThat(slack.announces(null)).as("not judged yet").isFalse();
        assertThat(slack.channelFor("checkout", Cloud.AWS, Severity.HIGH, null, "#drift"))
                .isEqualTo("#drift");
    }

    @Test
    void aBadSeverityOrARouteWithoutChannelFailsWithTheLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("slack:\n  min_severity: urgent\n", "config.yaml"))
                .hasMessageContaining("config.yaml line 2")
                .hasMessageContaining("low, medium, high");
        assertThatThrownBy(() -> ConfigLoader.parse("slack:\n  routes:\n    - {service: web}\n", "config.yaml"))
                .hasMessageContaining("line 3")
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> ConfigLoader.parse("slack:\n  digest: {max_messages: 0}\n", "config.yaml"))
                .hasMessageContaining("at least 1");
    }
}
