package io.driftguard.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Unchanged;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final AuditEvent EVENT = new AuditEvent(
            "e-1",
            "aws-cloudtrail",
            Cloud.AWS,
            "111122223333",
            "eu-west-1",
            "ec2.amazonaws.com",
            "AuthorizeSecurityGroupIngress",
            null,
            "sg-1",
            false,
            Outcome.SUCCESS,
            null,
            new Actor("arn:aws:iam::1:role/x/jane", ActorType.HUMAN, "jane", List.of("a", "b")),
            "aws-cli/2",
            "10.0.0.1",
            Instant.parse("2026-01-02T03:04:05Z"),
            "{\"groupId\":\"sg-1\"}",
            null,
            null,
            false);

    @Test
    void auditEventsRoundTrip() {
        assertThat(EventCodec.decodeAudit(EventCodec.encode(EVENT))).isEqualTo(EVENT);
    }

    @Test
    void contextEventsKeepTheirKind() {
        Incident incident = new Incident(
                "P1",
                "pagerduty",
                Instant.parse("2026-01-02T03:04:05Z"),
                "ev",
                "triggered",
                "high",
                "P1",
                "Checkout down",
                "PSVC",
                "Checkout API",
                null);
        ContextEvent back = EventCodec.decodeContext(EventCodec.encode(incident));
        assertThat(back).isEqualTo(incident);
    }

    @Test
    void aReaderToleratesFieldsAddedByANewerWriter() {
        String json = new String(EventCodec.encode(EVENT), StandardCharsets.UTF_8)
                .replace("\"schema\":1,", "\"schema\":1,\"added_later\":{\"x\":1},");
        assertThat(EventCodec.decodeAudit(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EVENT);
    }

    @Test
    void refusesUnknownSchemasAndGarbage() {
        String json =
                new String(EventCodec.encode(EVENT), StandardCharsets.UTF_8).replace("\"schema\":1", "\"schema\":9");
        assertThatThrownBy(() -> EventCodec.decodeAudit(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unsupported schema");
        assertThatThrownBy(() -> EventCodec.decodeAudit("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findingsWriteSnakeCaseAndRawJsonValues() throws Exception {
        Finding f = Finding.builder()
                .findingId("f1")
                .version(3)
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.AWS)
                .account("1")
                .region("eu-west-1")
                .resourceId("sg-1")
                .resourceType("aws_security_group")
                .status(FindingStatus.OPEN)
                .changes(List.of(new Change("ingress", "[]", "[{\"from_port\":22}]", null)))
                .sourceEvents(List.of("e-1"))
                .actor(new Finding.FindingActor("jane", "human", "jane"))
                .firstEventTime(Instant.parse("2026-01-02T03:04:05Z"))
                .lastEventTime(Instant.parse("2026-01-02T03:04:05Z"))
                .detectedAt(Instant.parse("2026-01-02T03:04:06Z"))
                .build();
        String json = Json.MAPPER.writeValueAsString(f);
        assertThat(json)
                .contains(
                        "\"finding_id\":\"f1\"",
                        "\"first_event_time\":\"2026-01-02T03:04:05Z\"",
                        "\"actual\":[{\"from_port\":22}]")
                .doesNotContain("\"cause\"", "\"unchanged\"");
        assertThat(EventCodec.decodeFinding(EventCodec.encode(f))).isEqualTo(f);
    }

    @Test
    void unchangedQualifyingAttributesFollowTheChangesAsRawJson() throws Exception {
        Finding f = Finding.builder()
                .findingId("f2")
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.GCP)
                .resourceId("projects/p/global/firewalls/web")
                .status(FindingStatus.OPEN)
                .changes(List.of(new Change("allow", "[\"tcp:443\"]", "[\"tcp:22\",\"tcp:443\"]", null)))
                .unchanged(List.of(new Unchanged("source_ranges", "[\"0.0.0.0/0\"]")))
                .build();
        String json = Json.MAPPER.writeValueAsString(f);
        assertThat(json).contains("\"unchanged\":[{\"path\":\"source_ranges\",\"value\":[\"0.0.0.0/0\"]}]");
        assertThat(json.indexOf("\"unchanged\"")).isGreaterThan(json.indexOf("\"changes\""));
        assertThat(json.indexOf("\"unchanged\"")).isLessThan(json.indexOf("\"source_events\""));
        assertThat(EventCodec.decodeFinding(EventCodec.encode(f))).isEqualTo(f);
    }

    @Test
    void causeScoresAreWrittenInTheCausesOrderWhateverMapTheyCameIn() throws Exception {
        Map<Cause, Double> declared = new LinkedHashMap<>();
        for (Cause c : Cause.values()) {
            declared.put(c, 0.1 * (c.ordinal() + 1));
        }
        Map<Cause, Double> reversed = new LinkedHashMap<>();
        List<Cause> backwards = new ArrayList<>(declared.keySet());
        Collections.reverse(backwards);
        backwards.forEach(c -> reversed.put(c, declared.get(c)));

        String a = Json.MAPPER.writeValueAsString(scored(declared));
        String b = Json.MAPPER.writeValueAsString(scored(reversed));

        assertThat(b).isEqualTo(a);
        assertThat(a)
                .contains("\"cause_scores\":{\"automated_response\":0.1,\"security_response\":0.2,"
                        + "\"emergency_fix\":0.30000000000000004,\"manual_troubleshooting\":0.4,"
                        + "\"configuration_error\":0.5}");
        assertThat(EventCodec.decodeFinding(EventCodec.encode(scored(reversed))))
                .isEqualTo(scored(declared));
    }

    private static Finding scored(Map<Cause, Double> scores) {
        return Finding.builder()
                .findingId("f3")
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.AWS)
                .resourceId("sg-1")
                .status(FindingStatus.OPEN)
                .cause(Cause.EMERGENCY_FIX)
                .causeScores(scores)
                .build();
    }
    /**
     * A finding as a replay judged it (every field a judged finding has: evidence, narrative, remediation,
     * scores, raw values) is encoded in one pass to the same bytes as through a tree of the envelope.
     */
    @Test
    void aJudgedFindingIsEncodedToTheSameBytesAsThroughATree() throws Exception {
        Finding f;
        try (var in = EventCodecTest.class.getResourceAsStream("/json/judged-finding.json")) {
            f = Json.MAPPER.readValue(in, Finding.class);
        }
        assertThat(f.correlations()).isNotEmpty();
        assertThat(f.narrative()).isNotNull();
        assertThat(new String(EventCodec.encode(f), StandardCharsets.UTF_8))
                .isEqualTo(new String(EventCodec.write("finding", f), StandardCharsets.UTF_8))
                .startsWith("{\"schema\":1,\"type\":\"finding\",\"finding_id\":");
        Finding empty = Finding.builder().build();
        assertThat(new String(EventCodec.encode(empty), StandardCharsets.UTF_8))
                .isEqualTo(new String(EventCodec.write("finding", empty), StandardCharsets.UTF_8));
    }
}
