package io.driftguard.pipeline.episode;

import static io.driftguard.pipeline.episode.Changes.HTTPS;
import static io.driftguard.pipeline.episode.Changes.JANE;
import static io.driftguard.pipeline.episode.Changes.RDP;
import static io.driftguard.pipeline.episode.Changes.SSH;
import static io.driftguard.pipeline.episode.Changes.add;
import static io.driftguard.pipeline.episode.Changes.change;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Declared state and changes come from different topics, so they meet in any order. Whatever the
 * order, a change to a declared resource ends in a drift finding, and nothing waits without bound.
 */
class DeclarationOrderTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    private KeyedTwoInputStreamOperatorTestHarness<String, DesiredResource, ChangeRecord, Finding> harness;

    private void start(boolean replay) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EpisodeFunction(DriftGuardConfig.empty(), replay, WAIT),
                DesiredResource::key,
                ChangeRecord::key,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void declare(DesiredResource d) throws Exception {
        harness.processElement1(new StreamRecord<>(d));
    }

    private void send(ChangeRecord c) throws Exception {
        harness.processElement2(new StreamRecord<>(c, c.timestamp()));
    }

    private List<Finding> findings() {
        return harness.extractOutputValues();
    }

    @Test
    void liveAChangeThatArrivesBeforeItsDeclarationIsDriftOnceTheDeclarationArrives() throws Exception {
        start(false);
        harness.setProcessingTime(10_000);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(change("e2", JANE, "2026-03-01T10:00:30Z", add("ingress", RDP)));
        assertThat(findings())
                .as("nothing is judged unmanaged while the declaration may still come")
                .isEmpty();

        harness.setProcessingTime(10_000 + WAIT.toMillis() / 2);
        declare(Changes.securityGroup());

        Finding latest = findings().get(findings().size() - 1);
        assertThat(findings()).allSatisfy(f -> assertThat(f.kind()).isEqualTo(FindingKind.DRIFT));
        assertThat(latest.sourceEvents()).containsExactly("e1", "e2");
        assertThat(latest.status()).isEqualTo(FindingStatus.OPEN);
        assertThat(latest.changes())
                .singleElement()
                .satisfies(
                        c -> assertThat(c.actual()).contains("\"from_port\":22").contains("\"from_port\":3389"));

        // the wait is over: its timers find nothing left to expire
        harness.setProcessingTime(10_000 + WAIT.toMillis() * 2);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE - 1));
        assertThat(findings()).hasSize(2);
    }

    @Test
    void liveAChangeWhoseDeclarationNeverComesIsReportedUnmanagedWhenTheWaitEndsInProcessingTime() throws Exception {
        start(false);
        harness.setProcessingTime(10_000);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        harness.setProcessingTime(10_000 + WAIT.toMillis() - 1);
        assertThat(findings()).isEmpty();

        harness.setProcessingTime(10_000 + WAIT.toMillis());
        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.UNMANAGED);
            assertThat(f.sourceEvents()).containsExactly("e1");
        });
    }

    @Test
    void liveTheWaitAlsoEndsInEventTimeOnceTheDeclarationHadItsGraceToArrive() throws Exception {
        start(false);
        harness.setProcessingTime(10_000);
        ChangeRecord c = change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH));
        send(c);
        // catching up on a backlog: event time runs hours ahead within a second
        harness.processBothWatermarks(new Watermark(c.timestamp() + WAIT.toMillis()));
        assertThat(findings())
                .as("the declared-state topic may still be being read")
                .isEmpty();

        harness.setProcessingTime(10_000 + EpisodeFunction.GRACE_MILLIS);
        assertThat(findings()).singleElement().extracting(Finding::kind).isEqualTo(FindingKind.UNMANAGED);
        // once the whole wait is over in processing time, the unmanaged finding idle and the
        // redelivery horizon passed, nothing is kept
        harness.setProcessingTime(10_000 + WAIT.toMillis());
        harness.processBothWatermarks(
                new Watermark(c.timestamp() + WAIT.toMillis() + EpisodeFunction.UNMANAGED_IDLE.toMillis()));
        harness.setProcessingTime(10_000 + 2 * JobSettings.REDELIVERY_HORIZON.toMillis());
        assertThat(findings()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void liveADeclarationReadSlowerThanTheGraceStillMakesTheChangeDriftWithinTheWholeWait() throws Exception {
        start(false);
        harness.setProcessingTime(10_000);
        // catching up on a backlog: reported unmanaged once the grace is over, but kept for the whole wait
        ChangeRecord c = change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH));
        send(c);
        harness.processBothWatermarks(new Watermark(c.timestamp() + WAIT.toMillis()));
        harness.setProcessingTime(10_000 + EpisodeFunction.GRACE_MILLIS);
        assertThat(findings()).singleElement().extracting(Finding::kind).isEqualTo(FindingKind.UNMANAGED);

        // a loaded job reads the declared-state topic 30 s later: still within the 2-minute wait
        harness.setProcessingTime(10_000 + EpisodeFunction.GRACE_MILLIS + 30_000);
        declare(Changes.securityGroup());
        assertThat(findings()).hasSize(3);
        assertThat(findings().get(1))
                .as("the early unmanaged report is closed: the resource is declared")
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.UNMANAGED);
                    assertThat(f.resolution()).isEqualTo(Resolution.CODIFIED);
                });
        assertThat(findings().get(2)).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DRIFT);
            assertThat(f.sourceEvents()).containsExactly("e1");
        });

        // the wait's end finds nothing left to report
        harness.setProcessingTime(10_000 + WAIT.toMillis() * 2);
        assertThat(findings()).hasSize(3);
    }

    @Test
    void liveAnUnmanagedResourceThatBecomesDeclaredIsResolvedAsCodifiedAndLaterChangesAreDrift() throws Exception {
        start(false);
        harness.setProcessingTime(10_000);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        harness.setProcessingTime(10_000 + WAIT.toMillis());
        assertThat(findings()).singleElement().extracting(Finding::kind).isEqualTo(FindingKind.UNMANAGED);
        String unmanagedId = findings().get(0).findingId();

        // an hour later someone imports the group into Terraform and iac-sync publishes it
        harness.setProcessingTime(10_000 + WAIT.toMillis() + 3_600_000);
        declare(Changes.securityGroup());
        assertThat(findings()).hasSize(2);
        assertThat(findings().get(1)).satisfies(f -> {
            assertThat(f.findingId()).isEqualTo(unmanagedId);
            assertThat(f.kind()).isEqualTo(FindingKind.UNMANAGED);
            assertThat(f.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(f.resolution()).isEqualTo(Resolution.CODIFIED);
            assertThat(f.version()).isEqualTo(2);
        });

        send(change("e2", JANE, "2026-03-01T11:30:00Z", add("ingress", RDP)));
        assertThat(findings()).hasSize(3);
        assertThat(findings().get(2)).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DRIFT);
            assertThat(f.sourceEvents()).containsExactly("e2");
        });

        // a second declaration of the same resource resolves nothing more
        declare(Changes.securityGroup());
        assertThat(findings())
                .extracting(Finding::findingId)
                .filteredOn(unmanagedId::equals)
                .hasSize(2);
    }

    @Test
    void liveADeclarationWithinTheGraceStillWinsOverAFastEventClock() throws Exception {
        start(false);
        harness.setProcessingTime(10_000);
        ChangeRecord c = change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH));
        send(c);
        harness.processBothWatermarks(new Watermark(c.timestamp() + WAIT.toMillis()));
        harness.setProcessingTime(10_000 + EpisodeFunction.GRACE_MILLIS / 2);
        declare(Changes.securityGroup());

        assertThat(findings()).singleElement().extracting(Finding::kind).isEqualTo(FindingKind.DRIFT);
    }

    @Test
    void inReplayEveryDeclarationIsReadFirstSoNothingWaits() throws Exception {
        start(true);
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        declare(Changes.securityGroup());
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DRIFT);
            assertThat(f.sourceEvents()).containsExactly("e1");
        });
    }

    @Test
    void aDeclarationThatChangesWhileAnEpisodeIsOpenUpdatesItOrResolvesItAsCodified() throws Exception {
        start(false);
        declare(Changes.securityGroup());
        send(change("e1", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        send(change("e2", JANE, "2026-03-01T10:01:00Z", add("ingress", RDP)));
        Finding open = findings().get(1);

        // the IaC now declares SSH too: RDP is still drift, with the new desired value
        String httpsAndSsh =
                "[{\"cidr\":\"0.0.0.0/0\",\"from_port\":22,\"protocol\":\"tcp\",\"to_port\":22}," + HTTPS.substring(1);
        declare(declaring(httpsAndSsh));
        Finding updated = findings().get(2);
        assertThat(updated.findingId()).isEqualTo(open.findingId());
        assertThat(updated.status()).isEqualTo(FindingStatus.OPEN);
        assertThat(updated.changes())
                .singleElement()
                .satisfies(c -> assertThat(c.desired()).contains("\"from_port\":22"));

        // then it declares what is live: the episode is codified
        String all = "[{\"cidr\":\"0.0.0.0/0\",\"from_port\":22,\"protocol\":\"tcp\",\"to_port\":22},"
                + "{\"cidr\":\"0.0.0.0/0\",\"from_port\":3389,\"protocol\":\"tcp\",\"to_port\":3389},"
                + HTTPS.substring(1);
        declare(declaring(all));
        Finding resolved = findings().get(findings().size() - 1);
        assertThat(resolved.status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(resolved.resolution()).isEqualTo(Resolution.CODIFIED);
    }

    @Test
    void aLongEpisodeKeepsItsTriggerAndListsTheNewestChanges() throws Exception {
        start(false);
        declare(Changes.securityGroup());
        send(change("first", JANE, "2026-03-01T10:00:00Z", add("ingress", SSH)));
        // someone toggles RDP all day while SSH stays open: one episode, hundreds of events
        for (int i = 0; i < EpisodeTracker.MAX_SOURCE_EVENTS; i++) {
            send(change("a" + i, JANE, "2026-03-01T10:01:00Z", add("ingress", RDP)));
            send(change("r" + i, JANE, "2026-03-01T10:02:00Z", Changes.remove("ingress", RDP)));
        }
        send(change("last", JANE, "2026-03-01T18:00:00Z", add("ingress", RDP)));

        Finding latest = findings().get(findings().size() - 1);
        assertThat(latest.findingId()).isEqualTo(findings().get(0).findingId());
        assertThat(latest.sourceEvents()).hasSize(EpisodeTracker.MAX_SOURCE_EVENTS);
        assertThat(latest.sourceEvents().get(0))
                .isEqualTo("first")
                .isEqualTo(latest.trigger().eventId());
        assertThat(latest.sourceEvents()).endsWith("r" + (EpisodeTracker.MAX_SOURCE_EVENTS - 1), "last");
    }

    private static DesiredResource declaring(String ingress) {
        DesiredResource d = Changes.securityGroup();
        Map<String, String> attrs = new HashMap<>(d.attributes());
        attrs.put("ingress", ingress);
        return d.withAttributes(attrs);
    }
}
