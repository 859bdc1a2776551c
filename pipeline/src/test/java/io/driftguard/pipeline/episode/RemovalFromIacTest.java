package io.driftguard.pipeline.episode;

import static io.driftguard.pipeline.episode.Changes.HTTPS;
import static io.driftguard.pipeline.episode.Changes.JANE;
import static io.driftguard.pipeline.episode.Changes.KEY;
import static io.driftguard.pipeline.episode.Changes.SSH;
import static io.driftguard.pipeline.episode.Changes.add;
import static io.driftguard.pipeline.episode.Changes.change;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A resource removed from the IaC (iac-sync's tombstones, live mode) in the episode operator. */
class RemovalFromIacTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private KeyedTwoInputStreamOperatorTestHarness<String, DesiredResource, ChangeRecord, Finding> harness;

    @BeforeEach
    void start() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EpisodeFunction(DriftGuardConfig.empty(), false, WAIT),
                DesiredResource::key,
                ChangeRecord::key,
                Types.STRING);
        harness.open();
        harness.setProcessingTime(1_000);
        harness.processElement1(new StreamRecord<>(Changes.securityGroup()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(ChangeRecord c) throws Exception {
        harness.processElement2(new StreamRecord<>(c, c.timestamp()));
    }

    private void remove(String address) throws Exception {
        harness.processElement1(new StreamRecord<>(DesiredResource.removal(KEY, address)));
    }

    private List<Finding> findings() {
        return harness.extractOutputValues();
    }

    @Test
    void removingTheLastDeclarationClosesTheOpenEpisodeAsRemovedFromIac() throws Exception {
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        assertThat(findings()).singleElement().extracting(Finding::status).isEqualTo(FindingStatus.OPEN);

        remove("aws_security_group.web");

        assertThat(findings()).hasSize(2);
        Finding closed = findings().get(1);
        assertThat(closed.findingId()).isEqualTo(findings().get(0).findingId());
        assertThat(closed.version()).isEqualTo(2);
        assertThat(closed.status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(closed.resolution()).isEqualTo(Resolution.REMOVED_FROM_IAC);
        assertThat(closed.resolvedAt()).isNotNull();
        assertThat(closed.changes()).as("what had drifted stays on record").isNotEmpty();
        assertThat(harness.numKeyedStateEntries())
                .as("nothing is kept for a resource no IaC declares but its event ids, for the redelivery horizon")
                .isEqualTo(1);
        harness.setProcessingTime(harness.getProcessingTime() + 2 * JobSettings.REDELIVERY_HORIZON.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void laterChangesToARemovedResourceAreReportedAsUnmanaged() throws Exception {
        remove("aws_security_group.web");
        assertThat(findings()).as("no episode was open: nothing to report").isEmpty();

        ChangeRecord later = change("e2", JANE, "2026-03-01T11:00:00Z", add("ingress", SSH));
        send(later);
        assertThat(findings())
                .as("it waits for a declaration like any undeclared change")
                .isEmpty();
        harness.setProcessingTime(1_000 + WAIT.toMillis());

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.UNMANAGED);
            assertThat(f.iac()).isNull();
            assertThat(f.sourceEvents()).containsExactly("e2");
        });
        harness.processBothWatermarks(
                new Watermark(later.timestamp() + EpisodeFunction.UNMANAGED_IDLE.toMillis() + WAIT.toMillis()));
        harness.setProcessingTime(harness.getProcessingTime() + 2 * JobSettings.REDELIVERY_HORIZON.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void removingOneOfSeveralDeclarationsKeepsTheResourceManaged() throws Exception {
        // a rule resource declares port 22 beside the group: both meet on the group's key
        harness.processElement1(new StreamRecord<>(new DesiredResource(
                KEY,
                Cloud.AWS,
                "111122223333",
                Changes.SG,
                "aws_security_group_rule",
                new IacRef("terraform", "aws_security_group_rule.ssh", "terraform/aws-prod/web/"),
                Map.of("ingress", SSH),
                Map.of())));
        send(change(
                "e1",
                JANE,
                "2026-03-01T10:00:00Z",
                add(
                        "ingress",
                        "[{\"cidr\":\"10.0.0.0/8\",\"from_port\":5432," + "\"protocol\":\"tcp\",\"to_port\":5432}]")));
        assertThat(findings()).singleElement().extracting(Finding::status).isEqualTo(FindingStatus.OPEN);

        remove("aws_security_group_rule.ssh");
        assertThat(findings())
                .as("the group is still declared: the episode stays open")
                .allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
        // what is desired now is the group's own declaration alone
        Finding latest = findings().get(findings().size() - 1);
        assertThat(latest.kind()).isEqualTo(FindingKind.DRIFT);
        assertThat(latest.changes())
                .singleElement()
                .satisfies(c -> assertThat(c.desired()).isEqualTo(HTTPS));
    }

    @Test
    void aTombstoneForAnAddressTheResourceNeverHadChangesNothing() throws Exception {
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        remove("aws_security_group.other");
        assertThat(findings()).singleElement().extracting(Finding::status).isEqualTo(FindingStatus.OPEN);
    }
}
