package io.driftguard.pipeline.replay;

import io.driftguard.ingest.iac.ChildRules;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The replay's declared state, read inside the job: one split per IaC file or stack of {@code iac/}
 * ({@link IacFolderReader#units}), read when a reader takes it, so neither the client nor the job
 * graph holds the IaC and a task holds one file's resources at a time. Emits the IaC resources
 * unmerged, in {@link IacPart}s that carry their reading order; {@link DeclaredStateMerge} merges
 * one resource's parts as {@link IacFolderReader#read(Path)} does. Problems (unreadable files,
 * bad documents) are collected for the {@code .rejected} file (parts the merge hands to the command in an accumulator, {@link ReplayProgress#IAC_PROBLEMS_ACCUMULATOR}).
 */
public final class IacFileSource
        implements Source<IacPart, IacFileSource.Unit, Collection<IacFileSource.Unit>>, ResultTypeQueryable<IacPart> {

    private final String iac;
    private final ArrayList<String> folders = new ArrayList<>();
    private final ArrayList<String> paths = new ArrayList<>();

    /** @param units the parts of {@code iac}, in reading order */
    public IacFileSource(Path iac, List<IacFolderReader.Unit> units) {
        this.iac = iac.toString();
        for (IacFolderReader.Unit u : units) {
            folders.add(u.folder());
            paths.add(u.path());
        }
    }

    /** The {@code iac/} folder read. */
    public String folder() {
        return iac;
    }

    @Override
    public TypeInformation<IacPart> getProducedType() {
        return TypeInformation.of(IacPart.class);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<IacPart, Unit> createReader(SourceReaderContext context) {
        return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<Unit, Collection<Unit>> createEnumerator(SplitEnumeratorContext<Unit> context) {
        List<Unit> splits = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            splits.add(new Unit(iac, i, folders.get(i), paths.get(i), 0));
        }
        return new IteratorSourceEnumerator<>(context, splits);
    }

    @Override
    public SplitEnumerator<Unit, Collection<Unit>> restoreEnumerator(
            SplitEnumeratorContext<Unit> context, Collection<Unit> checkpoint) {
        return new IteratorSourceEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<Unit> getSplitSerializer() {
        return new UnitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<Unit>> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Collection<Unit> units) throws IOException {
                DataOutputSerializer out = new DataOutputSerializer(256);
                out.writeInt(units.size());
                for (Unit u : units) {
                    UnitSerializer.write(u, out);
                }
                return out.getCopyOfBuffer();
            }

            @Override
            public Collection<Unit> deserialize(int version, byte[] serialized) throws IOException {
                DataInputDeserializer in = new DataInputDeserializer(serialized);
                int n = in.readInt();
                List<Unit> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(UnitSerializer.read(in));
                }
                return out;
            }
        };
    }

    /** The readers' catalog tables are built once per JVM, not per file. */
    private static final class Readers {
        static final IacFolderReader INSTANCE = new IacFolderReader();
    }

    /** One IaC file or stack, and how many of its parts were already emitted. */
    public static final class Unit implements IteratorSourceSplit<IacPart, Iterator<IacPart>> {
        final String iac;
        final int ordinal;
        final String folder;
        final String path;
        final int emitted;
        private transient Parts iterator;

        Unit(String iac, int ordinal, String folder, String path, int emitted) {
            this.iac = iac;
            this.ordinal = ordinal;
            this.folder = folder;
            this.path = path;
            this.emitted = emitted;
        }

        @Override
        public String splitId() {
            return Integer.toString(ordinal);
        }

        @Override
        public Iterator<IacPart> getIterator() {
            if (iterator == null) {
                iterator = new Parts(this);
            }
            return iterator;
        }

        @Override
        public IteratorSourceSplit<IacPart, Iterator<IacPart>> getUpdatedSplitForIterator(Iterator<IacPart> it) {
            return new Unit(iac, ordinal, folder, path, ((Parts) it).position);
        }
    }

    /** The parts of one unit, read on the first call. */
    private static final class Parts implements Iterator<IacPart> {
        private final Unit unit;
        private List<IacPart> parts;
        private int position;

        Parts(Unit unit) {
            this.unit = unit;
            this.position = unit.emitted;
        }

        private List<IacPart> parts() {
            if (parts == null) {
                List<IacPart> out = new ArrayList<>();
                Path iac = Path.of(unit.iac);
                int[] index = {0};
                int[] problems = {0};
                // A problem is a part too, so a restored split neither repeats nor loses it.
                Readers.INSTANCE.read(
                        iac,
                        new IacFolderReader.Unit(unit.folder, unit.path),
                        d -> add(d, index[0]++, out),
                        p -> out.add(IacPart.problem(unit.ordinal, problems[0]++, p)));
                parts = out;
            }
            return parts;
        }

        private void add(DeclaredResource d, int index, List<IacPart> out) {
            out.add(new IacPart(d.resource().key(), unit.ordinal, index, d, null, null));
            String[] parent = ChildRules.parentAndName(d.resource());
            if (parent != null) {
                out.add(new IacPart(
                        parent[0], unit.ordinal, index, null, d.resource().key(), parent[1]));
            }
        }

        @Override
        public boolean hasNext() {
            return position < parts().size();
        }

        @Override
        public IacPart next() {
            return parts().get(position++);
        }
    }

    private static final class UnitSerializer implements SimpleVersionedSerializer<Unit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Unit u) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            write(u, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public Unit deserialize(int version, byte[] serialized) throws IOException {
            return read(new DataInputDeserializer(serialized));
        }

        static void write(Unit u, DataOutputSerializer out) throws IOException {
            out.writeUTF(u.iac);
            out.writeInt(u.ordinal);
            out.writeUTF(u.folder);
            out.writeUTF(u.path);
            out.writeInt(u.emitted);
        }

        static Unit read(DataInputDeserializer in) throws IOException {
            return new Unit(in.readUTF(), in.readInt(), in.readUTF(), in.readUTF(), in.readInt());
        }
    }
}
