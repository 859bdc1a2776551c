package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Commit;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.event.SecurityFinding;
import io.driftguard.core.event.Ticket;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each correlation pattern of docs/design/taxonomy.md, on the operators, with watermarks. */
class CorrelationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final DriftGuardConfig CONFIG = ConfigLoader.parse("""
            services:
              - {name: checkout, pagerduty_service_id: PCHK, jira_component: checkout, alert_label: {service: checkout}}
            """, "config.yaml");

    private static Finding finding(long version) {
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
                .status(FindingStatus.OPEN)
                .sourceEvents(List.of("e1"))
                .actor(new Finding.FindingActor("jane", "human", "jane"))
                .trigger(new Finding.Trigger(
                        "e1", "AuthorizeSecurityGroupIngress", "203.0.113.7", "aws-cli", false, "ec2.amazonaws.com"))
                .firstEventTime(T0)
                .lastEventTime(T0)
                .detectedAt(T0)
                .build();
    }

    private static Incident incident(String status, Instant at, String urgency, String serviceId) {
        return new Incident(
                "Q1",
                "pagerduty",
                at,
                "ev-" + status,
                status,
                urgency,
                null,
                "Checkout 5xx",
                serviceId,
                "Checkout API",
                null);
    }

    private static KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> context(
            boolean replay) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new ContextCorrelationOperator(new ContextCorrelationFunction(CONFIG, replay)),
                (CorrelatedFinding c) -> c.finding().findingId(),
                Types.STRING,
                128,
                1,
                0);
        h.open();
        return h;
    }

    private static List<ContextFact> lastFacts(
            KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> h) {
        List<EpisodeContext> out = h.extractOutputValues();
        return out.get(out.size() - 1).facts();
    }

    /** The final watermark of a bounded input: replay judges what it still holds. */
    private static void endOfInput(
            KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> h)
            throws Exception {
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    @Test
    void replayJudgesTheNewestVersionOnceTheWatermarkHasPassedItsLookAhead() throws Exception {
        try (var h = context(true)) {
            h.processElement(new CorrelatedFinding(finding(1), List.of()), T0.toEpochMilli());
            h.processElement(new CorrelatedFinding(finding(2), List.of()), T0.toEpochMilli());
            long lookAheadOver =
                    T0.plus(ContextCorrelationFunction.FINDING_RETENTION).toEpochMilli();
            h.processWatermark(new Watermark(lookAheadOver - 1));
            h.processBroadcastWatermark(new Watermark(lookAheadOver - 1));
            assertThat(h.extractOutputValues())
                    .as("nothing is judged before the look-ahead has passed")
                    .isEmpty();

            h.processWatermark(new Watermark(lookAheadOver));
            h.processBroadcastWatermark(new Watermark(lookAheadOver));
            assertThat(h.extractOutputValues())
                    .as("one final judgement of the newest version, as of the moment it was made")
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.finding().version()).isEqualTo(2000);
                        assertThat(c.asOf()).isEqualTo(Instant.ofEpochMilli(lookAheadOver));
                    });
            endOfInput(h);
            assertThat(h.extractOutputValues())
                    .as("the finding is forgotten once judged: the end of the input judges it no more")
                    .hasSize(1);
        }
    }

    @Test
    void anIncidentOfTheServiceOpenAtTheChangeIsEvidenceAndItsResolutionUpdatesTheJudgement() throws Exception {
        try (var h = context(false)) {
            h.processBroadcastElement(
                    incident("triggered", T0.minusSeconds(600), "high", "PCHK"),
                    T0.minusSeconds(600).toEpochMilli());
            h.processBroadcastElement(incident("triggered", T0.minusSeconds(300), "high", "POTHER"), 0);
            h.processElement(new CorrelatedFinding(finding(1), List.of()), T0.toEpochMilli());

            assertThat(lastFacts(h)).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo("incident");
                assertThat(f.relation()).isEqualTo(ContextFact.Relation.OPEN_DURING_CHANGE);
                assertThat(f.level()).isEqualTo("high");
                assertThat(f.endTime()).isNull();
            });
            h.processBroadcastElement(
                    incident("resolved", T0.plusSeconds(1200), "high", "PCHK"),
                    T0.plusSeconds(1200).toEpochMilli());
            assertThat(h.extractOutputValues())
                    .as("judged again once the watermark passes the end of the resolution's bucket")
                    .hasSize(1);
            h.processWatermark(new Watermark(T0.plusSeconds(1205).toEpochMilli()));
            h.processBroadcastWatermark(new Watermark(T0.plusSeconds(1205).toEpochMilli()));
            List<EpisodeContext> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).finding().version())
                    .isGreaterThan(out.get(0).finding().version());
            assertThat(lastFacts(h))
                    .singleElement()
                    .extracting(ContextFact::endTime)
                    .isEqualTo(T0.plusSeconds(1200));
        }
    }

    @Test
    void anIncidentResolvedLongBeforeTheChangeNoLongerExplainsIt() throws Exception {
        try (var h = context(true)) {
            h.processBroadcastElement(incident("triggered", T0.minusSeconds(7200), "high", "PCHK"), 0);
            h.processBroadcastElement(incident("resolved", T0.minusSeconds(3600), "high", "PCHK"), 0);
            h.processElement(new CorrelatedFinding(finding(1), List.of()), T0.toEpochMilli());
            endOfInput(h);
            assertThat(lastFacts(h))
                    .singleElement()
                    .extracting(ContextFact::relation)
                    .isEqualTo(ContextFact.Relation.ENDED_BEFORE_CHANGE);
        }
    }

    @Test
    void securityFindingsCountForTwoHoursBeforeTheChangeOnTheResourceOrAccount() throws Exception {
        try (var h = context(true)) {
            h.processBroadcastElement(
                    new SecurityFinding(
                            "gd-1",
                            "guardduty",
                            T0.minusSeconds(3000),
                            Cloud.AWS,
                            "111122223333",
                            "eu-west-1",
                            "UnauthorizedAccess:EC2/SSHBruteForce",
                            "8.0",
                            "SSH brute force",
                            List.of("sg-1")),
                    0);
            h.processBroadcastElement(
                    new SecurityFinding(
                            "gd-old",
                            "guardduty",
                            T0.minusSeconds(3 * 3600),
                            Cloud.AWS,
                            "111122223333",
                            "eu-west-1",
                            "Recon",
                            "5.0",
                            "old",
                            List.of("sg-1")),
                    0);
            h.processElement(new CorrelatedFinding(finding(1), List.of()), T0.toEpochMilli());
            endOfInput(h);
            assertThat(lastFacts(h)).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("gd-1");
                assertThat(f.relation()).isEqualTo(ContextFact.Relation.BEFORE_CHANGE);
                assertThat(f.sameResource()).isTrue();
                assertThat(f.level()).isEqualTo("high");
            });
        }
    }

    @Test
    void aLaterCommitTouchingTheIacFolderAndALowPriorityTicketAreEvidence() throws Exception {
        try (var h = context(true)) {
            h.processBroadcastElement(
                    commit(
                            "abc123",
                            T0.plusSeconds(1800),
                            "d1",
                            "jane",
                            "hotfix: open 22 for Q1",
                            "terraform/prod/checkout/main.tf"),
                    0);
            h.processBroadcastElement(
                    commit("def456", T0.plusSeconds(1800), "d2", "bob", "unrelated", "terraform/prod/search/main.tf"),
                    0);
            h.processBroadcastElement(
                    new Ticket(
                            "CHK-7",
                            "jira",
                            T0.minusSeconds(900),
                            "jira:issue_created",
                            "Task",
                            "Low",
                            "Open",
                            false,
                            "Look into timeouts",
                            "CHK",
                            List.of("checkout"),
                            List.of(),
                            null),
                    0);
            h.processElement(new CorrelatedFinding(finding(1), List.of()), T0.toEpochMilli());
            endOfInput(h);
            assertThat(lastFacts(h))
                    .extracting(ContextFact::id, ContextFact::relation)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("CHK-7", ContextFact.Relation.OPEN_DURING_CHANGE),
                            org.assertj.core.groups.Tuple.tuple("abc123", ContextFact.Relation.AFTER_CHANGE));
            int before = h.extractOutputValues().size();
            h.processBroadcastElement(
                    commit("later", T0.plusSeconds(3000), "d3", "jane", "codify", "terraform/prod/checkout/main.tf"),
                    0);
            assertThat(h.extractOutputValues())
                    .as("a finding is forgotten after its retention")
                    .hasSize(before);
        }
    }

    /** A commit to acme/infra's main branch on GitHub touching one file. */
    private static Commit commit(String sha, Instant at, String delivery, String author, String message, String path) {
        return new Commit(
                sha, "github", at, delivery, "acme/infra", "refs/heads/main", author, message, List.of(path), null);
    }

    /** A commit touching the checkout service's IaC folder half an hour after the change. */
    private static Commit hotfixCommit() {
        return commit("abc123", T0.plusSeconds(1800), "d1", "jane", "hotfix", "terraform/prod/checkout/main.tf");
    }

    /** The ids of the items the context operator holds: live in broadcast state, a replay in keyed state. */
    private static List<String> heldItems(
            KeyedBroadcastOperatorTestHarness<String, CorrelatedFinding, ContextEvent, EpisodeContext> h,
            boolean replay)
            throws Exception {
        List<String> ids = new ArrayList<>();
        if (!replay) {
            h.getBroadcastState(ContextCorrelationFunction.CONTEXT)
                    .immutableEntries()
                    .forEach(e -> ids.add(e.getValue().id()));
            return ids;
        }
        assertThat(h.getBroadcastState(ContextCorrelationFunction.CONTEXT).immutableEntries())
                .as("a replay keeps no items in broadcast state")
                .isEmpty();
        List<String> keys = new ArrayList<>();
        KeyedStateBackend<String> backend = h.getOperator().<String>getKeyedStateBackend();
        backend.applyToAllKeys(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                ContextCorrelationFunction.ITEMS,
                (String key, MapState<String, ContextItem> items) -> {
                    keys.add(key);
                    items.values().forEach(i -> ids.add(i.id()));
                });
        assertThat(keys).as("all items under one key of their own").hasSizeLessThanOrEqualTo(1);
        return ids;
    }

    @ParameterizedTest(name = "replay {0}")
    @ValueSource(booleans = {false, true})
    void itemsOlderThanTheRetentionArePruned(boolean replay) throws Exception {
        try (var h = context(replay)) {
            Instant old = T0.minus(ContextCorrelationFunction.CONTEXT_RETENTION).minusSeconds(3600);
            h.processBroadcastElement(incident("triggered", old, "high", "PCHK"), 0);
            h.processBroadcastElement(
                    new Incident(
                            "Q2",
                            "pagerduty",
                            old.plusSeconds(7200),
                            "ev",
                            "triggered",
                            "high",
                            null,
                            "Ledger lag",
                            "PLDG",
                            "Ledger",
                            null),
                    0);
            assertThat(heldItems(h, replay)).containsExactlyInAnyOrder("Q1", "Q2");
            h.processBroadcastElement(hotfixCommit(), 0);

            assertThat(heldItems(h, replay))
                    .as("the old incident is pruned, the one within the retention is not")
                    .containsExactlyInAnyOrder("Q2", "abc123");
            assertThat(h.getBroadcastState(ContextCorrelationFunction.CLOCK).immutableEntries())
                    .singleElement()
                    .satisfies(e -> assertThat(e.getValue())
                            .isEqualTo(new ContextClock(T0.plusSeconds(1800), T0.plusSeconds(1800))));
        }
    }

    @Test
    void replayJudgesAsOfTheNewestEvidence() throws Exception {
        try (var h = context(true)) {
            h.processBroadcastElement(incident("triggered", T0.minusSeconds(600), "high", "PCHK"), 0);
            h.processBroadcastElement(incident("resolved", T0.plusSeconds(1800), "high", "PCHK"), 0);
            h.processElement(new CorrelatedFinding(finding(1), List.of()), T0.toEpochMilli());
            endOfInput(h);
            assertThat(h.extractOutputValues())
                    .singleElement()
                    .extracting(EpisodeContext::asOf)
                    .isEqualTo(T0.plusSeconds(1800));
        }
    }

    /**
     * A replay on RocksDB keeps its items there (only their index on the heap) and judges exactly as on
     * the heap: an incident merged from two deliveries, a ticket of the service's component, a
     * commit touching the IaC folder, an incident of another service that is no evidence.
     */
    @Test
    void replayOnRocksDbJudgesAsOnTheHeap() throws Exception {
        List<List<EpisodeContext>> outputs = new ArrayList<>();
        for (boolean rocksdb : new boolean[] {false, true}) {
            var h = new KeyedBroadcastOperatorTestHarness<>(
                    new ContextCorrelationOperator(new ContextCorrelationFunction(CONFIG, true)),
                    (CorrelatedFinding c) -> c.finding().findingId(),
                    Types.STRING,
                    128,
                    1,
                    0);
            if (rocksdb) {
                h.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            try (h) {
                h.open();
                h.processBroadcastElement(incident("triggered", T0.minusSeconds(600), "high", "PCHK"), 0);
                h.processBroadcastElement(
                        new Incident(
                                "Q2",
                                "pagerduty",
                                T0.minusSeconds(300),
                                "ev",
                                "triggered",
                                "high",
                                null,
                                "Ledger lag",
                                "PLDG",
                                "Ledger",
                                null),
                        0);
                h.processElement(new CorrelatedFinding(finding(1), List.of()), T0.toEpochMilli());
                h.processBroadcastElement(
                        new Ticket(
                                "OPS-7",
                                "jira",
                                T0.plusSeconds(60),
                                "jira:issue_created",
                                "Task",
                                "Medium",
                                "Open",
                                false,
                                "open the scanner's port for the vendor",
                                "OPS",
                                List.of("checkout"),
                                List.of(),
                                null),
                        0);
                h.processBroadcastElement(incident("resolved", T0.plusSeconds(1200), "high", "PCHK"), 0);
                h.processBroadcastElement(hotfixCommit(), 0);
                endOfInput(h);
                assertThat(heldItems(h, true)).hasSize(4);
                outputs.add(h.extractOutputValues());
            }
        }
        assertThat(outputs.get(0))
                .singleElement()
                .satisfies(c -> assertThat(c.facts())
                        .extracting(ContextFact::id)
                        .containsExactlyInAnyOrder("Q1", "OPS-7", "abc123"));
        assertThat(outputs.get(1)).as("on RocksDB").isEqualTo(outputs.get(0));
    }

    @Test
    void readsByTheSameActorWithinThirtyMinutesBeforeTheChangeAreReadActivity() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, ReadBundle, Finding, CorrelatedFinding> h =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new ReadActivityFunction(), r -> r.actor, f -> f.actor().id(), Types.STRING);
        try (h) {
            String resource = io.driftguard.core.state.ResourceKey.of(Cloud.AWS, "sg-1");
            String scope = ReadEvent.scope("aws", "111122223333", "ec2.amazonaws.com");
            h.processElement1(new StreamRecord<>(ReadBundle.of(
                    new ReadEvent("jane", resource, scope, T0.minusSeconds(600).toEpochMilli(), "r1"))));
            h.processElement1(new StreamRecord<>(ReadBundle.of(
                    new ReadEvent("jane", null, scope, T0.minusSeconds(300).toEpochMilli(), "r2"))));
            // the same read delivered again (its id travels as a hash) counts once
            h.processElement1(new StreamRecord<>(ReadBundle.of(
                    new ReadEvent("jane", resource, scope, T0.minusSeconds(600).toEpochMilli(), "r1"))));
            h.processElement1(new StreamRecord<>(ReadBundle.of(
                    new ReadEvent("jane", resource, scope, T0.minusSeconds(3600).toEpochMilli(), "old"))));
            h.processElement1(new StreamRecord<>(ReadBundle.of(
                    new ReadEvent("bob", resource, scope, T0.minusSeconds(60).toEpochMilli(), "other"))));
            h.processElement2(new StreamRecord<>(finding(1), T0.toEpochMilli()));

            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(c -> assertThat(c.reads()).singleElement().satisfies(f -> {
                        assertThat(f.kind()).isEqualTo("read_activity");
                        assertThat(f.count()).isEqualTo(2);
                        assertThat(f.sameResource()).isTrue();
                        assertThat(f.time()).isEqualTo(T0.minusSeconds(600));
                    }));
            h.processBothWatermarks(new Watermark(T0.plusSeconds(3600).toEpochMilli()));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void readsInOneBundleCountExactlyAsReadsOneByOne() throws Exception {
        String sg1 = io.driftguard.core.state.ResourceKey.of(Cloud.AWS, "sg-1");
        String sg2 = io.driftguard.core.state.ResourceKey.of(Cloud.AWS, "sg-2");
        String scope = ReadEvent.scope("aws", "111122223333", "ec2.amazonaws.com");
        List<ReadEvent> reads = new java.util.ArrayList<>();
        // one read every 10 s from 40 minutes before the change; every tenth delivered twice (one
        // inside a bundle, some across two), every seventh without an event id
        for (int k = 0; k < 240; k++) {
            long t = T0.minusSeconds(2400 - 10L * k).toEpochMilli();
            String resource = k % 3 == 0 ? null : k % 2 == 0 ? sg1 : sg2;
            ReadEvent read = new ReadEvent("jane", resource, scope, t, k % 7 == 0 ? null : "r" + k);
            reads.add(read);
            if (k % 10 == 9 && read.hasId) {
                reads.add(new ReadEvent("jane", resource, scope, t, "r" + k));
            }
        }
        CorrelatedFinding oneByOne = correlatedAfter(reads, 1);
        CorrelatedFinding inBundles = correlatedAfter(reads, reads.size());
        CorrelatedFinding inSmallBundles = correlatedAfter(reads, 17);
        assertThat(oneByOne.reads()).singleElement().satisfies(f -> {
            // the 180 reads from 09:30 on (the window's minutes), each once; 60 of them on sg-1
            assertThat(f.count()).isEqualTo(180);
            assertThat(f.text()).endsWith("60 of them on this resource");
            assertThat(f.time()).isEqualTo(T0.minusSeconds(1800));
        });
        assertThat(inBundles.reads()).isEqualTo(oneByOne.reads());
        assertThat(inSmallBundles.reads()).isEqualTo(oneByOne.reads());
    }

    /** The finding correlated after {@code reads} arrived in bundles of {@code size}, in order. */
    private static CorrelatedFinding correlatedAfter(List<ReadEvent> reads, int size) throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, ReadBundle, Finding, CorrelatedFinding> h =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new ReadActivityFunction(), r -> r.actor, f -> f.actor().id(), Types.STRING)) {
            for (int from = 0; from < reads.size(); from += size) {
                List<ReadEvent> part = reads.subList(from, Math.min(reads.size(), from + size));
                h.processElement1(new StreamRecord<>(ReadBundle.of(part.toArray(ReadEvent[]::new))));
            }
            h.processElement2(new StreamRecord<>(finding(1), T0.toEpochMilli()));
            List<CorrelatedFinding> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            return out.get(0);
        }
    }

    @Test
    void anActorReadingForHoursIsCountedOverTheWindowOnlyAndItsCountsStayBounded() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, ReadBundle, Finding, CorrelatedFinding> h =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new ReadActivityFunction(), r -> r.actor, f -> f.actor().id(), Types.STRING);
        try (h) {
            String resource = io.driftguard.core.state.ResourceKey.of(Cloud.AWS, "sg-1");
            String scope = ReadEvent.scope("aws", "111122223333", "ec2.amazonaws.com");
            Instant start = T0.minusSeconds(3 * 3600);
            // one read a minute for three hours, the watermark following; the counts are walked for
            // expired minutes only every few minutes, never at every minute's timer
            for (int i = 0; i < 180; i++) {
                long t = start.plusSeconds(60L * i + 1).toEpochMilli();
                h.processElement1(
                        new StreamRecord<>(ReadBundle.of(new ReadEvent("jane", resource, scope, t, "r" + i)), t));
                h.processBothWatermarks(new Watermark(t));
                long[] counts = readCounts(h, "r|" + resource);
                assertThat(counts.length / 3)
                        .as("minutes kept for the resource after read " + i)
                        .isLessThanOrEqualTo(31 + (int) ReadActivityFunction.TRIM_EVERY_MINUTES + 1);
            }
            h.processElement2(new StreamRecord<>(finding(1), T0.toEpochMilli()));
            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(c -> assertThat(c.reads()).singleElement().satisfies(f -> {
                        assertThat(f.count())
                                .as("the reads of the 30 minutes before the change")
                                .isEqualTo(30);
                        assertThat(f.time()).isEqualTo(T0.minusSeconds(1800 - 1));
                    }));
            h.processBothWatermarks(new Watermark(T0.plusSeconds(3600).toEpochMilli()));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static long[] readCounts(
            KeyedTwoInputStreamOperatorTestHarness<String, ReadBundle, Finding, CorrelatedFinding> h, String key)
            throws Exception {
        org.apache.flink.runtime.state.KeyedStateBackend<String> backend =
                h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey("jane");
        long[] v = backend.getPartitionedState(
                        org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                        org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                        new org.apache.flink.api.common.state.MapStateDescriptor<>(
                                "read-counts",
                                Types.STRING,
                                org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
                                        .LONG_PRIMITIVE_ARRAY_TYPE_INFO))
                .get(key);
        return v == null ? new long[0] : v;
    }

    @Test
    void replayCorrelatesAFindingOnceItsMinutesReadsAreInAndKeepsThemForLaterVersions() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, ReadBundle, Finding, CorrelatedFinding> h =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new ReadActivityFunction(true),
                        r -> r.actor,
                        f -> f.actor().id(),
                        Types.STRING);
        try (h) {
            String resource = io.driftguard.core.state.ResourceKey.of(Cloud.AWS, "sg-1");
            String scope = ReadEvent.scope("aws", "111122223333", "ec2.amazonaws.com");
            h.processBothWatermarks(new Watermark(T0.minusSeconds(3600).toEpochMilli()));
            h.processElement2(new StreamRecord<>(finding(1), T0.toEpochMilli()));
            h.processElement1(new StreamRecord<>(ReadBundle.of(
                    new ReadEvent("jane", resource, scope, T0.minusSeconds(600).toEpochMilli(), "r1"))));
            assertThat(h.extractOutputValues())
                    .as("the finding waits until the watermark has passed its minute")
                    .isEmpty();

            h.processBothWatermarks(new Watermark(T0.plusSeconds(60).toEpochMilli()));
            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(c -> assertThat(c.reads())
                            .singleElement()
                            .satisfies(f -> assertThat(f.count()).isEqualTo(1)));

            Instant later = T0.plusSeconds(7200);
            h.processBothWatermarks(new Watermark(later.toEpochMilli()));
            h.processElement2(new StreamRecord<>(
                    finding(2).toBuilder().lastEventTime(later).build(), later.toEpochMilli()));
            assertThat(h.extractOutputValues())
                    .as("a later version counts the same reads, long after they left the window")
                    .hasSize(2)
                    .last()
                    .satisfies(c -> assertThat(c.reads())
                            .singleElement()
                            .satisfies(f -> assertThat(f.count()).isEqualTo(1)));

            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
