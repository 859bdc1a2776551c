package io.driftguard.ingest.connect.azure;

import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.PartitionOwnership;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An Event Hubs {@link CheckpointStore} in a local directory, one small JSON file per partition for
 * the checkpoint and one for the ownership, each replaced atomically.
 *
 * <p>Why a file: the Blob checkpoint store is not available to this build, and the connector is
 * meant to run as one instance per Event Hub and consumer group (Activity Log volume fits one
 * process easily). Ownership claims are compare-and-set on an ETag inside this process, so several
 * processors in one JVM balance partitions correctly; several processes must NOT share one
 * directory (no cross-process locking). Put the directory on a persistent volume: losing it makes
 * the processor start from its initial position again (duplicates, which the job deduplicates; not
 * loss, if the initial position is "earliest").
 *
 * <p>Layout: {@code <dir>/<namespace>/<eventhub>/<consumergroup>/checkpoint/<partition>.json} and
 * {@code .../ownership/<partition>.json}.
 */
public final class FileCheckpointStore implements CheckpointStore {

    private final Path root;

    public FileCheckpointStore(Path root) {
        this.root = root;
    }

    @Override
    public synchronized Flux<PartitionOwnership> listOwnership(
            String namespace, String eventHub, String consumerGroup) {
        return Flux.fromIterable(read(dir(namespace, eventHub, consumerGroup, "ownership")).stream()
                .map(FileCheckpointStore::ownership)
                .toList());
    }

    @Override
    public synchronized Flux<PartitionOwnership> claimOwnership(List<PartitionOwnership> requested) {
        List<PartitionOwnership> claimed = new ArrayList<>();
        for (PartitionOwnership want : requested) {
            Path file = dir(
                            want.getFullyQualifiedNamespace(),
                            want.getEventHubName(),
                            want.getConsumerGroup(),
                            "ownership")
                    .resolve(want.getPartitionId() + ".json");
            JsonNode current = readFile(file);
            String currentTag = current == null ? null : current.path("eTag").asText(null);
            boolean mayClaim =
                    want.getETag() == null ? current == null : want.getETag().equals(currentTag);
            if (!mayClaim) {
                continue;
            }
            PartitionOwnership now = new PartitionOwnership()
                    .setFullyQualifiedNamespace(want.getFullyQualifiedNamespace())
                    .setEventHubName(want.getEventHubName())
                    .setConsumerGroup(want.getConsumerGroup())
                    .setPartitionId(want.getPartitionId())
                    .setOwnerId(want.getOwnerId())
                    .setLastModifiedTime(System.currentTimeMillis())
                    .setETag(UUID.randomUUID().toString());
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("namespace", now.getFullyQualifiedNamespace())
                    .put("eventHub", now.getEventHubName())
                    .put("consumerGroup", now.getConsumerGroup())
                    .put("partitionId", now.getPartitionId())
                    .put("ownerId", now.getOwnerId())
                    .put("lastModifiedTime", now.getLastModifiedTime())
                    .put("eTag", now.getETag());
            write(file, n);
            claimed.add(now);
        }
        return Flux.fromIterable(claimed);
    }

    @Override
    public synchronized Flux<Checkpoint> listCheckpoints(String namespace, String eventHub, String consumerGroup) {
        return Flux.fromIterable(read(dir(namespace, eventHub, consumerGroup, "checkpoint")).stream()
                .map(FileCheckpointStore::checkpoint)
                .toList());
    }

    @Override
    public synchronized Mono<Void> updateCheckpoint(Checkpoint c) {
        if (c == null || c.getPartitionId() == null) {
            return Mono.error(new IllegalArgumentException("checkpoint without a partition id"));
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("namespace", c.getFullyQualifiedNamespace())
                .put("eventHub", c.getEventHubName())
                .put("consumerGroup", c.getConsumerGroup())
                .put("partitionId", c.getPartitionId())
                .put("offset", c.getOffsetString())
                .put("sequenceNumber", c.getSequenceNumber());
        try {
            write(
                    dir(c.getFullyQualifiedNamespace(), c.getEventHubName(), c.getConsumerGroup(), "checkpoint")
                            .resolve(c.getPartitionId() + ".json"),
                    n);
            return Mono.empty();
        } catch (UncheckedIOException e) {
            return Mono.error(e);
        }
    }

    private Path dir(String namespace, String eventHub, String consumerGroup, String kind) {
        return root.resolve(safe(namespace))
                .resolve(safe(eventHub))
                .resolve(safe(consumerGroup))
                .resolve(kind);
    }

    private static String safe(String s) {
        return s == null ? "_" : s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    }

    private static List<JsonNode> read(Path dir) {
        List<JsonNode> nodes = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return nodes;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                JsonNode n = readFile(f);
                if (n != null) {
                    nodes.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nodes;
    }

    private static JsonNode readFile(Path f) {
        try {
            return Files.exists(f) ? Json.MAPPER.readTree(f.toFile()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable checkpoint file " + f, e);
        }
    }

    private static void write(Path file, JsonNode n) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(n));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static PartitionOwnership ownership(JsonNode n) {
        return new PartitionOwnership()
                .setFullyQualifiedNamespace(n.path("namespace").asText())
                .setEventHubName(n.path("eventHub").asText())
                .setConsumerGroup(n.path("consumerGroup").asText())
                .setPartitionId(n.path("partitionId").asText())
                .setOwnerId(n.path("ownerId").asText())
                .setLastModifiedTime(n.path("lastModifiedTime").asLong())
                .setETag(n.path("eTag").asText());
    }

    private static Checkpoint checkpoint(JsonNode n) {
        Checkpoint c = new Checkpoint()
                .setFullyQualifiedNamespace(n.path("namespace").asText())
                .setEventHubName(n.path("eventHub").asText())
                .setConsumerGroup(n.path("consumerGroup").asText())
                .setPartitionId(n.path("partitionId").asText());
        if (n.hasNonNull("offset")) {
            c.setOffsetString(n.path("offset").asText());
        }
        if (n.hasNonNull("sequenceNumber")) {
            c.setSequenceNumber(n.path("sequenceNumber").asLong());
        }
        return c;
    }
}
