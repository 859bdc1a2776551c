package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.finding.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index remembers, per resource name, which items' text mention it, and keeps that in step as
 * items come, change and go: a long-lived index gives exactly the candidates, in the same order, that
 * an index built afresh from the same items gives (which walks every item's text).
 */
class ContextIndexTest {

    private static final String[] NAMES = {"pricing-db-01", "checkout-asg", "ledger-bucket", "sg-0abc1234"};

    private static ContextItem item(Random r, int id, Instant t) {
        String text = r.nextInt(3) == 0
                ? null
                : "alert on " + NAMES[r.nextInt(NAMES.length)]
                        + (r.nextBoolean() ? " and " + NAMES[r.nextInt(NAMES.length)] : "");
        return new ContextItem(
                ContextItem.ALERT,
                "a-" + id,
                "alertmanager",
                t,
                null,
                "warning",
                "HighCPU",
                false,
                text,
                null,
                List.of(r.nextBoolean() ? "service=pricing" : "service=ledger"),
                List.of(),
                List.of(),
                t);
    }

    private static ContextMatcher.Subject subject(String name) {
        Finding f = Finding.builder().findingId("dg-" + name).resourceId(name).build();
        return new ContextMatcher.Subject(f, Set.of("service=pricing"), List.of(), name, "/" + name);
    }

    @Test
    void aLongLivedIndexGivesTheCandidatesOfOneBuiltAfresh() {
        Random r = new Random(7);
        ContextIndex live = new ContextIndex();
        Map<String, ContextItem> items = new LinkedHashMap<>();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        for (int step = 0; step < 2_000; step++) {
            int op = r.nextInt(10);
            if (op < 6 || items.isEmpty()) { // a new item, or news about one (merged: put again)
                ContextItem i = item(r, op < 4 ? step : r.nextInt(step + 1), t.plusSeconds(step));
                ContextItem previous = items.remove(i.key());
                items.put(i.key(), i);
                live.put(i.key(), i, previous);
            } else if (op < 8) { // pruned
                String key = new ArrayList<>(items.keySet()).get(r.nextInt(items.size()));
                live.remove(key, items.remove(key));
            } else { // a judgement asks
                live.candidates(subject(NAMES[r.nextInt(NAMES.length)]));
            }
        }
        ContextIndex fresh = new ContextIndex();
        items.forEach((key, item) -> fresh.put(key, item, null));
        assertThat(live.size()).isEqualTo(items.size());
        assertThat(live.due(t.plusSeconds(86_400 * 365)))
                .as("every key held is due once its hour has passed, once, and no key of an item gone")
                .containsExactlyInAnyOrderElementsOf(items.keySet());
        assertThat(live.due(t.minusSeconds(3600)))
                .as("nothing is due before its hour")
                .isEmpty();
        assertThat(live.distinctTexts())
                .as("each text held once, and let go with its last item")
                .isEqualTo(items.values().stream()
                        .map(ContextItem::text)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count());
        for (String name : NAMES) {
            List<String> expected = new ArrayList<>(fresh.candidates(subject(name)));
            assertThat(live.candidates(subject(name))).containsExactlyElementsOf(expected);
            assertThat(expected).as("the case is not empty").isNotEmpty();
        }
    }
}
