package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

    private static String retime(String json, long shift) {
        return new String(LiveFeed.retime(json.getBytes(StandardCharsets.UTF_8), shift), StandardCharsets.UTF_8);
    }

    @Test
    void everyTimestampMovesByTheSameAmountAndKeepsItsZone() {
        long hour = 3_600_000L;
        assertThat(retime("{\"eventTime\":\"2025-03-03T21:38:31Z\",\"recipientAccountId\":\"271828182845\"}", hour + 5))
                .isEqualTo("{\"eventTime\":\"2025-03-03T22:38:31.005Z\",\"recipientAccountId\":\"271828182845\"}");
        assertThat(retime("{\"stageTimestamp\":\"2025-03-03T08:00:15.829426Z\"}", -1000))
                .isEqualTo("{\"stageTimestamp\":\"2025-03-03T08:00:14.829426Z\"}");
        assertThat(retime("{\"time\":\"2025-03-03T11:57:07.0990000Z\"}", 1))
                .isEqualTo("{\"time\":\"2025-03-03T11:57:07.1000000Z\"}");
        assertThat(retime("{\"created\":\"2025-03-03T08:00:02.533+0000\",\"timestamp\":1740988802533}", 1000))
                .isEqualTo("{\"created\":\"2025-03-03T08:00:03.533+0000\",\"timestamp\":1740988803533}");
        assertThat(retime("{\"at\":\"2025-03-03T23:59:59+00:00\"}", 1000))
                .isEqualTo("{\"at\":\"2025-03-04T00:00:00.000+00:00\"}");
    }

    @Test
    void sentinelsIdsAndOtherNumbersStay() {
        String json = "{\"endsAt\":\"0001-01-01T00:00:00Z\",\"n\":17409888025331,\"id\":\"1740988802533\",\"x\":12}";
        assertThat(retime(json, 1000)).isEqualTo(json);
    }
}
