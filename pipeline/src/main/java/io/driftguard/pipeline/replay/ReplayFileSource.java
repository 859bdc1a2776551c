package io.driftguard.pipeline.replay;

import io.driftguard.ingest.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source over the files of a replay folder: one split per file, each read as a stream of
 * native records ({@link RecordFiles}). Checkpoints remember how many records of a file were
 * emitted, so a restart continues where it stopped.
 */
public final class ReplayFileSource implements Source<RawRecord, ReplayFileSource.FileSplit, Collection<ReplayFileSource.FileSplit>> {

    private final List<FileSplit> splits;

    public ReplayFileSource(List<ReplayFolder.InputFile> files) {
        List<FileSplit> s = new ArrayList<>();
        for (ReplayFolder.InputFile f : files) {
            s.add(new FileSplit(f.path().toString(), f.source(), f.cluster(), f.problem(), 0));
        }
        this.splits = s;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, FileSplit> createReader(SourceReaderContext context) {
        return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<FileSplit, Collection<FileSplit>> createEnumerator(SplitEnumeratorContext<FileSplit> context) {
        return new IteratorSourceEnumerator<>(context, splits);
    }

    @Override
    public SplitEnumerator<FileSplit, Collection<FileSplit>> restoreEnumerator(
            SplitEnumeratorContext<FileSplit> context, Collection<FileSplit> checkpoint) {
        return new IteratorSourceEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<FileSplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<FileSplit>> getEnumeratorCheckpointSerializer() {
        return new CheckpointSerializer();
    }

    /** One file, and how many of its records were already emitted. */
    public static final class FileSplit implements IteratorSourceSplit<RawRecord, RecordFiles.RecordIterator>, java.io.Serializable {
        final String path;
        final String source;
        final String cluster;
        final String problem;
        final long emitted;
        private transient RecordFiles.RecordIterator iterator;

        FileSplit(String path, String source, String cluster, String problem, long emitted) {
            this.path = path;
            this.source = source;
            this.cluster = cluster;
            this.problem = problem;
            this.emitted = emitted;
        }

        @Override
        public String splitId() {
            return path;
        }

        @Override
        public RecordFiles.RecordIterator getIterator() {
            if (iterator == null) {
                iterator = RecordFiles.open(Path.of(path), source, cluster, problem, emitted);
            }
            return iterator;
        }

        @Override
        public IteratorSourceSplit<RawRecord, RecordFiles.RecordIterator> getUpdatedSplitForIterator(RecordFiles.RecordIterator it) {
            return new FileSplit(path, source, cluster, problem, it.emitted());
        }
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<FileSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(FileSplit s) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, s);
            }
            return bytes.toByteArray();
        }

        @Override
        public FileSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in);
            }
        }
    }

    private static final class CheckpointSerializer implements SimpleVersionedSerializer<Collection<FileSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Collection<FileSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (FileSplit s : splits) {
                    write(out, s);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public Collection<FileSplit> deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<FileSplit> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(read(in));
                }
                return out;
            }
        }
    }

    private static void write(DataOutputStream out, FileSplit s) throws IOException {
        out.writeUTF(s.path);
        out.writeUTF(s.source);
        writeNullable(out, s.cluster);
        writeNullable(out, s.problem);
        out.writeLong(s.emitted);
    }

    private static FileSplit read(DataInputStream in) throws IOException {
        return new FileSplit(in.readUTF(), in.readUTF(), readNullable(in), readNullable(in), in.readLong());
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

}
