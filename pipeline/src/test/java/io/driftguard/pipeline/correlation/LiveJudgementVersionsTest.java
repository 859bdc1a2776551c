package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Alert;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Live mode: how many versions a finding gets depends on its input only, not on when the input was
 * processed, how fast, or whether the job was restored from a checkpoint on the way. A finding is
 * judged again when its update, its reads or its evidence change, and once when its actor becomes
 * idle; never on a timer that merely fires later or earlier (JobFailoverIT compares a killed run's
 * versions with an undisturbed run's, exactly).
 */
class LiveJudgementVersionsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration IDLE = ContextCorrelationFunction.IDLE;
    private static final DriftGuardConfig CONFIG = ConfigLoader.parse("""
            services:
              - {name: checkout, pagerduty_service_id: PCHK, jira_component: checkout, alert_label: {service: checkout}}
            """, "config.yaml");

    private static Finding finding(long version, FindingStatus status, Instant last) {
        return Finding.builder()
                .findingId("dg-1")
                .version(version)
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.AWS)
                .account("111122223333")
                .resourceId("sg-1")
                .resourceType("aws_security_group")
                .service("checkout")
                .iac(new IacRef("terraform", "aws_security_group.web", "terraform/prod/checkout/"))
                .status(status)
                .sourceEvents(List.of("e1"))
                .actor(new Finding.FindingActor("jane", "human", "jane"))
                .trigger(new Finding.Trigger(
                        "e1", "AuthorizeSecurityGroupIngress", "203.0.113.7", "aws-cli", false, "ec2.amazonaws.com"))
                .firstEventTime(T0)
                .lastEventTime(last)
                .detectedAt(T0)
                .build();
    }

    private static CorrelatedFinding open(long version, Instant last) {
        return new CorrelatedFinding(finding(version, FindingStatus.OPEN, last), List.of());
    }

    private static CorrelatedFinding resolved(long version, Instant last) {
        return new CorrelatedFinding(finding(version, FindingStatus.RESOLVED, last), List.of());
    }

    private static Incident incident(String status, Instant at) {
        return incident("Q1", status, at);
    }

    private static Incident incident(String id, String status, Instant at) {
        return new Incident(
                id,
                "pagerduty",
                at,
                "ev-" + status,
                status,
                "high",
                null,
                "Checkout 5xx",
                "PCHK",
                "Checkout API",
                null);
    }

    private static KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> harness()
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new ContextCorrelationOperator(new ContextCorrelationFunction(CONFIG, false)),
                c -> c.finding().findingId(),
                Types.STRING,
                128,
                1,
                0);
    }

    private static KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> opened(
            long processingTime) throws Exception {
        var h = harness();
        h.open();
        h.setProcessingTime(processingTime);
        return h;
    }

    private static List<Long> versions(
            KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> h) {
        return h.extractOutputValues().stream().map(c -> c.finding().version()).toList();
    }

    /** What a reader of the findings compares: version, status and the facts judged on (not the wall clock). */
    private static List<String> judgements(List<EpisodeContext> out) {
        return out.stream()
                .map(c -> c.finding().version() + " " + c.finding().status().id() + " "
                        + c.facts().stream().map(ContextFact::endTime).toList())
                .toList();
    }

    @Test
    void theSameUpdateAgainIsNotJudgedAgain() throws Exception {
        try (var h = opened(T0.plus(Duration.ofHours(3)).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processElement(resolved(2, T0.plusSeconds(60)), T0.plusSeconds(60).toEpochMilli());
            h.processElement(resolved(2, T0.plusSeconds(60)), T0.plusSeconds(60).toEpochMilli());
            h.processElement(open(1, T0), T0.toEpochMilli());
            assertThat(versions(h))
                    .as("a repeated update (a restart replaying its input, a redelivery) and a late older one")
                    .containsExactly(1000L, 2000L);
        }
    }

    @Test
    void processingTimeAloneAddsNoVersionOnceTheActorIsAlreadyIdle() throws Exception {
        try (var h = opened(T0.plus(Duration.ofHours(3)).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            assertThat(h.numProcessingTimeTimers())
                    .as("the idle moment has passed: the first judgement already sees an idle actor")
                    .isZero();
            h.setProcessingTime(T0.plus(Duration.ofHours(30)).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L);
        }
    }

    @Test
    void theIdleTimerJudgesOnceAsOfTheMomentTheActorBecameIdle() throws Exception {
        Instant idle = T0.plus(IDLE);
        try (var h = opened(T0.plusSeconds(60).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.setProcessingTime(idle.toEpochMilli() - 1);
            assertThat(versions(h)).containsExactly(1000L);

            h.setProcessingTime(idle.plusSeconds(7).toEpochMilli()); // the timer fires late: it changes nothing
            assertThat(h.extractOutputValues())
                    .extracting(c -> c.finding().version(), EpisodeContext::asOf)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1000L, T0.plusSeconds(60)),
                            org.assertj.core.groups.Tuple.tuple(1001L, idle));
            h.setProcessingTime(T0.plus(Duration.ofHours(30)).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L, 1001L);
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void aLaterChangeMovesTheIdleMomentAndAResolvedEpisodeHasNone() throws Exception {
        Instant later = T0.plus(Duration.ofMinutes(30));
        try (var h = opened(T0.plusSeconds(60).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processElement(open(2, later), later.toEpochMilli());
            assertThat(h.numProcessingTimeTimers())
                    .as("the first version's idle timer is gone")
                    .isEqualTo(1);
            h.setProcessingTime(T0.plus(IDLE).plusSeconds(1).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L, 2000L);
            h.setProcessingTime(later.plus(IDLE).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L, 2000L, 2001L);

            h.processElement(resolved(3, later.plus(IDLE).plusSeconds(60)), 0);
            h.setProcessingTime(T0.plus(Duration.ofHours(30)).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L, 2000L, 2001L, 3000L);
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void evidenceIsJudgedAgainOnlyWhenItChangesAFactAndNewReadsAreJudgedAgain() throws Exception {
        try (var h = opened(T0.plus(Duration.ofHours(3)).toEpochMilli())) {
            h.processBroadcastElement(incident("triggered", T0.minusSeconds(600)), 0);
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processBroadcastElement(incident("acknowledged", T0.plusSeconds(300)), 0);
            assertThat(versions(h))
                    .as("the incident acknowledged: a newer item, but the finding's facts are the same")
                    .containsExactly(1000L);
            h.processBroadcastElement(incident("resolved", T0.plusSeconds(1200)), 0);
            assertThat(versions(h))
                    .as("the incident resolved: judged again at the end of its bucket")
                    .containsExactly(1000L);
            h.watermark(T0.plusSeconds(1205).toEpochMilli() - 1);
            assertThat(versions(h)).as("the watermark has passed the bucket").containsExactly(1000L, 1001L);

            ContextFact reads = new ContextFact(
                    "read_activity",
                    "jane",
                    "aws",
                    ContextFact.Relation.BEFORE_CHANGE,
                    T0.minusSeconds(300),
                    null,
                    null,
                    null,
                    false,
                    null,
                    3,
                    true);
            h.processElement(new CorrelatedFinding(finding(1, FindingStatus.OPEN, T0), List.of(reads)), 0);
            assertThat(versions(h)).as("the same episode version with reads").containsExactly(1000L, 1001L, 1002L);
        }
    }

    /**
     * Undisturbed: open, a second change, the incident resolved (pending: no watermark passes its bucket),
     * the actor idle (judged with the resolved incident), resolved.
     */
    private static List<EpisodeContext> undisturbed() throws Exception {
        try (var h = opened(T0.plusSeconds(30).toEpochMilli())) {
            h.processBroadcastElement(incident("triggered", T0.minusSeconds(600)), 0);
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processElement(open(2, T0.plusSeconds(60)), 0);
            h.processBroadcastElement(incident("resolved", T0.plusSeconds(1200)), 0);
            h.setProcessingTime(T0.plus(IDLE).plusSeconds(61).toEpochMilli());
            h.processElement(resolved(3, RESOLVED_AT), 0);
            return h.extractOutputValues();
        }
    }

    private static final Instant RESOLVED_AT = T0.plus(Duration.ofMinutes(90));

    /**
     * The same input with a crash after a checkpoint, restored {@code restoredAt} (processing time): the
     * restored operator sees everything after the checkpoint again (the sources rewind to its offsets),
     * and what it emitted after the checkpoint before the crash is written again.
     */
    private static List<EpisodeContext> disturbed(Instant restoredAt) throws Exception {
        OperatorSubtaskState checkpoint;
        List<EpisodeContext> out = new ArrayList<>();
        try (var h = opened(T0.plusSeconds(30).toEpochMilli())) {
            h.processBroadcastElement(incident("triggered", T0.minusSeconds(600)), 0);
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processElement(open(2, T0.plusSeconds(60)), 0);
            checkpoint = h.snapshot(1, 1);
            h.processBroadcastElement(incident("resolved", T0.plusSeconds(1200)), 0);
            out.addAll(h.extractOutputValues());
            // killed here
        }
        try (var h = harness()) {
            h.initializeState(checkpoint);
            h.open();
            h.setProcessingTime(restoredAt.toEpochMilli());
            h.processBroadcastElement(incident("resolved", T0.plusSeconds(1200)), 0);
            h.processElement(open(2, T0.plusSeconds(60)), 0); // a redelivery too
            h.setProcessingTime(Math.max(
                    restoredAt.toEpochMilli(), T0.plus(IDLE).plusSeconds(61).toEpochMilli()));
            h.processElement(resolved(3, RESOLVED_AT), 0);
            out.addAll(h.extractOutputValues());
        }
        return out;
    }

    @Test
    void aRestoreFromACheckpointGivesTheVersionsOfTheUndisturbedRun() throws Exception {
        List<EpisodeContext> undisturbed = undisturbed();
        assertThat(judgements(undisturbed))
                .containsExactly(
                        "1000 open [null]",
                        "2000 open [null]",
                        "2001 open [" + T0.plusSeconds(1200) + "]",
                        "3000 resolved [" + T0.plusSeconds(1200) + "]");
        // Restored 20 minutes after the crash, at another wall-clock time than the undisturbed run's.
        List<EpisodeContext> disturbed = disturbed(T0.plus(Duration.ofMinutes(40)));
        assertThat(judgements(disturbed).stream().distinct().sorted())
                .as("the versions written, repeats removed as the sinks remove them (finding id and version),"
                        + " each with the same status and evidence")
                .containsExactlyElementsOf(
                        judgements(undisturbed).stream().sorted().toList());
    }

    /**
     * A restore after the actor's idle moment fires the idle timer in the checkpoint before the replayed
     * input arrives: the same versions, but version 2001 is judged without the incident resolved after the
     * checkpoint (it arrives later, pending, and the next update carries it). What is stored last, and the
     * number of versions, are those of the undisturbed run.
     */
    @Test
    void aRestoreAfterTheIdleMomentGivesTheSameVersionsWithTheIdleJudgementFirst() throws Exception {
        List<EpisodeContext> undisturbed = undisturbed();
        List<EpisodeContext> disturbed = disturbed(T0.plus(Duration.ofHours(5)));
        assertThat(disturbed.stream().map(c -> c.finding().version()).distinct())
                .containsExactlyInAnyOrderElementsOf(
                        undisturbed.stream().map(c -> c.finding().version()).toList());
        assertThat(judgements(disturbed).get(judgements(disturbed).size() - 1))
                .isEqualTo(judgements(undisturbed).get(undisturbed.size() - 1));
    }

    private static final Instant BUCKET_START = T0; // 10:00:00, a multiple of the 5 s bucket

    /** Three incidents of the finding's service in one bucket of context event time, then the finding's. */
    private static KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext>
            threeIncidentsInOneBucket() throws Exception {
        var h = opened(T0.plusSeconds(30).toEpochMilli());
        h.processElement(open(1, T0), T0.toEpochMilli());
        for (int i = 1; i <= 3; i++) {
            Instant at = BUCKET_START.plusSeconds(i);
            h.processBroadcastElement(incident("Q" + i, "triggered", at), at.toEpochMilli());
        }
        return h;
    }

    private static List<Integer> incidentsJudged(
            KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> h) {
        return h.extractOutputValues().stream()
                .map(c -> (int) c.facts().stream()
                        .filter(f -> f.kind().equals("incident"))
                        .count())
                .toList();
    }

    @Test
    void itemsOfOneBucketJudgeAFindingOnceWhenTheWatermarkPassesTheBucketEvenIfNoItemFollows() throws Exception {
        try (var h = threeIncidentsInOneBucket()) {
            assertThat(versions(h))
                    .as("the update is judged at once; the items wait")
                    .containsExactly(1000L);
            h.watermark(BUCKET_START.plus(ContextCorrelationFunction.BUCKET).toEpochMilli() - 2);
            assertThat(versions(h)).as("the bucket has not ended").containsExactly(1000L);
            h.watermark(BUCKET_START.plus(ContextCorrelationFunction.BUCKET).toEpochMilli() - 1);
            assertThat(versions(h)).as("one judgement for three items").containsExactly(1000L, 1001L);
            assertThat(incidentsJudged(h)).containsExactly(0, 3);
            h.watermark(T0.plus(Duration.ofHours(1)).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L, 1001L);
        }
    }

    /**
     * Whether the watermark or the first item of the next bucket ends a bucket, the versions are the same,
     * each with the same evidence: the item that ends the bucket is judged in its own.
     */
    @Test
    void theNextBucketsFirstItemOrTheWatermarkEndTheBucketWithTheSameVersions() throws Exception {
        Instant next = BUCKET_START.plus(ContextCorrelationFunction.BUCKET).plusSeconds(2);
        List<String> byItem;
        try (var h = threeIncidentsInOneBucket()) {
            h.processBroadcastElement(incident("Q4", "triggered", next), next.toEpochMilli());
            assertThat(incidentsJudged(h)).as("Q4 ends the first bucket").containsExactly(0, 3);
            h.watermark(next.plus(ContextCorrelationFunction.BUCKET).toEpochMilli());
            byItem = judgements(h.extractOutputValues());
            assertThat(incidentsJudged(h)).containsExactly(0, 3, 4);
        }
        try (var h = threeIncidentsInOneBucket()) {
            h.watermark(next.toEpochMilli() - 1000);
            h.processBroadcastElement(incident("Q4", "triggered", next), next.toEpochMilli());
            h.watermark(next.plus(ContextCorrelationFunction.BUCKET).toEpochMilli());
            assertThat(judgements(h.extractOutputValues())).isEqualTo(byItem);
        }
        assertThat(byItem).hasSize(3);
    }

    @Test
    void theNextUpdateCarriesThePendingEvidence() throws Exception {
        try (var h = threeIncidentsInOneBucket()) {
            h.processElement(resolved(2, T0.plusSeconds(4)), T0.plusSeconds(4).toEpochMilli());
            h.watermark(T0.plus(Duration.ofHours(1)).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L, 2000L);
            assertThat(incidentsJudged(h)).containsExactly(0, 3);
        }
    }

    @Test
    void aPendingJudgementSurvivesARestoreAndTheWatermarkEmitsIt() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = threeIncidentsInOneBucket()) {
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(checkpoint);
            h.open();
            h.watermark(BUCKET_START.plus(ContextCorrelationFunction.BUCKET).toEpochMilli());
            assertThat(versions(h)).containsExactly(1001L);
            assertThat(incidentsJudged(h)).containsExactly(3);
        }
    }

    /**
     * Q1 arrives after Q2 of a later bucket: its own bucket has ended, so the finding waits for the next
     * item or the watermark, and is judged once with both.
     */
    @Test
    void anItemOfABucketAlreadyEndedWaitsForTheNextItemOrWatermarkWithTheLaterOnes() throws Exception {
        Instant second = BUCKET_START.plus(ContextCorrelationFunction.BUCKET).plusSeconds(2);
        Instant late = BUCKET_START.plusSeconds(2);
        try (var h = opened(T0.plusSeconds(30).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processBroadcastElement(incident("Q2", "triggered", second), second.toEpochMilli());
            assertThat(versions(h)).as("Q2 waits for the end of its bucket").containsExactly(1000L);
            h.processBroadcastElement(incident("Q1", "triggered", late), late.toEpochMilli());
            assertThat(versions(h)).as("Q1 waits too").containsExactly(1000L);
            h.watermark(second.plus(ContextCorrelationFunction.BUCKET).toEpochMilli());
            assertThat(incidentsJudged(h)).as("one judgement with Q1 and Q2").containsExactly(0, 2);
        }
        try (var h = opened(T0.plusSeconds(30).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            h.processBroadcastElement(incident("Q2", "triggered", second), second.toEpochMilli());
            h.processBroadcastElement(incident("Q1", "triggered", late), late.toEpochMilli());
            Instant third = second.plusSeconds(1);
            h.processBroadcastElement(incident("Q3", "triggered", third), third.toEpochMilli());
            assertThat(incidentsJudged(h))
                    .as("the next item ends Q1's bucket, judged with Q1 and Q2 but not Q3")
                    .containsExactly(0, 2);
        }
    }

    /**
     * An alert dated an hour ahead of its delivery does not make every later item a judgement of its own:
     * items of the next seconds still wait together for the end of their bucket.
     */
    @Test
    void anItemDatedAheadDoesNotMakeEveryLaterItemAJudgement() throws Exception {
        try (var h = opened(T0.plusSeconds(30).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            Instant ahead = BUCKET_START.plus(Duration.ofHours(1));
            h.processBroadcastElement(incident("Q0", "triggered", ahead), BUCKET_START.toEpochMilli());
            for (int i = 1; i <= 4; i++) {
                Instant at = BUCKET_START.plusSeconds(i);
                h.processBroadcastElement(incident("Q" + i, "triggered", at), at.toEpochMilli());
            }
            assertThat(versions(h)).as("the four items wait for their bucket").containsExactly(1000L);
            h.watermark(BUCKET_START.plus(ContextCorrelationFunction.BUCKET).toEpochMilli());
            assertThat(versions(h)).containsExactly(1000L, 1001L);
        }
    }
    /**
     * Incidents of the finding's service, one a second: each judgement doubles the bucket the next ones
     * wait in (5, 10, 20, 40, 80 s), so a minute of them gives five judgements instead of twelve.
     */
    @Test
    void evidenceOfTheServiceIsJudgedInBucketsThatDoubleWithEveryJudgement() throws Exception {
        try (var h = opened(T0.plusSeconds(30).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            for (int i = 1; i <= 60; i++) {
                Instant at = BUCKET_START.plusSeconds(i);
                h.processBroadcastElement(incident("Q" + i, "triggered", at), at.toEpochMilli());
            }
            assertThat(versions(h)).containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
            assertThat(incidentsJudged(h))
                    .as("judged at 10:00:05, :10, :20 and :40, each without the item that ended its bucket")
                    .containsExactly(0, 4, 9, 19, 39);
            h.watermark(BUCKET_START.plusSeconds(80).toEpochMilli() - 1);
            assertThat(incidentsJudged(h))
                    .as("the 80 s bucket ends at 10:01:20")
                    .containsExactly(0, 4, 9, 19, 39, 60);
        }
    }

    /** An alert naming the finding's resource waits 5 s however often the finding was judged before. */
    @Test
    void evidenceNamingTheResourceIsJudgedWithinTheFirstBucketEvenAfterManyJudgements() throws Exception {
        try (var h = opened(T0.plusSeconds(30).toEpochMilli())) {
            h.processElement(open(1, T0), T0.toEpochMilli());
            for (int i = 1; i <= 45; i++) {
                Instant at = BUCKET_START.plusSeconds(i);
                h.processBroadcastElement(incident("Q" + i, "triggered", at), at.toEpochMilli());
            }
            assertThat(versions(h))
                    .as("the next bucket of the service's evidence ends at 10:01:20")
                    .hasSize(5);
            Instant at = BUCKET_START.plusSeconds(46);
            h.processBroadcastElement(
                    new Alert(
                            "A1",
                            "alertmanager",
                            at,
                            "firing",
                            "SecurityGroupOpen",
                            "warning",
                            Map.of("instance", "sg-1"),
                            at,
                            null,
                            "sg-1 open to the world",
                            null),
                    at.toEpochMilli());
            h.watermark(BUCKET_START.plusSeconds(50).toEpochMilli() - 1);
            List<EpisodeContext> out = h.extractOutputValues();
            assertThat(out).hasSize(6);
            assertThat(out.get(5).facts())
                    .as("judged at 10:00:50 with the alert and every incident so far")
                    .anyMatch(f -> f.kind().equals("alert") && f.sameResource())
                    .filteredOn(f -> f.kind().equals("incident"))
                    .hasSize(45);
        }
    }
}
