package io.driftguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.models.scenario.GeneratorOptions;
import io.driftguard.models.scenario.ScenarioStream;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PayloadTimesTest {

    private static final Duration DAY_AND_A_BIT = Duration.ofHours(24).plusMillis(1500);

    @Test
    void movesEachFormatTheProvidersWriteAndKeepsTheFormat() throws Exception {
        JsonNode record = Json.MAPPER.readTree("""
                {"eventTime": "2025-03-03T08:00:00Z",
                 "k8s": {"requestReceivedTimestamp": "2025-03-03T08:00:00.123456Z"},
                 "gitlab": [{"timestamp": "2025-03-03T08:00:00+00:00"}],
                 "jira": {"timestamp": 1740988800000, "updated": "2025-03-03T08:00:00.000+0000"},
                 "claims": {"iat": 1740988800},
                 "alert": {"endsAt": "0001-01-01T00:00:00Z", "summary": "2025-03-03T08:00:00Z was bad"},
                 "count": 1740988800000}
                """);
        PayloadTimes.shift(record, DAY_AND_A_BIT);
        assertThat(record.path("eventTime").asText()).isEqualTo("2025-03-04T08:00:01Z");
        assertThat(record.at("/k8s/requestReceivedTimestamp").asText()).isEqualTo("2025-03-04T08:00:01.623456Z");
        assertThat(record.at("/gitlab/0/timestamp").asText()).isEqualTo("2025-03-04T08:00:01+00:00");
        assertThat(record.at("/jira/timestamp").asLong()).isEqualTo(1740988800000L + DAY_AND_A_BIT.toMillis());
        assertThat(record.at("/jira/updated").asText()).isEqualTo("2025-03-04T08:00:01.500+0000");
        assertThat(record.at("/claims/iat").asLong()).isEqualTo(1740988800L + 86401);
        assertThat(record.at("/alert/endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(record.at("/alert/summary").asText()).isEqualTo("2025-03-03T08:00:00Z was bad");
        assertThat(record.path("count").asLong()).isEqualTo(1740988800000L);
    }

    /** Every record the demo's generator writes reads as written now once moved: no date of the window is left. */
    @Test
    void noTimestampOfTheGeneratedWindowSurvives() throws Exception {
        Instant windowStart = Instant.parse("2025-03-03T08:00:00Z");
        ScenarioStream stream = ScenarioStream.open(
                GeneratorOptions.defaults()
                        .withSeed(7)
                        .withSpan(Duration.ofHours(6))
                        .withScenarios(40),
                windowStart);
        Pattern windowDay = Pattern.compile("2025-03-0[3-4]");
        int checked = 0;
        while (stream.hasNext() && checked < 3000) {
            ScenarioStream.StreamRecord r = stream.next();
            JsonNode tree = Json.MAPPER.readTree(r.payload());
            PayloadTimes.shift(tree, Duration.ofDays(600));
            assertThat(windowDay.matcher(tree.toString()).find())
                    .as("%s record %s", r.source(), tree)
                    .isFalse();
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
    }
}
