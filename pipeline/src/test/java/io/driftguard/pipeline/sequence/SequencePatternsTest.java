package io.driftguard.pipeline.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.pipeline.sequence.SequenceEvent.Kind;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Each sequence pattern in event time with watermarks: events in any order before the watermark
 * match as if in order; windows are the taxonomy's; an event behind the watermark is late, goes to
 * the side output and matches nothing; partial matches and timers are gone once the window passed.
 */
class SequencePatternsTest {

    static final long MIN = 60_000;
    static final long T0 = 1_741_000_000_000L;

    static SequenceEvent read(String id, String actor, String resource, long minute) {
        return new SequenceEvent(Kind.READ, id, actor, resource, "checkout", false, T0 + minute * MIN);
    }

    static SequenceEvent change(String id, String actor, String resource, long minute) {
        return new SequenceEvent(Kind.CHANGE, id, actor, resource, "checkout", false, T0 + minute * MIN);
    }

    static SequenceEvent revert(String id, String actor, String resource, long minute) {
        return new SequenceEvent(Kind.REVERT, id, actor, resource, "checkout", false, T0 + minute * MIN);
    }

    static SequenceEvent service(Kind kind, String id, String service, boolean automation, long minute) {
        return new SequenceEvent(
                kind, id, automation ? "autoscaler" : "jane", "r-1", service, automation, T0 + minute * MIN);
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<String, SequenceEvent, SequenceMatch> h, SequenceEvent... events)
            throws Exception {
        for (SequenceEvent e : events) {
            h.processElement(new StreamRecord<>(e, e.time()));
        }
    }

    static void watermark(KeyedOneInputStreamOperatorTestHarness<String, SequenceEvent, SequenceMatch> h, long minute)
            throws Exception {
        h.processWatermark(new Watermark(T0 + minute * MIN));
    }

    static List<List<String>> matches(KeyedOneInputStreamOperatorTestHarness<String, SequenceEvent, SequenceMatch> h) {
        return h.extractOutputValues().stream().map(SequenceMatch::eventIds).toList();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SequenceEvent, SequenceMatch> troubleshooting()
            throws Exception {
        return SequenceHarness.of(SequencePatterns.troubleshooting(), SequencePatterns.TROUBLESHOOTING, true);
    }

    @Test
    void readsThenChangeThenRevertMatchWhateverOrderTheyArriveInBeforeTheWatermark() throws Exception {
        try (var h = troubleshooting()) {
            send(h, revert("rv", "jane", "sg-1", 40), read("r1", "jane", "sg-1", 0), change("c1", "jane", "sg-1", 10));
            assertThat(matches(h)).as("nothing before the watermark").isEmpty();
            watermark(h, 41);
            assertThat(matches(h)).containsExactly(List.of("r1", "c1", "rv"));
            assertThat(h.extractOutputValues().get(0).key()).isEqualTo("jane");
        }
    }

    @Test
    void theWindowsAreTheTaxonomys() throws Exception {
        try (var h = troubleshooting()) {
            // read 31 minutes before the change: too early
            send(h, read("r1", "jane", "sg-1", 0), change("c1", "jane", "sg-1", 31), revert("rv1", "jane", "sg-1", 40));
            // revert 61 minutes after the change: too late
            send(
                    h,
                    read("r2", "jane", "sg-2", 200),
                    change("c2", "jane", "sg-2", 210),
                    revert("rv2", "jane", "sg-2", 271));
            // reads of another resource say nothing about this one
            send(
                    h,
                    read("r3", "jane", "sg-9", 400),
                    change("c3", "jane", "sg-3", 405),
                    revert("rv3", "jane", "sg-3", 410));
            // another actor's reads neither
            send(
                    h,
                    read("r4", "bob", "sg-4", 600),
                    change("c4", "jane", "sg-4", 605),
                    revert("rv4", "jane", "sg-4", 610));
            watermark(h, 2000);
            assertThat(matches(h)).isEmpty();
        }
    }

    @Test
    void aReadOfTheWholeServiceCountsForAChangeInIt() throws Exception {
        try (var h = troubleshooting()) {
            send(h, read("r1", "jane", null, 0), change("c1", "jane", "sg-1", 20), revert("rv", "jane", "sg-1", 50));
            watermark(h, 60);
            assertThat(matches(h)).containsExactly(List.of("r1", "c1", "rv"));
        }
    }

    @Test
    void anEventBehindTheWatermarkIsLateGoesToTheSideOutputAndMatchesNothing() throws Exception {
        try (var h = troubleshooting()) {
            send(h, change("c1", "jane", "sg-1", 10));
            watermark(h, 20);
            send(h, read("r1", "jane", "sg-1", 5), revert("rv", "jane", "sg-1", 30));
            watermark(h, 40);
            assertThat(matches(h)).isEmpty();
            assertThat(h.getSideOutput(SequenceDetection.LATE))
                    .extracting(r -> r.getValue().id())
                    .containsExactly("r1");
        }
    }

    @Test
    void partialMatchesAndTimersAreGoneOnceTheWindowHasPassed() throws Exception {
        try (var h = troubleshooting()) {
            send(h, read("r1", "jane", "sg-1", 0), read("r2", "jane", "sg-1", 1), change("c1", "jane", "sg-1", 5));
            watermark(h, 6);
            assertThat(h.numEventTimeTimers()).isPositive();
            watermark(
                    h,
                    6
                            + SequencePatterns.READ_WINDOW
                                    .plus(SequencePatterns.REVERT_WINDOW)
                                    .toMinutes()
                            + 1);
            assertThat(matches(h)).isEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries())
                    .as("no partial match and no buffered event is left")
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void anIncidentOpenedThenAChangeOnItsServiceThenTheIncidentResolved() throws Exception {
        try (var h = SequenceHarness.of(SequencePatterns.incidentFix(), SequencePatterns.INCIDENT_FIX, false)) {
            send(
                    h,
                    service(Kind.CHANGE, "c0", "checkout", false, 0), // before the incident: not part of it
                    service(Kind.INCIDENT_RESOLVED, "PD-2", "checkout", false, 50), // another incident
                    service(Kind.CHANGE, "c1", "checkout", false, 20),
                    service(Kind.INCIDENT_OPENED, "PD-1", "checkout", false, 10),
                    service(Kind.INCIDENT_RESOLVED, "PD-1", "checkout", false, 60),
                    service(Kind.INCIDENT_OPENED, "PD-9", "search", false, 10),
                    service(Kind.INCIDENT_RESOLVED, "PD-9", "search", false, 30));
            watermark(h, 61);
            assertThat(matches(h)).containsExactly(List.of("PD-1", "c1", "PD-1"));
            assertThat(h.extractOutputValues().get(0).key()).isEqualTo("checkout");
        }
    }

    @Test
    void anAlertThenAnAutomatedChangeWithinFifteenMinutes() throws Exception {
        try (var h =
                SequenceHarness.of(SequencePatterns.alertThenAutomation(), SequencePatterns.ALERT_AUTOMATION, false)) {
            send(
                    h,
                    service(Kind.ALERT, "a1", "checkout", false, 0),
                    service(Kind.CHANGE, "human", "checkout", false, 3), // a person's change is not automation
                    service(Kind.CHANGE, "asg", "checkout", true, 9),
                    service(Kind.ALERT, "a2", "search", false, 100),
                    service(Kind.CHANGE, "asg-late", "search", true, 116)); // 16 minutes: too late
            watermark(h, 200);
            assertThat(matches(h)).containsExactly(List.of("a1", "asg"));
        }
    }
}
