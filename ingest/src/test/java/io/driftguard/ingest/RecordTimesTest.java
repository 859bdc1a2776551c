package io.driftguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordTimesTest {

    private static long time(String source, String json) {
        return RecordTimes.of(source, json.getBytes(StandardCharsets.UTF_8));
    }

    private static long at(String t) {
        return Instant.parse(t).toEpochMilli();
    }

    @Test
    void readsTheFieldTheParserReadsInItsPreference() {
        assertThat(time(Sources.AWS_CLOUDTRAIL, "{\"eventVersion\":\"1.08\",\"eventTime\" : \"2025-03-03T08:00:01Z\"}"))
                .isEqualTo(at("2025-03-03T08:00:01Z"));
        assertThat(time(
                        Sources.K8S_AUDIT,
                        "{\"requestReceivedTimestamp\":\"2025-03-03T08:00:00.100000Z\","
                                + "\"stageTimestamp\":\"2025-03-03T08:00:00.200000Z\"}"))
                .as("stageTimestamp first, as KubernetesAuditParser")
                .isEqualTo(at("2025-03-03T08:00:00.200Z"));
        assertThat(time(Sources.AZURE_ACTIVITY, "{\"TIME\":\"2025-03-03T09:00:00Z\"}"))
                .as("any letter case, as the parser")
                .isEqualTo(at("2025-03-03T09:00:00Z"));
    }

    @Test
    void aFieldNameUsedAsAValueIsNotTheField() {
        assertThat(time(Sources.GCP_AUDIT, "{\"label\":\"timestamp\",\"timestamp\":\"2025-03-03T10:00:00Z\"}"))
                .isEqualTo(at("2025-03-03T10:00:00Z"));
    }

    @Test
    void contextRecordsAreSearchedAnywhereAndAnythingElseIsUnknown() {
        assertThat(time(Sources.GITHUB, "{\"payload\":{\"commits\":[{\"timestamp\":\"2025-03-03T11:00:00Z\"}]}}"))
                .isEqualTo(at("2025-03-03T11:00:00Z"));
        assertThat(time(Sources.JIRA, "{\"timestamp\":1741000000000}")).isEqualTo(1741000000000L);
        assertThat(time(Sources.AWS_CLOUDTRAIL, "not json")).isEqualTo(RecordTimes.UNKNOWN);
        assertThat(time(Sources.AWS_CLOUDTRAIL, "{\"eventName\":\"x\"}")).isEqualTo(RecordTimes.UNKNOWN);
    }
}
