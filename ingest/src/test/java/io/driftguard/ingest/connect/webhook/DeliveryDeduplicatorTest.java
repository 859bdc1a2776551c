package io.driftguard.ingest.connect.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeliveryDeduplicatorTest {

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        long millis = 1_700_000_000_000L;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void aPublishedDeliveryIsSeenAFailedOneIsNotAndAConcurrentOneSharesTheFirstsResult() {
        DeliveryDeduplicator d = new DeliveryDeduplicator(10, Duration.ofHours(24), clock);
        DeliveryDeduplicator.Claim.Owner a = owned(d.claim("github:a"));
        var concurrent = d.claim("github:a");
        assertThat(concurrent).isInstanceOf(DeliveryDeduplicator.Claim.Seen.class);
        assertThat(((DeliveryDeduplicator.Claim.Seen) concurrent).result()).isNotDone();
        d.finish(a, null);
        assertThat(((DeliveryDeduplicator.Claim.Seen) concurrent).result()).isCompleted();
        assertThat(d.claim("github:a")).isInstanceOf(DeliveryDeduplicator.Claim.Seen.class);

        d.finish(owned(d.claim("github:b")), new RuntimeException("broker down"));
        assertThat(d.claim("github:b"))
                .as("a failed attempt is forgotten: the retry is published")
                .isInstanceOf(DeliveryDeduplicator.Claim.Owner.class);
    }

    /**
     * The receiver gives up on an attempt after its acknowledgement time-out (503, the sender
     * retries); the late outcome of that attempt must not settle the retry, which is still being
     * published: its concurrent copies would be answered by the wrong attempt.
     */
    @Test
    void aLateOutcomeOfAnAttemptGivenUpOnDoesNotSettleTheRetry() {
        DeliveryDeduplicator d = new DeliveryDeduplicator(10, Duration.ofHours(24), clock);
        DeliveryDeduplicator.Claim.Owner first = owned(d.claim("github:a"));
        d.finish(first, new java.util.concurrent.TimeoutException("no acknowledgement in time"));
        DeliveryDeduplicator.Claim.Owner retry = owned(d.claim("github:a"));
        var copyOfRetry = (DeliveryDeduplicator.Claim.Seen) d.claim("github:a");

        d.finish(first, new RuntimeException("the first attempt failed after all"));
        assertThat(copyOfRetry.result()).as("still the retry's to settle").isNotDone();
        d.finish(first, null);
        assertThat(copyOfRetry.result()).isNotDone();

        d.finish(retry, null);
        assertThat(copyOfRetry.result()).isCompleted();
        assertThat(d.claim("github:a")).isInstanceOf(DeliveryDeduplicator.Claim.Seen.class);
    }

    private static DeliveryDeduplicator.Claim.Owner owned(DeliveryDeduplicator.Claim claim) {
        assertThat(claim).isInstanceOf(DeliveryDeduplicator.Claim.Owner.class);
        return (DeliveryDeduplicator.Claim.Owner) claim;
    }

    @Test
    void anIdIsRememberedForTheWindowThenPublishedAgain() {
        DeliveryDeduplicator d = new DeliveryDeduplicator(10, Duration.ofHours(24), clock);
        d.finish(owned(d.claim("x")), null);
        clock.millis += Duration.ofHours(24).toMillis();
        assertThat(d.claim("x")).isInstanceOf(DeliveryDeduplicator.Claim.Seen.class);
        clock.millis += 1;
        d.finish(owned(d.claim("x")), null);
        assertThat(d.claim("x")).as("the window starts over").isInstanceOf(DeliveryDeduplicator.Claim.Seen.class);
        assertThat(d.size()).isEqualTo(1);
    }

    @Test
    void theLastCapacityIdsAreRememberedAndTheOldestGoFirst() {
        DeliveryDeduplicator d = new DeliveryDeduplicator(1_000, Duration.ofHours(24), clock);
        for (int i = 0; i < 1_500; i++) {
            d.finish(owned(d.claim("id-" + i)), null);
        }
        assertThat(d.size()).isEqualTo(1_000);
        for (int i = 0; i < 1_500; i++) {
            DeliveryDeduplicator.Claim claim = d.claim("id-" + i);
            boolean seen = claim instanceof DeliveryDeduplicator.Claim.Seen;
            assertThat(seen).as("id-%d", i).isEqualTo(i >= 500);
            if (!seen) {
                d.finish(owned(claim), new RuntimeException("not publishing in this test"));
            }
        }
    }

    /**
     * The compact ring and its index against a plain insertion-ordered map: random claims, successes,
     * failures and clock moves over a small capacity, so every eviction path of the index runs.
     */
    @Test
    void decidesLikeAPlainBoundedMapUnderRandomTraffic() {
        int capacity = 64;
        long window = 10_000;
        DeliveryDeduplicator d = new DeliveryDeduplicator(capacity, Duration.ofMillis(window), clock);
        Map<String, Long> model = new LinkedHashMap<>(); // id → published at, oldest first
        Random r = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            String id = "delivery-" + r.nextInt(300);
            clock.millis += r.nextInt(40);
            Long at = model.get(id);
            boolean expectSeen = at != null && clock.millis - at <= window;
            DeliveryDeduplicator.Claim claim = d.claim(id);
            assertThat(claim instanceof DeliveryDeduplicator.Claim.Seen)
                    .as("step %d, %s", step, id)
                    .isEqualTo(expectSeen);
            if (!expectSeen) {
                boolean ok = r.nextInt(10) != 0;
                d.finish(owned(claim), ok ? null : new RuntimeException("failed"));
                if (ok) {
                    if (model.containsKey(id)) {
                        model.put(id, clock.millis); // the same slot, a new time: its age in the ring is kept
                    } else {
                        if (model.size() == capacity) {
                            model.remove(model.keySet().iterator().next());
                        }
                        model.put(id, clock.millis);
                    }
                }
            }
        }
        assertThat(d.size()).isEqualTo(model.size());
    }

    @Test
    void aMillionIdsFitTheDefaultCapacity() {
        int capacity = 1_000_000;
        DeliveryDeduplicator d = new DeliveryDeduplicator(capacity, Duration.ofHours(24), clock);
        for (int i = 0; i < capacity; i++) {
            d.finish(owned(d.claim("github:" + i)), null);
        }
        Random r = new Random(3);
        for (int k = 0; k < 10_000; k++) {
            assertThat(d.claim("github:" + r.nextInt(capacity))).isInstanceOf(DeliveryDeduplicator.Claim.Seen.class);
        }
    }
}
