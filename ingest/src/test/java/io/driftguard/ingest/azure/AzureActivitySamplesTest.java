package io.driftguard.ingest.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParsedSamples;
import io.driftguard.ingest.Sources;
import io.driftguard.testkit.Samples;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every Activity Log sample, both schemas, split and parsed. */
class AzureActivitySamplesTest {

    private static final String FOLDER = "azure-activity";

    static AuditEvent only(String file) {
        List<AuditEvent> events =
                ParsedSamples.audits(ParsedSamples.parse(Samples.path(FOLDER, file), Sources.AZURE_ACTIVITY, null));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @TestFactory
    Stream<DynamicTest> everySampleParses() {
        return Samples.list(FOLDER, ".json").stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    List<ParsedRecord> results = ParsedSamples.parse(file, Sources.AZURE_ACTIVITY, null);
                    assertThat(ParsedSamples.reasons(results)).isEmpty();
                    assertThat(results).isNotEmpty();
                    for (AuditEvent e : ParsedSamples.audits(results)) {
                        assertThat(e.cloud()).isEqualTo(Cloud.AZURE);
                        assertThat(e.resourceId()).startsWith("/subscriptions/").isLowerCase();
                        assertThat(e.account()).isNotBlank();
                        assertThat(e.operation()).endsWithIgnoringCase("/write");
                        assertThat(e.readOnly()).isFalse();
                        assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
                    }
                }));
    }

    @Test
    void restShapeNsgWriteByAUser() {
        AuditEvent e = only("msdocs-rest-administrative-nsg-write.json");
        assertThat(e.eventId()).isEqualTo("aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e");
        assertThat(e.operation()).isEqualTo("Microsoft.Network/networkSecurityGroups/write");
        assertThat(e.service()).isEqualTo("Microsoft.Network");
        assertThat(e.resourceType()).isEqualTo("Microsoft.Network/networkSecurityGroups");
        assertThat(e.resourceId())
                .isEqualTo(
                        "/subscriptions/<subscription id>/resourcegroups/myresourcegroup/providers/microsoft.network/"
                                + "networksecuritygroups/mynsg");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2018-01-29T20:42:31.3810679Z"));
        assertThat(e.correlationId()).isEqualTo("aaaa0000-bb11-2222-33cc-444444dddddd");
        assertThat(e.actor().id()).isEqualTo("rob@contoso.com");
        assertThat(e.actor().type()).isEqualTo(ActorType.HUMAN);
        assertThat(e.actor().display()).isEqualTo("Rob Robertson");
        assertThat(e.actor().identities())
                .contains("00001111-aaaa-2222-bbbb-3333cccc4444", "f409edeb-4d29-44b5-9763-ee9348ad91bb");
        assertThat(e.sourceIp()).isEqualTo("111.111.1.111");
        assertThat(e.request()).isNull(); // requestbody is "" in this sample
    }

    @Test
    void restStatusValuesMapToOutcomes() {
        assertThat(AzureActivityParser.outcomeOf("Started")).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(AzureActivityParser.outcomeOf("Accepted")).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(AzureActivityParser.outcomeOf("Succeeded")).isEqualTo(Outcome.SUCCESS);
        assertThat(AzureActivityParser.outcomeOf("Failed")).isEqualTo(Outcome.FAILURE);
        assertThat(AzureActivityParser.outcomeOf("Start")).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(AzureActivityParser.outcomeOf("Failure")).isEqualTo(Outcome.FAILURE);
    }

    @Test
    void eventHubsBatchWithoutEventDataIdGetsTheCompositeId() {
        AuditEvent e = only("msdocs-eventhub-records-supporttickets-write.json");
        assertThat(e.eventId())
                .isEqualTo("aaaa6666-bb77-8888-99cc-000000dddddd/microsoft.support/supporttickets/write/Success");
        assertThat(e.account()).isEqualTo("s1");
        assertThat(e.actor().id()).isEqualTo("admin@contoso.com");
        assertThat(e.actor().type()).isEqualTo(ActorType.HUMAN);
        assertThat(e.sourceIp()).isEqualTo("111.111.111.11");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2019-01-21T22:14:26.9792776Z"));
    }

    @Test
    void requestBodyStringIsParsedIntoJson() {
        AuditEvent e = only("panther-test-record-storageAccounts-write.json");
        assertThat(e.request()).isEqualTo("{\"properties\":{\"allowBlobPublicAccess\":true}}");
        assertThat(e.eventId())
                .isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890/Microsoft.Storage/storageAccounts/write/Success");
        assertThat(e.account()).isEqualTo("12345678-1234-1234-1234-123456789abc");
        assertThat(e.region()).isEqualTo("eastus");

        AuditEvent role = only("panther-test-record-roleAssignments-write.json");
        assertThat(role.request()).contains("\"PrincipalType\":\"ServicePrincipal\"");
        assertThat(role.actor().id()).isEqualTo("6b6d44f0-b13a-46a0-bfde-161324d4c34d");
        assertThat(role.actor().type()).isEqualTo(ActorType.HUMAN); // evidence principalType User
    }

    @Test
    void readsAndActionsAreTold() {
        assertThat(AzureActivityParser.isReadOperation("Microsoft.Network/networkSecurityGroups/read"))
                .isTrue();
        assertThat(AzureActivityParser.isReadOperation("MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION"))
                .isTrue();
        assertThat(AzureActivityParser.isReadOperation("Microsoft.Storage/storageAccounts/regenerateKey/action"))
                .isFalse();
        assertThat(AzureActivityParser.isReadOperation("Microsoft.Compute/virtualMachines/restart/action"))
                .isFalse();
        assertThat(AzureActivityParser.isReadOperation("Microsoft.Compute/virtualMachines/write"))
                .isFalse();
    }
}
