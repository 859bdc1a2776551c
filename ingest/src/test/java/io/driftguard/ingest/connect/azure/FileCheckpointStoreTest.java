package io.driftguard.ingest.connect.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.PartitionOwnership;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

    static final String NS = "ns.servicebus.windows.net";

    @TempDir
    Path dir;

    private static PartitionOwnership want(String partition, String owner, String etag) {
        return new PartitionOwnership()
                .setFullyQualifiedNamespace(NS)
                .setEventHubName("hub")
                .setConsumerGroup("$Default")
                .setPartitionId(partition)
                .setOwnerId(owner)
                .setETag(etag);
    }

    @Test
    void ownershipIsCompareAndSetOnTheEtag() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        List<PartitionOwnership> first = store.claimOwnership(List.of(want("0", "a", null)))
                .collectList()
                .block();
        assertThat(first).singleElement().satisfies(o -> assertThat(o.getETag()).isNotBlank());

        // a second processor racing for the new partition with no etag loses
        assertThat(store.claimOwnership(List.of(want("0", "b", null)))
                        .collectList()
                        .block())
                .isEmpty();
        // with a stale etag it loses too
        assertThat(store.claimOwnership(List.of(want("0", "b", "stale")))
                        .collectList()
                        .block())
                .isEmpty();
        // with the current etag it takes over
        String etag = first.get(0).getETag();
        assertThat(store.claimOwnership(List.of(want("0", "b", etag)))
                        .collectList()
                        .block())
                .singleElement()
                .satisfies(o -> assertThat(o.getOwnerId()).isEqualTo("b"));
        assertThat(store.listOwnership(NS, "hub", "$Default").collectList().block())
                .singleElement()
                .satisfies(o -> assertThat(o.getOwnerId()).isEqualTo("b"));
    }

    @Test
    void checkpointsSurviveARestart() {
        new FileCheckpointStore(dir)
                .updateCheckpoint(new Checkpoint()
                        .setFullyQualifiedNamespace(NS)
                        .setEventHubName("hub")
                        .setConsumerGroup("$Default")
                        .setPartitionId("2")
                        .setOffsetString("4096")
                        .setSequenceNumber(17L))
                .block();

        List<Checkpoint> read = new FileCheckpointStore(dir)
                .listCheckpoints(NS, "hub", "$Default")
                .collectList()
                .block();

        assertThat(read).singleElement().satisfies(c -> {
            assertThat(c.getPartitionId()).isEqualTo("2");
            assertThat(c.getSequenceNumber()).isEqualTo(17L);
            assertThat(c.getOffsetString()).isEqualTo("4096");
        });
    }
}
