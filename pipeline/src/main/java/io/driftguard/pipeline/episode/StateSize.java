package io.driftguard.pipeline.episode;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Bytes of keyed state per managed resource ({@code bench/state-size.sh}, {@code
 * bench/state-scale.sh}): for each resource an IaC folder declares, the bytes the episode operator
 * keeps for it while no episode is open, as Flink serializes them (what RocksDB stores and a
 * checkpoint writes): the resource key, and one {@code declarations} entry (IaC address → the
 * declared resource's catalog attributes). An open episode adds its finding and the differing
 * attributes until it resolves.
 *
 * <p>Besides mean, p50, p95 and max it says where the bytes go, summed over all resources: the key
 * (the state entry's key), the IaC address (the map key; the declaration is stored without either,
 * {@link EpisodeFunction#stored}), the declared attributes, the
 * labels, the source excerpt (the declaring block's lines) and the rest (cloud, account, resource
 * id and type, IaC source and path, the serializer's own framing).
 *
 * <pre>java -cp CLASSPATH io.driftguard.pipeline.episode.StateSize IAC_DIR</pre>
 */
public final class StateSize {

    StateSize() {}

    /** The parts of one resource's state, in bytes. */
    record Parts(int total, int keys, int addresses, int attributes, int labels, int excerpt) {
        int rest() {
            return total - keys - addresses - attributes - labels - excerpt;
        }
    }

    private final SerializerConfigImpl config = new SerializerConfigImpl();
    private final TypeSerializer<String> strings = Types.STRING.createSerializer(config);
    private final TypeSerializer<DesiredResource> resources =
            TypeInformation.of(DesiredResource.class).createSerializer(config);
    private final DataOutputSerializer out = new DataOutputSerializer(4096);

    private int size(String s) throws java.io.IOException {
        out.clear();
        strings.serialize(s, out);
        return out.length();
    }

    int size(DesiredResource d) throws java.io.IOException {
        out.clear();
        resources.serialize(d, out);
        return out.length();
    }

    Parts measure(DesiredResource declared) throws java.io.IOException {
        DesiredResource d = EpisodeFunction.stored(declared);
        int whole = size(d);
        int key = size(declared.key());
        int address = size(declared.iac().address());
        int attributes = whole - size(d.withAttributes(Map.of()));
        int labels = whole
                - size(new DesiredResource(
                        d.key(),
                        d.cloud(),
                        d.account(),
                        d.resourceId(),
                        d.resourceType(),
                        d.iac(),
                        d.attributes(),
                        null));
        int excerpt = d.iac().excerpt() == null ? 0 : whole - size(withoutExcerpt(d));
        // the declaration is stored without its key and address (EpisodeFunction.stored); what is
        // left of them is the null markers, counted in the rest
        return new Parts(key + address + whole, key, address, attributes, labels, excerpt);
    }

    private static DesiredResource withoutExcerpt(DesiredResource d) {
        return new DesiredResource(
                null,
                d.cloud(),
                d.account(),
                d.resourceId(),
                d.resourceType(),
                d.iac().withExcerpt(null),
                d.attributes(),
                d.labels());
    }

    public static void main(String[] args) throws Exception {
        List<DesiredResource> declared =
                new IacFolderReader().read(Path.of(args[0])).resources();
        if (declared.isEmpty()) {
            System.out.println("state no declared resources in " + args[0]);
            return;
        }
        StateSize sizes = new StateSize();
        int[] totals = new int[declared.size()];
        long[] sums = new long[6];
        String largest = null;
        int max = -1;
        for (int i = 0; i < declared.size(); i++) {
            DesiredResource d = declared.get(i);
            Parts p = sizes.measure(d);
            totals[i] = p.total();
            if (p.total() > max) {
                max = p.total();
                largest = d.key() + " (" + d.resourceType() + ", "
                        + d.attributes().size() + " attributes)";
            }
            sums[0] += p.keys();
            sums[1] += p.addresses();
            sums[2] += p.attributes();
            sums[3] += p.labels();
            sums[4] += p.excerpt();
            sums[5] += p.rest();
        }
        int n = totals.length;
        long total = Arrays.stream(totals).asLongStream().sum();
        Arrays.sort(totals);
        System.out.printf(
                Locale.ROOT,
                "state resources=%d mean_bytes=%.0f p50_bytes=%d p95_bytes=%d max_bytes=%d serializer=%s%n",
                n,
                (double) total / n,
                totals[n / 2],
                totals[(int) Math.min(n - 1, Math.round(n * 0.95))],
                totals[n - 1],
                sizes.resources.getClass().getSimpleName());
        String[] names = {"key", "address", "attributes", "labels", "excerpt", "rest"};
        System.out.printf(Locale.ROOT, "%-12s %12s %8s%n", "part", "mean_bytes", "share");
        for (int i = 0; i < names.length; i++) {
            System.out.printf(
                    Locale.ROOT, "%-12s %12.0f %7.1f%%%n", names[i], (double) sums[i] / n, 100.0 * sums[i] / total);
        }
        System.out.println("largest " + largest);
    }
}
