package io.driftguard.pipeline.replay;

import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.RecordTimes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source over the files of a replay folder that hands the job its records in event-time
 * order, so the job can run on watermarks instead of holding every change to the end of the input.
 *
 * <p>Provider exports are time-partitioned: a CloudTrail file per account, region and five
 * minutes, an Azure file per hour, a GCP or Kubernetes file per day. Files of one origin in path
 * order are one <em>stream</em> in time order (the path with its date folders taken out names the
 * stream: {@code aws-cloudtrail/<account>/<region>/}, {@code gcp-audit/}, {@code k8s-audit/<cluster>/}).
 * Each stream is a split; a reader takes all of its splits at once and merges them record by
 * record, always emitting the stream whose next record is the oldest ({@link RecordTimes} reads a
 * record's time without parsing it). What is left out of order is the disorder inside one stream
 * (CloudTrail delivers an event up to about 15 minutes late), which the job's out-of-orderness
 * bound covers ({@link io.driftguard.pipeline.JobSettings#outOfOrderness()}).
 *
 * <p>Memory is one open file per stream: a JSON-lines file is read line by line
 * ({@link ReplayFileReader#fileRecords}), and the file list, made by the enumerator when the job
 * starts: each file's path once, its source and cluster shared. Splits are assigned statically,
 * balanced by bytes of JSON, when a reader registers. Checkpoints remember how many records of each stream were emitted, so a
 * restart continues there.
 */
public final class ReplayFileSource
        implements Source<RawRecord, ReplayFileSource.FileSplit, Collection<ReplayFileSource.FileSplit>> {

    private static final Pattern DATE_FOLDER = Pattern.compile("(?i)\\d{2}|\\d{4}|[ymdh]=\\d+|min=\\d+");

    /** The replay folder: the enumerator lists its files when the job starts. */
    private final String root;

    /**
     * A source over the replay folder at {@code root} (the folder that holds {@code events/}). It
     * carries the folder's path only: the enumerator lists the files when the job starts, so the job
     * graph, the coordinator and every reader task do not each hold a copy of the file list (six
     * copies of 231,078 file references with ten million records over 20 days,
     * docs/benchmarks.md).
     */
    public ReplayFileSource(Path root) {
        this.root = root.toString();
    }

    /** The splits (one per stream) of the folder's files, as the enumerator makes them. */
    public List<FileSplit> splits() {
        return splits(new ReplayFolder(Path.of(root)).inputFiles());
    }

    static List<FileSplit> splits(List<ReplayFolder.InputFile> files) {
        Map<String, List<ReplayFolder.InputFile>> streams = new TreeMap<>();
        for (ReplayFolder.InputFile f : files) {
            streams.computeIfAbsent(streamOf(f), k -> new ArrayList<>()).add(f);
        }
        List<FileSplit> s = new ArrayList<>();
        for (Map.Entry<String, List<ReplayFolder.InputFile>> e : streams.entrySet()) {
            List<ReplayFolder.InputFile> inOrder = new ArrayList<>(e.getValue());
            inOrder.sort(Comparator.comparing(f -> f.path().toString()));
            long bytes = 0;
            for (ReplayFolder.InputFile f : inOrder) {
                bytes += weight(f.path());
            }
            s.add(new FileSplit(e.getKey(), inOrder.stream().map(FileRef::of).toList(), 0, bytes));
        }
        return s;
    }

    /**
     * What reading a file costs, in bytes of JSON: its length, or for a gzip file the uncompressed
     * length its trailer states (ISIZE, modulo 4 GiB), since a CloudTrail file inflates about
     * tenfold and balancing by compressed bytes gave one reader most of the work.
     */
    static long weight(Path path) {
        long length = Math.max(1, path.toFile().length());
        if (length < 18 || !path.getFileName().toString().endsWith(".gz")) {
            return length;
        }
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            f.seek(length - 4);
            long isize =
                    (f.read() & 0xffL) | (f.read() & 0xffL) << 8 | (f.read() & 0xffL) << 16 | (f.read() & 0xffL) << 24;
            return Math.max(length, isize);
        } catch (IOException e) {
            return length; // the reader reports an unreadable file
        }
    }

    /** The stream a file belongs to: its source, cluster and folder without date folders. */
    static String streamOf(ReplayFolder.InputFile f) {
        if (f.problem() != null) {
            return "problems";
        }
        StringBuilder key =
                new StringBuilder(f.source()).append('|').append(f.cluster()).append('|');
        Path parent = f.path().getParent();
        if (parent != null) {
            for (Path part : parent) {
                if (!DATE_FOLDER.matcher(part.toString()).matches()) {
                    key.append(part).append('/');
                }
            }
        }
        return key.toString();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, FileSplit> createReader(SourceReaderContext context) {
        return new MergingReader();
    }

    @Override
    public SplitEnumerator<FileSplit, Collection<FileSplit>> createEnumerator(
            SplitEnumeratorContext<FileSplit> context) {
        return new StaticEnumerator(context, splits());
    }

    @Override
    public SplitEnumerator<FileSplit, Collection<FileSplit>> restoreEnumerator(
            SplitEnumeratorContext<FileSplit> context, Collection<FileSplit> checkpoint) {
        return new StaticEnumerator(context, checkpoint);
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
            return new FileRef(f.path().toString(), f.source().intern(), intern(f.cluster()), f.problem());
        }
    }

    /** One stream of files in time order, and how many of its records were already emitted. */
    public static final class FileSplit implements SourceSplit, java.io.Serializable {
        final String id;
        final List<FileRef> files;
        final long emitted;
        final long bytes;

        FileSplit(String id, List<FileRef> files, long emitted, long bytes) {
            this.id = id;
            this.files = List.copyOf(files);
            this.emitted = emitted;
            this.bytes = bytes;
        }

        @Override
        public String splitId() {
            return id;
        }

        public List<FileRef> files() {
            return files;
        }
    }

    /**
     * Gives each reader its share of the streams when it registers, balanced by bytes (largest
     * first to the least loaded), then tells it there are no more. A split handed back after a
     * failure goes to the same reader when it registers again.
     */
    private static final class StaticEnumerator implements SplitEnumerator<FileSplit, Collection<FileSplit>> {
        private final SplitEnumeratorContext<FileSplit> context;
        private final List<FileSplit> pending;
        private Map<String, Integer> owners;

        StaticEnumerator(SplitEnumeratorContext<FileSplit> context, Collection<FileSplit> splits) {
            this.context = context;
            this.pending = new ArrayList<>(splits);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<FileSplit> splits, int subtaskId) {
            pending.addAll(splits);
        }

        @Override
        public void addReader(int subtaskId) {
            if (owners == null) {
                owners = balance(pending, context.currentParallelism());
            }
            List<FileSplit> mine = new ArrayList<>();
            for (FileSplit f : pending) {
                if (owners.getOrDefault(f.id, 0) == subtaskId) {
                    mine.add(f);
                }
            }
            pending.removeAll(mine);
            if (!mine.isEmpty()) {
                context.assignSplits(new SplitsAssignment<>(Map.of(subtaskId, mine)));
            }
            context.signalNoMoreSplits(subtaskId);
        }

        /** Split id → reader: largest first, each to the reader with the fewest bytes so far. */
        private static Map<String, Integer> balance(List<FileSplit> splits, int readers) {
            List<FileSplit> bySize = new ArrayList<>(splits);
            bySize.sort(Comparator.comparingLong((FileSplit f) -> -f.bytes).thenComparing(f -> f.id));
            long[] load = new long[readers];
            Map<String, Integer> owners = new HashMap<>();
            for (FileSplit f : bySize) {
                int least = 0;
                for (int i = 1; i < readers; i++) {
                    if (load[i] < load[least]) {
                        least = i;
                    }
                }
                load[least] += f.bytes;
                owners.put(f.id, least);
            }
            return owners;
        }

        @Override
        public Collection<FileSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(pending);
        }

        @Override
        public void close() {}
    }

    /**
     * Emits the records of all its streams merged by event time: the stream whose next record is
     * oldest goes first. A record without a readable time keeps its stream's last time.
     */
    private static final class MergingReader implements SourceReader<RawRecord, FileSplit> {
        private final PriorityQueue<Cursor> queue = new PriorityQueue<>(
                Comparator.comparingLong((Cursor c) -> c.headTime).thenComparingLong(c -> c.order));
        private final List<Cursor> open = new ArrayList<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private boolean noMoreSplits;
        private long order;

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<RawRecord> output) {
            Cursor c = queue.poll();
            if (c == null) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            output.collect(c.head, c.headTime);
            if (c.advance()) {
                queue.add(c);
            } else {
                open.remove(c);
            }
            return !queue.isEmpty()
                    ? InputStatus.MORE_AVAILABLE
                    : noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<FileSplit> snapshotState(long checkpointId) {
            List<FileSplit> state = new ArrayList<>();
            for (Cursor c : open) {
                state.add(new FileSplit(c.split.id, c.split.files, c.emitted(), c.split.bytes));
            }
            return state;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<FileSplit> splits) {
            for (FileSplit s : splits) {
                Cursor c = new Cursor(s, order++);
                if (c.advance()) {
                    queue.add(c);
                    open.add(c);
                }
            }
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void close() {}
    }

    /** One stream being read: its next record and that record's time. */
    private static final class Cursor {
        final FileSplit split;
        final long order;
        final ReplayFileReader.RecordIterator records;
        RawRecord head;
        long headTime = Long.MIN_VALUE;

        Cursor(FileSplit split, long order) {
            this.split = split;
            this.order = order;
            this.records = ReplayFileReader.openReducing(split.files, split.emitted);
        }

        boolean advance() {
            if (!records.hasNext()) {
                head = null;
                return false;
            }
            head = records.next();
            long t = RecordTimes.of(
                    head.source(),
                    head.payload(),
                    head.reduced() == null ? null : head.reduced().tree());
            if (t != RecordTimes.UNKNOWN) {
                headTime = t;
            }
            return true;
        }

        /** Records handed to the job: the head is read but not yet emitted. */
        long emitted() {
            return records.emitted() - (head == null ? 0 : 1);
        }
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<FileSplit> {
        @Override
        public int getVersion() {
            return 2;
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
            return 2;
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
        out.writeLong(s.bytes);
    }

    private static FileSplit read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        int n = in.readInt();
        List<FileRef> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // a stream's files share their source and cluster: one string each, not one per file
            files.add(new FileRef(in.readUTF(), in.readUTF().intern(), intern(readNullable(in)), readNullable(in)));
        }
        return new FileSplit(id, files, in.readLong(), in.readLong());
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
