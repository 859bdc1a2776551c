package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link TrackedFinding} gained a field ({@code pending}); keyed state written before it must restore.
 * The record is serialized by Flink's POJO serializer (records are POJOs to it), whose schema evolution
 * fills a field the written state lacks with its default ({@code null}).
 */
class TrackedFindingStateTest {

    static final Path BEFORE_PENDING = Path.of("src/test/resources/state/context-before-pending.snapshot");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final DriftGuardConfig CONFIG = ConfigLoader.parse("""
            services:
              - {name: checkout, pagerduty_service_id: PCHK, jira_component: checkout, alert_label: {service: checkout}}
            """, "config.yaml");

    static CorrelatedFinding open() {
        Finding f = Finding.builder()
                .findingId("dg-1")
                .version(1)
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.AWS)
                .account("111122223333")
                .resourceId("sg-1")
                .resourceType("aws_security_group")
                .service("checkout")
                .iac(new IacRef("terraform", "aws_security_group.web", "terraform/prod/checkout/"))
                .status(FindingStatus.OPEN)
                .sourceEvents(List.of("e1"))
                .actor(new Finding.FindingActor("jane", "human", "jane"))
                .trigger(new Finding.Trigger(
                        "e1", "AuthorizeSecurityGroupIngress", "203.0.113.7", "aws-cli", false, "ec2.amazonaws.com"))
                .firstEventTime(T0)
                .lastEventTime(T0)
                .detectedAt(T0)
                .build();
        return new CorrelatedFinding(f, List.of());
    }

    static Incident incident(String status, Instant at) {
        return new Incident(
                "Q1",
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

    static KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> harness()
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new ContextCorrelationFunction(CONFIG, false),
                        List.of(ContextCorrelationFunction.CONTEXT, ContextCorrelationFunction.CLOCK)),
                c -> c.finding().findingId(),
                Types.STRING,
                128,
                1,
                0);
    }

    /**
     * Wrote {@link #BEFORE_PENDING} with the code of bce8e3f (TrackedFinding without {@code pending}):
     * {@code -Ddriftguard.write-snapshot=true -Dtest=TrackedFindingStateTest}.
     */
    @Test
    @EnabledIfSystemProperty(named = "driftguard.write-snapshot", matches = "true")
    void writeSnapshotOfThisVersion() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(T0.plusSeconds(30).toEpochMilli());
            h.processBroadcastElement(
                    incident("triggered", T0.minusSeconds(600)),
                    T0.minusSeconds(600).toEpochMilli());
            h.processElement(open(), T0.toEpochMilli());
            Files.createDirectories(BEFORE_PENDING.getParent());
            OperatorSnapshotUtil.writeStateHandle(h.snapshot(1, 1), BEFORE_PENDING.toString());
        }
    }

    @Test
    void trackedFindingIsSerializedAsAPojo() {
        assertThat(TypeInformation.of(TrackedFinding.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void stateWrittenBeforePendingExistedRestoresAndJudgesOn() throws Exception {
        OperatorSubtaskState before = OperatorSnapshotUtil.readStateHandle(BEFORE_PENDING.toString());
        try (var h = new KeyedBroadcastOperatorTestHarness<>(
                new ContextCorrelationOperator(new ContextCorrelationFunction(CONFIG, false)),
                (CorrelatedFinding c) -> c.finding().findingId(),
                Types.STRING,
                128,
                1,
                0)) {
            h.initializeState(before);
            h.open();
            h.setProcessingTime(T0.plusSeconds(60).toEpochMilli());
            h.processElement(open(), T0.toEpochMilli());
            assertThat(h.extractOutputValues())
                    .as("the update judged before the snapshot, again: nothing pending, nothing new")
                    .isEmpty();
            Instant resolved = T0.plusSeconds(1200);
            h.processBroadcastElement(incident("resolved", resolved), resolved.toEpochMilli());
            h.watermark(resolved.plusSeconds(5).toEpochMilli());
            assertThat(h.extractOutputValues()).singleElement().satisfies(c -> {
                assertThat(c.finding().version()).isEqualTo(1001L);
                assertThat(c.facts()).extracting(ContextFact::endTime).containsExactly(resolved);
            });
        }
    }
}
