package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Alert;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Commit;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.event.SecurityFinding;
import io.driftguard.core.event.Ticket;
import io.driftguard.pipeline.parse.ParseFunction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link ContextEventSerializer} through Flink's own serializer contract ({@link SerializerTestBase}:
 * round trips one by one and in sequence, with and without reuse, copies in memory and of the
 * serialized bytes, duplicate, snapshot and restore), on every kind of context event with every
 * field set, and with every field that may be null or empty so.
 */
class ContextEventSerializerTest extends SerializerTestBase<ContextEvent> {

    static final Instant T = Instant.parse("2026-03-01T10:00:00.123456789Z");

    @Override
    protected TypeSerializer<ContextEvent> createSerializer() {
        return ContextEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ContextEvent> getTypeClass() {
        return ContextEvent.class;
    }

    /** An interface has no instance to create. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<ContextEvent> serializer) {
        return true;
    }

    @Override
    protected ContextEvent[] getTestData() {
        return new ContextEvent[] {
            new Incident(
                    "Q1X2",
                    "pagerduty",
                    T,
                    "evt-1",
                    "triggered",
                    "high",
                    "P1",
                    "Checkout down",
                    "PSVC1",
                    "checkout",
                    "https://pd.example/incidents/Q1X2"),
            new Incident("Q1X3", "pagerduty", T, null, null, null, null, null, null, null, null),
            new Ticket(
                    "OPS-42",
                    "jira",
                    T,
                    "jira:issue_updated",
                    "Change",
                    "High",
                    "Done",
                    true,
                    "Open port 22 on sg-0a1b",
                    "OPS",
                    List.of("network", "checkout"),
                    List.of("emergency"),
                    "https://jira.example/browse/OPS-42"),
            new Ticket("OPS-43", "jira", T, null, null, null, null, false, null, null, null, List.of(), null),
            new Alert(
                    "fp-9",
                    "alertmanager",
                    T,
                    "firing",
                    "HighLatency",
                    "critical",
                    Map.of("service", "checkout", "instance", "i-0abc", "ünï", "cødé"),
                    Instant.parse("2026-03-01T09:58:00Z"),
                    Instant.parse("2026-03-01T10:30:00Z"),
                    "p99 above 2 s",
                    "https://am.example/#/alerts?fp=9"),
            new Alert("fp-10", "alertmanager", T, null, null, null, null, null, null, null, null),
            new SecurityFinding(
                    "gd-1",
                    "guardduty",
                    T,
                    Cloud.AWS,
                    "123456789012",
                    "eu-west-1",
                    "UnauthorizedAccess:EC2/SSHBruteForce",
                    "8.0",
                    "SSH brute force on i-0abc",
                    List.of("i-0abc", "sg-0a1b")),
            new SecurityFinding("scc-1", "scc", T, Cloud.GCP, "", "", "", "", "", List.of()),
            new SecurityFinding("gd-2", "guardduty", T, null, null, null, null, null, null, null),
            new Commit(
                    "0f1e2d3c",
                    "github",
                    T,
                    "delivery-1",
                    "acme/infra",
                    "refs/heads/main",
                    "jane",
                    "Open port 22\n\nfor the migration",
                    List.of("terraform/sg.tf", "k8s/app.yaml"),
                    "https://github.example/acme/infra/commit/0f1e2d3c"),
            new Commit("0f1e2d3d", "gitlab", Instant.EPOCH, null, null, null, null, null, null, null),
            // id, source and time may be missing from a bad delivery's parse too
            new Incident(null, null, null, null, null, null, null, null, null, null, null),
        };
    }

    @Test
    void theContextSideOutputUsesIt() {
        assertThat(ParseFunction.CONTEXT.getTypeInfo().createSerializer(new SerializerConfigImpl()))
                .isSameAs(ContextEventSerializer.INSTANCE);
    }
}
