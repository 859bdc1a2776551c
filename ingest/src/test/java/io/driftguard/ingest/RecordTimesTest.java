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
    void theFieldNameSearchFindsTheFirstOccurrenceAsAPlainSearchDoes() {
        java.util.Random random = new java.util.Random(7);
        byte[] alphabet = "\"timeTevntsap:{} ".getBytes(StandardCharsets.US_ASCII);
        for (String name : new String[] {"\"time\"", "\"eventTime\"", "\"stageTimestamp\"", "\"ee\""}) {
            byte[] p = name.getBytes(StandardCharsets.US_ASCII);
            RecordTimes.Needle needle = new RecordTimes.Needle(p);
            for (int n = 0; n < 20_000; n++) {
                byte[] b = new byte[random.nextInt(60)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = alphabet[random.nextInt(alphabet.length)];
                }
                if (b.length >= p.length && random.nextBoolean()) {
                    System.arraycopy(p, 0, b, random.nextInt(b.length - p.length + 1), p.length);
                }
                int from = b.length == 0 ? 0 : random.nextInt(b.length);
                assertThat(needle.in(b, from))
                        .as(new String(b, StandardCharsets.US_ASCII))
                        .isEqualTo(plain(b, p, from));
            }
        }
    }

    private static int plain(byte[] b, byte[] p, int from) {
        outer:
        for (int i = from; i + p.length <= b.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (b[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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

    /** A record that comes with its reduced tree has the time the parser reads, whether or not the tree has it. */
    @Test
    void aReducedTreeGivesTheTimeOfItsRecordAndTheBytesAnswerWhenItHasNone() {
        int records = 0;
        for (String source : ReadScanTest.AUDIT_SOURCES) {
            ReadScan.Fields fields =
                    ReadScanTest.PARSERS.parser(source).orElseThrow().readFields();
            for (byte[] r : ReadScanTest.sampleRecords(source)) {
                com.fasterxml.jackson.databind.JsonNode tree = ReadScan.reduce(r, fields);
                assertThat(RecordTimes.of(source, r, tree))
                        .as(source + " " + new String(r, StandardCharsets.UTF_8))
                        .isEqualTo(RecordTimes.of(source, r));
                records++;
            }
        }
        assertThat(records).isGreaterThan(20);
        com.fasterxml.jackson.databind.node.ObjectNode empty = io.driftguard.core.json.Json.MAPPER.createObjectNode();
        assertThat(RecordTimes.of(
                        Sources.AWS_CLOUDTRAIL,
                        "{\"eventTime\":\"2025-03-03T08:00:01Z\"}".getBytes(StandardCharsets.UTF_8),
                        empty))
                .isEqualTo(at("2025-03-03T08:00:01Z"));
    }
}
