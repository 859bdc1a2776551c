package io.driftguard.ingest.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Alert;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.event.Ticket;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParsedSamples;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** PagerDuty and Jira samples (tickets/, not Opsgenie) and Alertmanager samples (monitoring/). */
class TicketAndAlertSamplesTest {

    static String sourceOf(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith("pagerduty")) {
            return Sources.PAGERDUTY;
        }
        if (name.startsWith("jira")) {
            return Sources.JIRA;
        }
        return name.contains("alertmanager") ? Sources.ALERTMANAGER : null;
    }

    static List<ContextEvent> parse(String folder, String file) {
        Path p = Samples.path(folder, file);
        List<ParsedRecord> results = ParsedSamples.parse(p, sourceOf(p), null);
        assertThat(ParsedSamples.reasons(results)).isEmpty();
        return ParsedSamples.contexts(results);
    }

    @TestFactory
    Stream<DynamicTest> everyTicketIncidentAndAlertSampleParses() {
        Stream<Path> files =
                Stream.concat(Samples.list("tickets", ".json").stream(), Samples.list("monitoring", ".json").stream());
        return files.filter(f -> sourceOf(f) != null)
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    List<ParsedRecord> results = ParsedSamples.parse(file, sourceOf(file), null);
                    assertThat(ParsedSamples.reasons(results)).isEmpty();
                    assertThat(ParsedSamples.contexts(results))
                            .isNotEmpty()
                            .allSatisfy(c -> assertThat(c.time()).isAfter(Instant.parse("2015-01-01T00:00:00Z")))
                            .allSatisfy(c -> assertThat(c.source()).isEqualTo(sourceOf(file)));
                }));
    }

    @Test
    void pagerDutyTriggeredHighUrgency() {
        Incident i = (Incident)
                parse("tickets", "pagerduty-v3-incident.triggered.json").get(0);
        assertThat(i.id()).isEqualTo("PFQZPSY");
        assertThat(i.eventId()).isEqualTo("01BZYIL05THJDFF2Y08X9SVMTU");
        assertThat(i.status()).isEqualTo("triggered");
        assertThat(i.urgency()).isEqualTo("high");
        assertThat(i.serviceId()).isEqualTo("PA2P440");
        assertThat(i.serviceName()).isEqualTo("pig208");
        assertThat(i.time()).isEqualTo(Instant.parse("2021-06-04T13:35:29.781Z"));
        assertThat(((Incident) parse("tickets", "pagerduty-v3-incident.resolved.json")
                                .get(0))
                        .status())
                .isEqualTo("resolved");
    }

    @Test
    void jiraTimestampIsEpochMillis() {
        Ticket created =
                (Ticket) parse("tickets", "jira-webhook-issue_created.json").get(0);
        assertThat(created.id()).isEqualTo("TEST-4");
        assertThat(created.time()).isEqualTo(Instant.ofEpochMilli(1450635909598L));
        assertThat(created.issueType()).isEqualTo("Task");
        assertThat(created.priority()).isEqualTo("Medium");
        assertThat(created.resolved()).isFalse();
        assertThat(created.project()).isEqualTo("TEST");
        assertThat(created.url()).isEqualTo("http://localhost:2990/jira/browse/TEST-4");

        Ticket done = (Ticket) parse("tickets", "jira-webhook-issue_updated_status_updated.json")
                .get(0);
        assertThat(done.status()).isEqualTo("Done");
        assertThat(done.resolved()).isTrue();
        assertThat(done.priority()).isEqualTo("Blocker");
    }

    @Test
    void alertmanagerFiringAlertsWithAndWithoutFingerprints() {
        List<ContextEvent> zulip = parse("monitoring", "zulip-fixture-alertmanager-alert.json");
        assertThat(zulip).hasSize(2).allSatisfy(c -> {
            Alert a = (Alert) c;
            assertThat(a.status()).isEqualTo("firing");
            assertThat(a.endsAt()).isNull();
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.name()).isEqualTo("High CPU Temperature");
        });
        assertThat(zulip).extracting(ContextEvent::id).containsExactly("a1bc48475b20e73d", "c2ea85182f28cbd9");

        Alert teams = (Alert) parse("monitoring", "alertmanager-webhook-prom_post_request.json")
                .get(0);
        assertThat(teams.status()).isEqualTo("firing");
        assertThat(teams.id()).matches("[0-9a-f]{16}");
        assertThat(teams.startsAt()).isEqualTo(Instant.parse("2018-03-07T11:33:21.873077559Z"));
        assertThat(teams.summary()).isEqualTo("Server High Memory usage");
        assertThat(teams.labels()).containsEntry("instance", "instance-with-hyphen_and_underscore");
        // the same labels give the same id on every delivery
        Alert again = (Alert) parse("monitoring", "alertmanager-webhook-prom_post_request.json")
                .get(0);
        assertThat(again.id()).isEqualTo(teams.id());
    }
}
