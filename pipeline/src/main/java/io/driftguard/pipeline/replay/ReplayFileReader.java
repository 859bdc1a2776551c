package io.driftguard.pipeline.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.ParserRegistry;
import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.ReadScan;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.split.EnvelopeSplitter;
import io.driftguard.ingest.split.Position;
import io.driftguard.ingest.split.RecordSink;
import io.driftguard.ingest.split.Rejection;
import io.driftguard.ingest.split.SplitOptions;
import io.driftguard.ingest.split.SplitOptions.Layout;
import io.driftguard.ingest.split.SplitOptions.NonObjects;
import io.driftguard.ingest.split.SplitOptions.OnBadInput;
import io.driftguard.ingest.split.SplitOptions.Output;
import io.driftguard.pipeline.parse.ParseFunction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the files of a replay split into native records, each the exact bytes the provider wrote,
 * through the {@link EnvelopeSplitter}: byte slices, so the parse operator parses each record exactly
 * once; JSON lines by file name, so rejections name the line; the good records of a damaged file kept.
 *
 * <p>Nothing throws: an unreadable file, malformed JSON or truncated gzip becomes a record of source
 * {@link ParseFunction#UNREADABLE} whose payload is the reason, after the good records before it.
 */
final class ReplayFileReader {

    private static final EnvelopeSplitter LINES = new EnvelopeSplitter(
            new SplitOptions(Layout.LINES, Output.SLICES, OnBadInput.KEEP_PARTIAL, NonObjects.PASS_ON));
    private static final EnvelopeSplitter DOCUMENTS = new EnvelopeSplitter(
            new SplitOptions(Layout.DOCUMENT, Output.SLICES, OnBadInput.KEEP_PARTIAL, NonObjects.PASS_ON));

    private static final ParserRegistry PARSERS = ParserRegistry.defaults();

    private ReplayFileReader() {}

    /** An iterator that knows how many records it has handed out, for checkpoints. */
    interface RecordIterator extends Iterator<RawRecord> {
        long emitted();
    }

    /** The records of {@code files} in order, skipping the first {@code skip} (a restored checkpoint). */
    static RecordIterator open(List<ReplayFileSource.FileRef> files, long skip) {
        return new FilesIterator(files, skip, false);
    }

    /**
     * Like {@link #open(List, long)}, for the replay source: the records of CloudTrail and Azure files
     * come with their reduced trees, a batch cut one record at a time as it is asked for
     * ({@link #records(ReplayFileSource.FileRef, boolean)}).
     */
    static RecordIterator openReducing(List<ReplayFileSource.FileRef> files, long skip) {
        return new FilesIterator(files, skip, true);
    }

    /** All records of one file, including the unreadable markers for its problems. */
    static List<RawRecord> records(ReplayFileSource.FileRef f) {
        List<RawRecord> out = new ArrayList<>();
        records(f, false).forEachRemaining(out::add);
        return out;
    }

    /**
     * Collects a file's records, each with its reduced tree when {@code fields} is given (the
     * splitter reduced it to them), and its problems as unreadable markers.
     */
    private static RecordSink into(
            List<RawRecord> records, ReplayFileSource.FileRef f, String file, ReadScan.Fields fields) {
        return new RecordSink() {
            @Override
            public void record(Position position, byte[] bytes, JsonNode tree) {
                records.add(new RawRecord(
                        f.source(),
                        position.after(file),
                        bytes,
                        f.cluster(),
                        fields == null ? null : new ReadScan.Reduced(fields, (ObjectNode) tree)));
            }

            @Override
            public void rejected(Rejection r) {
                records.add(unreadable(r.position().after(file), f.source(), r.reason()));
            }
        };
    }

    /**
     * All records of one file. With {@code reduce}, the records of a document whose parser makes
     * reads from a reduced tree (CloudTrail, Azure: {@code RecordParser.readFields}) carry that tree,
     * made in the pass that splits the file, so the parse operator does not tokenize them again, and a
     * batch is cut one record at a time as they are asked for ({@link BatchRecords}). A file the
     * reducing pass cannot read through is split again without it: its records, positions and
     * problems are exactly those of a plain split.
     */
    private static Iterator<RawRecord> records(ReplayFileSource.FileRef f, boolean reduce) {
        Path path = Path.of(f.path());
        if (f.problem() != null) {
            List<RawRecord> records = new ArrayList<>();
            if (!path.getFileName().toString().startsWith(".")) {
                records.add(unreadable(f.path(), f.source(), f.problem()));
            }
            return records.iterator();
        }
        String file = path.toString();
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            return List.of(unreadable(file, f.source(), "cannot read file: " + e.getMessage()))
                    .iterator();
        }
        EnvelopeSplitter splitter =
                Layout.ofFileName(path.getFileName().toString()) == Layout.LINES ? LINES : DOCUMENTS;
        ReadScan.Fields fields = reduce && splitter == DOCUMENTS
                ? PARSERS.parser(f.source()).map(RecordParser::readFields).orElse(null)
                : null;
        if (fields != null) {
            EnvelopeSplitter.ReducingBatch batch = DOCUMENTS.reducingBatch(data, fields);
            if (batch != null) {
                return new BatchRecords(f, file, data, fields, batch);
            }
        }
        return whole(f, file, data, splitter, fields).iterator();
    }

    /** A file's records split at once: reduced to {@code fields} when given and the file allows, else plainly. */
    private static List<RawRecord> whole(
            ReplayFileSource.FileRef f, String file, byte[] data, EnvelopeSplitter splitter, ReadScan.Fields fields) {
        List<RawRecord> records = new ArrayList<>();
        if (fields != null) {
            try {
                DOCUMENTS.splitReducing(data, into(records, f, file, fields), fields);
                return records;
            } catch (EnvelopeSplitter.ReduceFailed e) {
                records.clear();
            }
        }
        splitter.split(data, into(records, f, file, null));
        return records;
    }

    /**
     * A batch document's records cut one at a time as they are asked for, each reduced in the same
     * moment ({@link EnvelopeSplitter#reducingBatch}), so the time merge and the parser meet a record
     * whose bytes and tree are still in the processor's cache (split whole first, a 500-record
     * CloudTrail file had left it before its first record was parsed), and a stream holds one record
     * of its open file instead of all of them. Where the file turns out not to be a clean batch, the
     * rest comes from the file split whole ({@link #whole}), past the records already handed out.
     */
    private static final class BatchRecords implements Iterator<RawRecord>, RecordSink {
        private final ReplayFileSource.FileRef f;
        private final String file;
        private final byte[] data;
        private final ReadScan.Fields fields;
        private final EnvelopeSplitter.ReducingBatch batch;
        private RawRecord ahead;
        /** After a fallback: the file split whole, past the records handed out. */
        private Iterator<RawRecord> rest;

        BatchRecords(
                ReplayFileSource.FileRef f,
                String file,
                byte[] data,
                ReadScan.Fields fields,
                EnvelopeSplitter.ReducingBatch batch) {
            this.f = f;
            this.file = file;
            this.data = data;
            this.fields = fields;
            this.batch = batch;
        }

        @Override
        public boolean hasNext() {
            if (rest != null) {
                return rest.hasNext();
            }
            if (ahead != null) {
                return true;
            }
            try {
                return batch.next(this);
            } catch (EnvelopeSplitter.ReduceFailed e) {
                rest = whole(f, file, data, DOCUMENTS, fields).iterator();
                for (long i = 0; i < batch.delivered() && rest.hasNext(); i++) {
                    rest.next();
                }
                return rest.hasNext();
            }
        }

        @Override
        public RawRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (rest != null) {
                return rest.next();
            }
            RawRecord r = ahead;
            ahead = null;
            return r;
        }

        @Override
        public void record(Position position, byte[] bytes, JsonNode tree) {
            ahead = new RawRecord(
                    f.source(), position.after(file), bytes, f.cluster(), new ReadScan.Reduced(fields, (ObjectNode)
                            tree));
        }

        @Override
        public void rejected(Rejection r) {
            throw new IllegalStateException("a reducing batch delivers records only: " + r);
        }
    }

    private static RawRecord unreadable(String origin, String source, String reason) {
        return new RawRecord(
                ParseFunction.UNREADABLE, origin, (source + ": " + reason).getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * The records of one file, one at a time: a JSON-lines file (the big daily exports) is read line
     * by line, so memory holds one line, not the file; a document (a CloudTrail or Azure file of a
     * few minutes) is read whole.
     */
    static Iterator<RawRecord> fileRecords(ReplayFileSource.FileRef f) {
        return fileRecords(f, false);
    }

    /**
     * {@link #fileRecords(ReplayFileSource.FileRef)}, each record with its reduced tree where its
     * parser makes reads from one: documents reduced in the pass that splits them, lines as they are
     * read (so the time merge reads a record's time from its tree, and the parse operator does not
     * scan it again).
     */
    static Iterator<RawRecord> fileRecords(ReplayFileSource.FileRef f, boolean reduce) {
        Path path = Path.of(f.path());
        if (f.problem() == null && Layout.ofFileName(path.getFileName().toString()) == Layout.LINES && !isGzip(path)) {
            try {
                ReadScan.Fields fields = reduce
                        ? PARSERS.parser(f.source())
                                .map(RecordParser::readFields)
                                .orElse(null)
                        : null;
                return new LineRecords(f, Files.newInputStream(path), fields);
            } catch (IOException e) {
                return List.of(unreadable(f.path(), f.source(), "cannot read file: " + e.getMessage()))
                        .iterator();
            }
        }
        return records(f, reduce);
    }

    private static boolean isGzip(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return false; // reading it whole reports the problem
        }
    }

    /**
     * A JSON-lines file streamed: each line goes through the same splitter as a whole file would,
     * and its positions are renumbered to the line's place in the file, so origins and rejections
     * read exactly as they do for a file split at once.
     */
    private static final class LineRecords implements Iterator<RawRecord> {
        private final ReplayFileSource.FileRef file;
        private final InputStream in;
        private final ArrayDeque<RawRecord> ready = new ArrayDeque<>();
        private final byte[] buffer = new byte[1 << 20];
        private int pos;
        private int limit;
        private byte[] line = new byte[1 << 16];
        private long lineNumber;
        private boolean done;
        /** Each record is reduced to these fields as it is read; null: not reduced. */
        private final ReadScan.Fields fields;

        LineRecords(ReplayFileSource.FileRef file, InputStream in, ReadScan.Fields fields) {
            this.file = file;
            this.in = in;
            this.fields = fields;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !done) {
                readLine();
            }
            return !ready.isEmpty();
        }

        @Override
        public RawRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        /** The next line's bytes into {@code line[0..n)}, scanning a 1 MiB buffer (not byte by byte). */
        private void readLine() {
            int n = 0;
            try {
                while (true) {
                    if (pos == limit) {
                        limit = in.read(buffer, 0, buffer.length);
                        pos = 0;
                        if (limit <= 0) {
                            limit = 0;
                            done = true;
                            in.close();
                            break;
                        }
                    }
                    int end = pos;
                    while (end < limit && buffer[end] != '\n') {
                        end++;
                    }
                    int len = end - pos;
                    if (n + len > line.length) {
                        line = Arrays.copyOf(line, Math.max(line.length * 2, n + len));
                    }
                    System.arraycopy(buffer, pos, line, n, len);
                    n += len;
                    pos = end;
                    if (end < limit) {
                        pos++; // past the newline
                        break;
                    }
                }
            } catch (IOException e) {
                done = true;
                ready.add(unreadable(file.path(), file.source(), "cannot read file: " + e.getMessage()));
                return;
            }
            if (n == 0 && done) {
                return;
            }
            long number = ++lineNumber;
            if (isBlank(line, n)) {
                return;
            }
            LINES.split(Arrays.copyOf(line, n), new RecordSink() {
                @Override
                public void record(Position position, byte[] bytes, JsonNode tree) {
                    ready.add(new RawRecord(
                            file.source(),
                            at(position, number).after(file.path()),
                            bytes,
                            file.cluster(),
                            fields == null ? null : new ReadScan.Reduced(fields, ReadScan.reduce(bytes, fields))));
                }

                @Override
                public void rejected(Rejection r) {
                    ready.add(unreadable(at(r.position(), number).after(file.path()), file.source(), r.reason()));
                }
            });
        }

        private static Position at(Position p, long number) {
            return p.line() > 0 ? new Position(number, p.index()) : p;
        }

        private static boolean isBlank(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads one file at a time, so a split's memory is one file (one line of a JSON-lines file). */
    private static final class FilesIterator implements RecordIterator {
        private final List<ReplayFileSource.FileRef> files;
        private int nextFile;
        private Iterator<RawRecord> current = java.util.Collections.emptyIterator();
        private long emitted;
        private final boolean reduce;

        FilesIterator(List<ReplayFileSource.FileRef> files, long skip, boolean reduce) {
            this.files = files;
            this.reduce = reduce;
            while (emitted < skip && hasNext()) {
                current.next();
                emitted++;
            }
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (nextFile >= files.size()) {
                    return false;
                }
                current = fileRecords(files.get(nextFile++), reduce);
            }
            return true;
        }

        @Override
        public RawRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ReplayProgress.RECORDS_READ.incrementAndGet();
            emitted++;
            return current.next();
        }

        @Override
        public long emitted() {
            return emitted;
        }
    }
}
