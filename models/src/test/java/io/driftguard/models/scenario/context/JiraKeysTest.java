package io.driftguard.models.scenario.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.models.scenario.random.Rng;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JiraKeysTest {

    @Test
    void aLongDataSetGoesOnAboveTheRangeInsteadOfFailing() {
        JiraKeys keys = new JiraKeys(Set.of("OPS-10"));
        Rng rng = new Rng(11);
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            drawn.add(keys.next("OPS", 10, 100, rng));
        }
        assertThat(drawn).hasSize(250).doesNotContain("OPS-10");
        assertThat(drawn).contains("OPS-11", "OPS-109", "OPS-110", "OPS-259");
        assertThat(keys.next("OPS", 10, 100, rng)).isEqualTo("OPS-261");
        assertThat(keys.next("WEB", 10, 100, rng)).matches("WEB-(1\\d|[2-9]\\d|10\\d)");
    }

    @Test
    void whileTheRangeHasRoomEveryKeyIsDrawnInsideIt() {
        JiraKeys keys = new JiraKeys();
        Rng rng = new Rng(7);
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 7000; i++) {
            String key = keys.next("OPS", 1000, 8000, rng);
            assertThat(Integer.parseInt(key.substring(4))).isBetween(1000, 8999);
            drawn.add(key);
        }
        assertThat(drawn).hasSize(7000);
    }
}
