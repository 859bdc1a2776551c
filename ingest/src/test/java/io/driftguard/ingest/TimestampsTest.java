package io.driftguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource({
        "2024-08-01T12:23:55Z, 2024-08-01T12:23:55Z",
        "2023-05-23T12:19:40.876-07:00, 2023-05-23T19:19:40.876Z",
        "2018-01-29T20:42:31.3810679Z, 2018-01-29T20:42:31.3810679Z",
        "2020-06-30T16:14:47.593398572Z, 2020-06-30T16:14:47.593398572Z",
        "2021-01-24 04:55:45.000, 2021-01-24T04:55:45Z",
        "2022-09-30 15:11:25.000000000, 2022-09-30T15:11:25Z",
        "2018-03-07T06:33:21.873077559-05:00, 2018-03-07T11:33:21.873077559Z",
        "2011-12-12T14:27:31+0200, 2011-12-12T12:27:31Z",
        "2024-12-17T14:00:00.0000000Z, 2024-12-17T14:00:00Z",
    })
    void providerShapes(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void garbageAndImpossibleDatesAreNull() {
        assertThat(Timestamps.parse(null)).isNull();
        assertThat(Timestamps.parse("yesterday")).isNull();
        assertThat(Timestamps.parse("2024-02-30T00:00:00Z")).isNull();
        assertThat(Timestamps.parse("2024-01-01T25:00:00Z")).isNull();
        assertThat(Timestamps.parse("2024-01-01T10:00:00Zjunk")).isNull();
    }

    @Test
    void goZeroTimeMeansUnset() {
        assertThat(Timestamps.isUnset(Timestamps.parse("0001-01-01T00:00:00Z"))).isTrue();
        assertThat(Timestamps.isUnset(Timestamps.parse("2020-01-01T00:00:00Z"))).isFalse();
    }
}
