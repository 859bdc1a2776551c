package io.driftguard.pipeline.episode;

import static io.driftguard.pipeline.episode.Changes.HTTPS;
import static io.driftguard.pipeline.episode.Changes.JANE;
import static io.driftguard.pipeline.episode.Changes.SG;
import static io.driftguard.pipeline.episode.Changes.SSH;
import static io.driftguard.pipeline.episode.Changes.add;
import static io.driftguard.pipeline.episode.Changes.change;
import static io.driftguard.pipeline.episode.Changes.remove;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.FoundBy;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.ingest.reconcile.ReconcileScanParser;
import io.driftguard.ingest.reconcile.ScanObservation;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconcile scans' observations in the episode operator, live: found once, never twice, never stale. */
class ScanObservationEpisodeTest {

    private static final String WITH_SSH =
            "[{\"cidr\":\"0.0.0.0/0\",\"from_port\":22,\"protocol\":\"tcp\",\"to_port\":22},"
                    + "{\"cidr\":\"0.0.0.0/0\",\"from_port\":443,\"protocol\":\"tcp\",\"to_port\":443}]";

    private KeyedTwoInputStreamOperatorTestHarness<String, DesiredResource, ChangeRecord, Finding> harness;

    @BeforeEach
    void start() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EpisodeFunction(DriftGuardConfig.empty(), false),
                DesiredResource::key,
                ChangeRecord::key,
                Types.STRING);
        harness.open();
        harness.processElement1(new StreamRecord<>(Changes.securityGroup()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(ChangeRecord c) throws Exception {
        harness.processElement2(new StreamRecord<>(c, c.timestamp()));
    }

    private static ChangeRecord scan(String scanId, String at, String ingress, String resourceId) {
        ScanObservation o = new ScanObservation(
                scanId,
                Instant.parse(at),
                Cloud.AWS,
                "111122223333",
                "eu-west-1",
                resourceId,
                "AWS::EC2::SecurityGroup",
                "DescribeSecurityGroups",
                Map.of("ingress", ingress, "tags.Owner", "\"payments\""),
                List.of());
        ResourceChange rc = o.change();
        return new ChangeRecord(
                ReconcileScanParser.event(o), rc.key(), rc.resourceId(), rc.resourceType(), rc.changes());
    }

    private List<Finding> findings() {
        return harness.extractOutputValues();
    }

    @Test
    void driftAScanSeesIsFoundOnceMarkedAsFoundByTheScanWithTheActorUnknown() throws Exception {
        send(scan("s1", "2026-03-01T10:00:00Z", WITH_SSH, SG));
        send(scan("s2", "2026-03-01T10:15:00Z", WITH_SSH, SG));

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DRIFT);
            assertThat(f.trigger().foundBy()).isEqualTo(FoundBy.RECONCILE_SCAN);
            assertThat(f.trigger().operation()).isEqualTo("DescribeSecurityGroups");
            assertThat(f.actor().type()).isEqualTo("unknown");
            assertThat(f.changes()).singleElement().satisfies(c -> {
                assertThat(c.path()).isEqualTo("ingress");
                assertThat(c.desired()).isEqualTo(HTTPS);
                assertThat(c.actual()).isEqualTo(WITH_SSH);
            });
        });
    }

    @Test
    void aScanNeverRepeatsWhatAnEpisodeAlreadyReports() throws Exception {
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(scan("s1", "2026-03-01T10:05:00Z", WITH_SSH, SG));

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.trigger().foundBy()).isNull();
            assertThat(f.actor().id()).isEqualTo(JANE.id());
        });
    }

    @Test
    void aScanThatSeesTheDeclarationAgainResolvesTheEpisodeTheAuditStreamMissedTheRevertOf() throws Exception {
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(scan("s1", "2026-03-01T11:00:00Z", HTTPS, SG));

        Finding last = findings().get(findings().size() - 1);
        assertThat(last.status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(last.resolution()).isEqualTo(Resolution.REVERTED);
        assertThat(last.sourceEvents()).containsExactly("e1", "scan:s1:aws:" + SG);
    }

    @Test
    void anObservationReadBeforeTheLastAuditedChangeIsIgnored() throws Exception {
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(change("e2", JANE, "2026-03-01T10:10:00Z", remove("ingress", SSH)));
        // read at 10:05, while port 22 was open, but delivered after the revert
        send(scan("s1", "2026-03-01T10:05:00Z", WITH_SSH, SG));

        assertThat(findings()).extracting(Finding::status).containsExactly(FindingStatus.OPEN, FindingStatus.RESOLVED);
    }

    @Test
    void anAuditRecordArrivingAfterTheScanNamesTheActor() throws Exception {
        send(scan("s1", "2026-03-01T10:05:00Z", WITH_SSH, SG));
        // CloudTrail delivers Jane's call of 10:00 at 10:12
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));

        assertThat(findings()).hasSize(2);
        Finding named = findings().get(1);
        assertThat(named.findingId()).isEqualTo(findings().get(0).findingId());
        assertThat(named.actor().id()).isEqualTo(JANE.id());
        assertThat(named.trigger().foundBy()).isEqualTo(FoundBy.RECONCILE_SCAN);
        assertThat(named.trigger().eventId()).isEqualTo("e1");
        assertThat(named.firstEventTime()).hasToString("2026-03-01T10:00:00Z");
    }

    @Test
    void anObservationOfAResourceNoIacDeclaresIsDroppedWithoutState() throws Exception {
        String other = "sg-0ffffffffffffffff";
        send(scan("s1", "2026-03-01T10:00:00Z", WITH_SSH, other));
        harness.setProcessingTime(Long.MAX_VALUE / 4);
        assertThat(findings()).isEmpty();
        assertThat(harness.numProcessingTimeTimers())
                .as("it does not wait for a declaration")
                .isZero();
        assertThat(harness.numKeyedStateEntries())
                .as("only the declared group's declaration")
                .isEqualTo(1);
    }
}
