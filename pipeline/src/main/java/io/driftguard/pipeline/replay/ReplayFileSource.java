package io.driftguard.pipeline.replay;

import io.driftguard.ingest.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
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
 * A bounded source over the files of a replay folder, each read as a stream of native records
 * ({@link ReplayFileReader}). Files are grouped into {@link #SPLITS} splits of about equal size: a reader
 * asks the enumerator for its next split only when one is done, and with one split per file
 * (CloudTrail writes thousands of small files) those round trips, not parsing, set the pace.
 * Checkpoints remember how many records of a split were emitted, so a restart continues there.
 */
public final class ReplayFileSource
        implements Source<RawRecord, ReplayFileSource.FileSplit, Collection<ReplayFileSource.FileSplit>> {

    static final int SPLITS = 16;

    private final List<FileSplit> splits;

    public ReplayFileSource(List<ReplayFolder.InputFile> files) {
        List<List<ReplayFolder.InputFile>> groups = new ArrayList<>();
        long[] sizes = new long[Math.min(SPLITS, Math.max(1, files.size()))];
        for (int i = 0; i < sizes.length; i++) {
            groups.add(new ArrayList<>());
        }
        for (ReplayFolder.InputFile f : files) {
            int smallest = 0;
            for (int i = 1; i < sizes.length; i++) {
                if (sizes[i] < sizes[smallest]) {
                    smallest = i;
                }
            }
            groups.get(smallest).add(f);
            sizes[smallest] += Math.max(1, f.path().toFile().length());
        }
        List<FileSplit> s = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (!groups.get(i).isEmpty()) {
                s.add(new FileSplit(
                        "files-" + i, groups.get(i).stream().map(FileRef::of).toList(), 0));
            }
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
    public SplitEnumerator<FileSplit, Collection<FileSplit>> createEnumerator(
            SplitEnumeratorContext<FileSplit> context) {
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

    /** A file to read, in a form that travels inside the job graph and checkpoints. */
    public record FileRef(String path, String source, String cluster, String problem) implements java.io.Serializable {
        static FileRef of(ReplayFolder.InputFile f) {
            return new FileRef(f.path().toString(), f.source(), f.cluster(), f.problem());
        }
    }

    /** A group of files, and how many of their records were already emitted. */
    public static final class FileSplit
            implements IteratorSourceSplit<RawRecord, ReplayFileReader.RecordIterator>, java.io.Serializable {
        final String id;
        final List<FileRef> files;
        final long emitted;
        private transient ReplayFileReader.RecordIterator iterator;

        FileSplit(String id, List<FileRef> files, long emitted) {
            this.id = id;
            this.files = List.copyOf(files);
            this.emitted = emitted;
        }

        @Override
        public String splitId() {
            return id;
        }

        @Override
        public ReplayFileReader.RecordIterator getIterator() {
            if (iterator == null) {
                iterator = ReplayFileReader.open(files, emitted);
            }
            return iterator;
        }

        @Override
        public IteratorSourceSplit<RawRecord, ReplayFileReader.RecordIterator> getUpdatedSplitForIterator(
                ReplayFileReader.RecordIterator it) {
            return new FileSplit(id, files, it.emitted());
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
        out.writeUTF(s.id);
        out.writeInt(s.files.size());
        for (FileRef f : s.files) {
            out.writeUTF(f.path());
            out.writeUTF(f.source());
            writeNullable(out, f.cluster());
            writeNullable(out, f.problem());
        }
        out.writeLong(s.emitted);
    }

    private static FileSplit read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        int n = in.readInt();
        List<FileRef> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(new FileRef(in.readUTF(), in.readUTF(), readNullable(in), readNullable(in)));
        }
        return new FileSplit(id, files, in.readLong());
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
