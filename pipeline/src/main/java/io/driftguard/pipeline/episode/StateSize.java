package io.driftguard.pipeline.episode;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Bytes of keyed state per managed resource ({@code bench/state-size.sh}): for each resource an
 * IaC folder declares, the bytes the episode operator keeps for it while no episode is open, as
 * Flink serializes them (what RocksDB stores and a checkpoint writes): the resource key, and one
 * {@code declarations} entry (IaC address → the declared resource's catalog attributes). An open
 * episode adds its finding and the differing attributes until it resolves.
 *
 * <pre>java -cp CLASSPATH io.driftguard.pipeline.episode.StateSize IAC_DIR</pre>
 */
public final class StateSize {

    private StateSize() {}

    public static void main(String[] args) throws Exception {
        List<DesiredResource> declared =
                new IacFolderReader().read(Path.of(args[0])).resources();
        SerializerConfigImpl config = new SerializerConfigImpl();
        TypeSerializer<String> strings = Types.STRING.createSerializer(config);
        TypeSerializer<DesiredResource> resources =
                TypeInformation.of(DesiredResource.class).createSerializer(config);
        List<Integer> sizes = new ArrayList<>();
        long total = 0;
        DataOutputSerializer out = new DataOutputSerializer(4096);
        for (DesiredResource d : declared) {
            out.clear();
            strings.serialize(d.key(), out); // the key, part of every RocksDB entry of the resource
            strings.serialize(d.iac().address(), out);
            resources.serialize(d, out);
            sizes.add(out.length());
            total += out.length();
        }
        if (sizes.isEmpty()) {
            System.out.println("state no declared resources in " + args[0]);
            return;
        }
        Collections.sort(sizes);
        System.out.printf(
                Locale.ROOT,
                "state resources=%d mean_bytes=%.0f p50_bytes=%d p95_bytes=%d max_bytes=%d serializer=%s%n",
                sizes.size(),
                (double) total / sizes.size(),
                sizes.get(sizes.size() / 2),
                sizes.get((int) Math.min(sizes.size() - 1, Math.round(sizes.size() * 0.95))),
                sizes.get(sizes.size() - 1),
                resources.getClass().getSimpleName());
    }
}
