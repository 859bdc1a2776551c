package io.driftguard.pipeline.episode;

import static io.driftguard.pipeline.episode.Changes.HTTPS;
import static io.driftguard.pipeline.episode.Changes.JANE;
import static io.driftguard.pipeline.episode.Changes.RDP;
import static io.driftguard.pipeline.episode.Changes.SSH;
import static io.driftguard.pipeline.episode.Changes.TERRAFORM;
import static io.driftguard.pipeline.episode.Changes.add;
import static io.driftguard.pipeline.episode.Changes.change;
import static io.driftguard.pipeline.episode.Changes.remove;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EpisodeFunctionTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, DesiredResource, ChangeRecord, Finding> harness;

    private void start(DriftGuardConfig config, boolean replay) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EpisodeFunction(config, replay), DesiredResource::key, ChangeRecord::key, Types.STRING);
        harness.open();
        harness.processElement1(new StreamRecord<>(Changes.securityGroup()));
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void send(ChangeRecord c) throws Exception {
        harness.processElement2(new StreamRecord<>(c, c.timestamp()));
    }

    private List<Finding> findings() {
        return harness.extractOutputValues();
    }

    @Test
    void aDivergingChangeOpensAnEpisodeAndLaterChangesJoinIt() throws Exception {
        start(DriftGuardConfig.empty(), false);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(change("e2", JANE, "2026-03-01T10:05:00Z", add("ingress", RDP)));

        List<Finding> out = findings();
        assertThat(out).hasSize(2);
        Finding latest = out.get(1);
        assertThat(latest.findingId()).isEqualTo(out.get(0).findingId());
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.status()).isEqualTo(FindingStatus.OPEN);
        assertThat(latest.sourceEvents()).containsExactly("e1", "e2");
        assertThat(latest.actor().id()).isEqualTo(JANE.id());
        assertThat(latest.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("ingress");
            assertThat(c.desired()).isEqualTo(HTTPS);
            assertThat(c.actual())
                    .contains("\"from_port\":22")
                    .contains("\"from_port\":3389")
                    .contains("\"from_port\":443");
        });
        assertThat(latest.iac().address()).isEqualTo("aws_security_group.web");
        assertThat(latest.firstEventTime()).hasToString("2026-03-01T10:00:00Z");
    }

    @Test
    void revertingEveryChangeResolvesTheEpisodeAsReverted() throws Exception {
        start(DriftGuardConfig.empty(), false);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(change("e2", JANE, "2026-03-01T10:20:00Z", remove("ingress", SSH)));

        Finding last = findings().get(findings().size() - 1);
        assertThat(last.status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(last.resolution()).isEqualTo(Resolution.REVERTED);
        assertThat(last.sourceEvents()).containsExactly("e1", "e2");
        assertThat(last.changes())
                .extracting(io.driftguard.core.finding.Change::path)
                .containsExactly("ingress");
        assertThat(harness.numKeyedStateEntries())
                .as("only the declaration is left, with the time of the last audited change and the event ids"
                        + " applied, for the redelivery horizon")
                .isEqualTo(3);
        harness.setProcessingTime(harness.getProcessingTime() + 2 * JobSettings.REDELIVERY_HORIZON.toMillis());
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    /**
     * Live, a connector redelivers a record after its episode was closed and judged (an SQS message
     * whose deletion failed, a Pub/Sub ack lost): the same event id again. It must not open the
     * episode again, which would give the closed finding (its id is made of the first event id) a
     * second "version 1" and leave a phantom open episode on a resource that was reverted.
     */
    @Test
    void aRedeliveredChangeAfterItsEpisodeClosedOpensNothing() throws Exception {
        start(DriftGuardConfig.empty(), false);
        ChangeRecord opened = change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH));
        ChangeRecord reverted = change("e2", JANE, "2026-03-01T10:20:00Z", remove("ingress", SSH));
        send(opened);
        send(reverted);
        assertThat(findings()).hasSize(2);

        send(opened);
        send(reverted);
        assertThat(findings())
                .as("nothing opened again, nothing resolved twice")
                .hasSize(2);

        // a new change (another event id) is drift as before
        send(change("e3", JANE, "2026-03-01T11:00:00Z", add("ingress", SSH)));
        assertThat(findings()).hasSize(3);
        assertThat(findings().get(2).sourceEvents()).containsExactly("e3");
        assertThat(findings().get(2).version()).isEqualTo(1);
    }

    /**
     * One call can change one resource through two catalog rows (two records of the same event on
     * the same key): the second is not a redelivery, and is applied.
     */
    @Test
    void twoChangesOfOneEventOnOneResourceAreBothApplied() throws Exception {
        start(DriftGuardConfig.empty(), false);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", RDP)));

        assertThat(findings()).hasSize(2);
        assertThat(findings().get(1).changes())
                .singleElement()
                .satisfies(
                        c -> assertThat(c.actual()).contains("\"from_port\":22").contains("\"from_port\":3389"));
    }

    /** The ids are remembered for the redelivery horizon (processing time), then forgotten. */
    @Test
    void aRedeliveryWithinTheHorizonIsDroppedAndTheIdsAreForgottenAfterIt() throws Exception {
        Duration horizon = Duration.ofHours(1);
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EpisodeFunction(DriftGuardConfig.empty(), false, JobSettings.DECLARATION_WAIT, horizon),
                DesiredResource::key,
                ChangeRecord::key,
                Types.STRING);
        harness.open();
        harness.processElement1(new StreamRecord<>(Changes.securityGroup()));
        harness.setProcessingTime(1_000);
        ChangeRecord opened = change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH));
        send(opened);
        send(change("e2", JANE, "2026-03-01T10:20:00Z", remove("ingress", SSH)));

        harness.setProcessingTime(1_000 + horizon.toMillis() - 1);
        send(opened);
        assertThat(findings()).as("within the horizon").hasSize(2);

        harness.setProcessingTime(1_000 + horizon.toMillis() + horizon.toMillis() / 24 + 1);
        assertThat(harness.numKeyedStateEntries())
                .as("the declaration and the last audited change; the ids are forgotten")
                .isEqualTo(2);
        send(opened);
        assertThat(findings())
                .as("after the horizon a repeat is a change like any other")
                .hasSize(3);
    }

    @Test
    void aDeployIdentityDeclaringTheNewValueResolvesItAsCodified() throws Exception {
        start(DriftGuardConfig.empty(), false);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(change("tf1", TERRAFORM, "2026-03-01T11:00:00Z", add("ingress", SSH)));

        Finding last = findings().get(findings().size() - 1);
        assertThat(last.resolution()).isEqualTo(Resolution.CODIFIED);
        // the declaration now includes port 22: the same change by a human again is not drift
        send(change("e3", JANE, "2026-03-01T12:00:00Z", add("ingress", SSH)));
        assertThat(findings()).hasSize(2);
    }

    @Test
    void deploymentsAndNoOpsAndUndeclaredAttributesAreNotDrift() throws Exception {
        start(DriftGuardConfig.empty(), false);
        send(change("tf", TERRAFORM, "2026-03-01T09:00:00Z", add("ingress", SSH)));
        send(change("noop", JANE, "2026-03-01T10:00:00Z", add("ingress", HTTPS)));
        send(change("tag", JANE, "2026-03-01T10:01:00Z", AttributeChange.set("tags.CostCenter", "\"42\"")));

        assertThat(findings()).isEmpty();
        // the deployment moved the declaration: removing port 22 by hand is now drift
        send(change("e4", JANE, "2026-03-01T10:02:00Z", remove("ingress", SSH)));
        assertThat(findings()).singleElement().extracting(Finding::sourceEvents).isEqualTo(List.of("e4"));
    }

    @Test
    void ignoreRulesSilenceTheirAttributes() throws Exception {
        start(
                ConfigLoader.parse(
                        "ignore_rules:\n  - {resource_type: aws_security_group, attribute: \"tags.*\"}\n", "c.yaml"),
                false);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", AttributeChange.unset("tags.Owner")));
        assertThat(findings()).isEmpty();

        send(change("e2", JANE, "2026-03-01T10:01:00Z", add("ingress", SSH)));
        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.changes())
                    .extracting(io.driftguard.core.finding.Change::path)
                    .containsExactly("ingress");
            assertThat(f.remediation().ignoreRule())
                    .contains("aws_security_group")
                    .contains("ingress");
        });
    }

    @Test
    void aHiddenValueIsDriftWithTheActualUnknown() throws Exception {
        start(DriftGuardConfig.empty(), false);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", AttributeChange.unknown("tags.Owner")));

        assertThat(findings())
                .singleElement()
                .satisfies(f -> assertThat(f.changes()).singleElement().satisfies(c -> {
                    assertThat(c.actual()).isEqualTo("null");
                    assertThat(c.actualKnown()).isFalse();
                }));
    }

    @Test
    void inReplayChangesApplyInEventTimeOrderWhateverTheArrivalOrder() throws Exception {
        start(DriftGuardConfig.empty(), true);
        send(change("late-revert", JANE, "2026-03-01T10:30:00Z", remove("ingress", SSH)));
        send(change("first", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        assertThat(findings()).as("nothing before the watermark").isEmpty();

        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<Finding> out = findings();
        assertThat(out).extracting(Finding::status).containsExactly(FindingStatus.OPEN, FindingStatus.RESOLVED);
        assertThat(out.get(1).sourceEvents()).containsExactly("first", "late-revert");
        assertThat(out.get(0).detectedAt()).as("replay reports event time").hasToString("2026-03-01T10:00:00Z");
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries())
                .as("the declaration and the time of the last audited change")
                .isEqualTo(2);
    }

    @Test
    void changesToUndeclaredResourcesAreUnmanagedNeverDrift() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EpisodeFunction(DriftGuardConfig.empty(), true),
                DesiredResource::key,
                ChangeRecord::key,
                Types.STRING);
        harness.open();
        ChangeRecord c = change("u1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH));
        send(c);
        harness.processBothWatermarks(new Watermark(c.timestamp()));

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.UNMANAGED);
            assertThat(f.iac()).isNull();
        });
        harness.processBothWatermarks(new Watermark(c.timestamp() + EpisodeFunction.UNMANAGED_IDLE.toMillis()));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
