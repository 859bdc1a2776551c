package io.driftguard.pipeline.episode;

import static io.driftguard.pipeline.episode.Changes.HTTPS;
import static io.driftguard.pipeline.episode.Changes.JANE;
import static io.driftguard.pipeline.episode.Changes.RDP;
import static io.driftguard.pipeline.episode.Changes.SSH;
import static io.driftguard.pipeline.episode.Changes.add;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperationFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, ChangeRecord, ChangeRecord> harness;

    private void start(boolean replay) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new OperationFunction(replay), OperationFunction::orderKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(ChangeRecord c) throws Exception {
        harness.processElement(new StreamRecord<>(c, c.timestamp()));
    }

    private static ChangeRecord onOtherResource(ChangeRecord c, String key) {
        return new ChangeRecord(c.event(), key, "nsg-1", "azurerm_network_security_group", c.changes());
    }

    @Test
    void aStartCountsOnlyWhenItsOperationSucceeds() throws Exception {
        start(false);
        send(Changes.record(
                "a-start", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-1", add("ingress", SSH)));
        send(Changes.record("a-fail", JANE, "2026-03-01T10:00:05Z", Outcome.FAILURE, "corr-1"));
        assertThat(harness.extractOutputValues()).isEmpty();

        send(Changes.record(
                "b-start", JANE, "2026-03-01T10:10:00Z", Outcome.IN_PROGRESS, "corr-2", add("ingress", RDP)));
        send(Changes.record("b-ok", JANE, "2026-03-01T10:10:09Z", Outcome.SUCCESS, "corr-2"));
        List<ChangeRecord> out = harness.extractOutputValues();
        assertThat(out).singleElement().satisfies(c -> {
            assertThat(c.event().eventId()).isEqualTo("b-ok");
            assertThat(c.changes()).containsExactly(add("ingress", RDP));
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aStartThatChangedSeveralResourcesReleasesEveryOne() throws Exception {
        start(false);
        ChangeRecord rule = Changes.record(
                "s",
                JANE,
                "2026-03-01T10:00:00Z",
                Outcome.IN_PROGRESS,
                "corr-3",
                AttributeChange.set("access", "\"Allow\""));
        send(rule);
        send(onOtherResource(
                Changes.record(
                        "s",
                        JANE,
                        "2026-03-01T10:00:00Z",
                        Outcome.IN_PROGRESS,
                        "corr-3",
                        add("rule_names", "[\"allow-ssh-any\"]")),
                "azure:nsg-1"));
        send(Changes.record("ok", JANE, "2026-03-01T10:00:20Z", Outcome.SUCCESS, "corr-3"));

        assertThat(harness.extractOutputValues())
                .extracting(ChangeRecord::key)
                .containsExactlyInAnyOrder(Changes.KEY, "azure:nsg-1");
        assertThat(harness.extractOutputValues())
                .allSatisfy(c -> assertThat(c.event().eventId()).isEqualTo("ok"));
    }

    @Test
    void aCompletionWithItsOwnBodyCountsAsItIs() throws Exception {
        start(false);
        send(Changes.record("rest", JANE, "2026-03-01T10:00:00Z", Outcome.SUCCESS, "corr-4", add("ingress", SSH)));
        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(ChangeRecord::changes)
                .isEqualTo(List.of(add("ingress", SSH)));
    }

    /**
     * Every record of a resource meets under one key, so the resource's records keep their order on
     * the way to the episode operator: two operations on it (a person's delete, later Terraform's)
     * each pair with their own completion, and a single call in between passes at once.
     */
    @Test
    void operationsAndSingleCallsOnOneResourceShareAKeyAndEachOperationPairsWithItsOwnCompletion() throws Exception {
        ChangeRecord personStart = Changes.record(
                "p-start", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-p", add("ingress", SSH));
        ChangeRecord single = Changes.change("single", JANE, "2026-03-01T10:00:01Z", add("ingress", HTTPS));
        ChangeRecord applyStart = Changes.record(
                "t-start", JANE, "2026-03-01T10:00:02Z", Outcome.IN_PROGRESS, "corr-t", add("ingress", RDP));
        assertThat(OperationFunction.orderKey(personStart))
                .isEqualTo(OperationFunction.orderKey(single))
                .isEqualTo(OperationFunction.orderKey(
                        call(applyStart, "AuthorizeSecurityGroupIngress", Changes.SG.toUpperCase(Locale.ROOT))));

        start(false);
        send(personStart);
        send(single);
        send(applyStart);
        assertThat(harness.extractOutputValues())
                .extracting(c -> c.event().eventId())
                .containsExactly("single");
        send(Changes.record("p-ok", JANE, "2026-03-01T10:00:09Z", Outcome.SUCCESS, "corr-p"));
        send(Changes.record("t-ok", JANE, "2026-03-01T10:00:12Z", Outcome.SUCCESS, "corr-t"));
        assertThat(harness.extractOutputValues())
                .extracting(c -> c.event().eventId() + " " + c.changes())
                .containsExactly(
                        "single " + List.of(add("ingress", HTTPS)),
                        "p-ok " + List.of(add("ingress", SSH)),
                        "t-ok " + List.of(add("ingress", RDP)));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void liveACompletionThatArrivesBeforeItsStartStillPairs() throws Exception {
        start(false);
        // through another parallel parser: the Success of the delete reaches the operator before its Start
        send(Changes.record("ok", JANE, "2026-03-01T10:00:20Z", Outcome.SUCCESS, "corr-8"));
        assertThat(harness.extractOutputValues()).isEmpty();
        send(Changes.record("s", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-8", add("ingress", SSH)));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.event().eventId()).isEqualTo("ok");
            assertThat(c.changes()).containsExactly(add("ingress", SSH));
        });

        // a failed call whose completion came first: its start changes nothing and is not held
        send(Changes.record("no", JANE, "2026-03-01T10:05:20Z", Outcome.FAILURE, "corr-9"));
        send(Changes.record("s9", JANE, "2026-03-01T10:05:00Z", Outcome.IN_PROGRESS, "corr-9", add("ingress", RDP)));
        assertThat(harness.extractOutputValues()).hasSize(1);

        // a completion whose start never comes is forgotten once its wait is over
        send(Changes.record("lone", JANE, "2026-03-01T11:00:00Z", Outcome.SUCCESS, "corr-10"));
        harness.processWatermark(new Watermark(Instant.parse("2026-03-01T11:00:00Z")
                .plus(OperationFunction.TTL)
                .toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void liveAStartThatArrivesAfterItsBodyCarryingCompletionIsNeitherAppliedTwiceNorDeadLettered() throws Exception {
        start(false);
        // Azure's REST shape: the Success carries the body, and it overtook its Start
        send(Changes.record("ok", JANE, "2026-03-01T10:00:20Z", Outcome.SUCCESS, "corr-11", add("ingress", SSH)));
        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(ChangeRecord::changes)
                .isEqualTo(List.of(add("ingress", SSH)));
        send(Changes.record("s", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-11", add("ingress", SSH)));
        assertThat(harness.extractOutputValues()).as("the start adds nothing").hasSize(1);

        harness.processWatermark(new Watermark(Instant.parse("2026-03-01T10:00:20Z")
                .plus(OperationFunction.TTL)
                .toEpochMilli()));
        assertThat(harness.getSideOutput(OperationFunction.UNFINISHED))
                .as("not an operation that never completed")
                .isNull();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void inReplayACompletionReadBeforeItsStartStillPairs() throws Exception {
        start(true);
        send(Changes.record("ok", JANE, "2026-03-01T10:00:20Z", Outcome.SUCCESS, "corr-5"));
        send(Changes.record("s", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-5", add("ingress", SSH)));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(c -> c.event().eventId())
                .isEqualTo("ok");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aStartWithoutCompletionIsForgotten() throws Exception {
        start(true);
        ChangeRecord s =
                Changes.record("s", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-6", add("ingress", SSH));
        send(s);
        harness.processWatermark(new Watermark(s.timestamp()));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(new Watermark(s.timestamp() + OperationFunction.TTL.toMillis()));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aStartThatNeverCompletesIsDeadLetteredWithItsReasonOnceItsWaitEndsInEventTime() throws Exception {
        start(false);
        ChangeRecord s =
                Changes.record("s", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-7", add("ingress", SSH));
        send(s);
        harness.processWatermark(new Watermark(s.timestamp() + OperationFunction.TTL.toMillis() - 1));
        assertThat(harness.getSideOutput(OperationFunction.UNFINISHED)).isNull();

        harness.processWatermark(new Watermark(s.timestamp() + OperationFunction.TTL.toMillis()));
        assertThat(harness.getSideOutput(OperationFunction.UNFINISHED))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.getValue().source()).isEqualTo("aws-cloudtrail");
                    assertThat(d.getValue().origin()).isEqualTo("operation/corr-7");
                    assertThat(d.getValue().reason())
                            .contains("AuthorizeSecurityGroupIngress")
                            .contains("did not complete within 6 h");
                    assertThat(d.getValue().payload()).contains("\"event_id\":\"s\"");
                });
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void liveAStartAlsoExpiresInProcessingTimeWhenEventTimeStandsStill() throws Exception {
        start(false);
        harness.setProcessingTime(1_000);
        send(Changes.record("s", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-8", add("ingress", SSH)));
        harness.setProcessingTime(1_000 + OperationFunction.TTL.toMillis());

        assertThat(harness.getSideOutput(OperationFunction.UNFINISHED)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void atTheEndOfAReplayAnOpenOperationIsCountedNotDeadLettered() throws Exception {
        start(true);
        send(Changes.record("s", JANE, "2026-03-01T10:00:00Z", Outcome.IN_PROGRESS, "corr-9", add("ingress", SSH)));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(harness.getSideOutput(OperationFunction.UNFINISHED)).isNull();
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void operationsSharingACorrelationIdEachPairWithTheirOwnCompletion() throws Exception {
        // an ARM deployment: two writes under one correlationId; the second fails, the first succeeds
        start(false);
        ChangeRecord ruleStart = call(
                Changes.record(
                        "rule-start",
                        JANE,
                        "2026-03-01T10:00:00Z",
                        Outcome.IN_PROGRESS,
                        "deploy-1",
                        add("ingress", SSH)),
                "Microsoft.Network/networkSecurityGroups/securityRules/write",
                "nsg-1/rule-ssh");
        ChangeRecord vmStart = call(
                Changes.record(
                        "vm-start", JANE, "2026-03-01T10:00:01Z", Outcome.IN_PROGRESS, "deploy-1", add("ingress", RDP)),
                "Microsoft.Compute/virtualMachines/write",
                "vm-1");
        send(ruleStart);
        send(vmStart);
        send(call(
                Changes.record("vm-failed", JANE, "2026-03-01T10:00:30Z", Outcome.FAILURE, "deploy-1"),
                "Microsoft.Compute/virtualMachines/write",
                "vm-1"));
        assertThat(harness.extractOutputValues()).isEmpty();

        send(call(
                Changes.record("rule-ok", JANE, "2026-03-01T10:00:40Z", Outcome.SUCCESS, "deploy-1"),
                "Microsoft.Network/networkSecurityGroups/securityRules/write",
                "NSG-1/rule-ssh"));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.event().eventId()).isEqualTo("rule-ok");
            assertThat(c.changes()).containsExactly(add("ingress", SSH));
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /** The same record as another operation on another resource. */
    private static ChangeRecord call(ChangeRecord c, String operation, String resourceId) {
        AuditEvent e = c.event();
        AuditEvent other = new AuditEvent(
                e.eventId(),
                e.source(),
                e.cloud(),
                e.account(),
                e.region(),
                e.service(),
                operation,
                e.resourceType(),
                resourceId,
                e.readOnly(),
                e.outcome(),
                e.errorCode(),
                e.actor(),
                e.userAgent(),
                e.sourceIp(),
                e.eventTime(),
                e.request(),
                e.response(),
                e.correlationId(),
                e.viaConsole());
        return new ChangeRecord(other, c.key(), c.resourceId(), c.resourceType(), c.changes());
    }
}
