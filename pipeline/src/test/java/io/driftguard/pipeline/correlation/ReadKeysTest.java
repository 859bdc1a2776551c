package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.ResourceKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A read's keys from the cache are the keys themselves, the same instance while they stay cached. */
class ReadKeysTest {

    @Test
    void keysAreThoseOfReadEventAndResourceKeyWhateverFallsIntoTheSameSlot() {
        ReadKeys keys = new ReadKeys();
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            // 5,000 distinct keys over 1,024 slots: hits, misses and evictions
            String account = String.valueOf(100_000_000_000L + random.nextInt(50));
            String api = random.nextInt(10) == 0 ? null : "svc" + random.nextInt(100) + ".amazonaws.com";
            Cloud cloud = Cloud.values()[random.nextInt(Cloud.values().length)];
            String id = "Res-" + random.nextInt(5_000);
            assertThat(keys.scope(cloud, new String(account), api))
                    .isEqualTo(ReadEvent.scope(cloud.wireName(), account, api));
            assertThat(keys.resource(cloud, new String(id))).isEqualTo(ResourceKey.of(cloud, id));
        }
    }

    @Test
    void theSameKeyIsTheSameStringSoTheBundleFindsItByIdentity() {
        ReadKeys keys = new ReadKeys();
        String first = keys.scope(Cloud.AWS, new String("111122223333"), new String("ec2.amazonaws.com"));
        assertThat(keys.scope(Cloud.AWS, new String("111122223333"), new String("ec2.amazonaws.com")))
                .isSameAs(first);
        String resource = keys.resource(Cloud.GCP, new String("Projects/P/Instances/VM-1"));
        assertThat(resource).isEqualTo("gcp:projects/p/instances/vm-1");
        assertThat(keys.resource(Cloud.GCP, new String("Projects/P/Instances/VM-1")))
                .isSameAs(resource);
    }
}
