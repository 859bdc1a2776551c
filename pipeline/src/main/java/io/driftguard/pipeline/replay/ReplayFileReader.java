package io.driftguard.pipeline.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.ingest.RawRecord;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private ReplayFileReader() {}

    /** An iterator that knows how many records it has handed out, for checkpoints. */
    interface RecordIterator extends Iterator<RawRecord> {
        long emitted();
    }

    /** The records of {@code files} in order, skipping the first {@code skip} (a restored checkpoint). */
    static RecordIterator open(List<ReplayFileSource.FileRef> files, long skip) {
        return new FilesIterator(files, skip);
    }

    /** All records of one file, including the unreadable markers for its problems. */
    static List<RawRecord> records(ReplayFileSource.FileRef f) {
        List<RawRecord> records = new ArrayList<>();
        Path path = Path.of(f.path());
        if (f.problem() != null) {
            if (!path.getFileName().toString().startsWith(".")) {
                records.add(unreadable(f.path(), f.source(), f.problem()));
            }
            return records;
        }
        String file = path.toString();
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            records.add(unreadable(file, f.source(), "cannot read file: " + e.getMessage()));
            return records;
        }
        EnvelopeSplitter splitter =
                Layout.ofFileName(path.getFileName().toString()) == Layout.LINES ? LINES : DOCUMENTS;
        splitter.split(data, new RecordSink() {
            @Override
            public void record(Position position, byte[] bytes, JsonNode tree) {
                records.add(new RawRecord(f.source(), position.after(file), bytes, f.cluster()));
            }

            @Override
            public void rejected(Rejection r) {
                records.add(unreadable(r.position().after(file), f.source(), r.reason()));
            }
        });
        return records;
    }

    private static RawRecord unreadable(String origin, String source, String reason) {
        return new RawRecord(
                ParseFunction.UNREADABLE, origin, (source + ": " + reason).getBytes(StandardCharsets.UTF_8), null);
    }

    /** Reads one file at a time, so a split's memory is its largest file, not all of them. */
    private static final class FilesIterator implements RecordIterator {
        private final List<ReplayFileSource.FileRef> files;
        private int nextFile;
        private List<RawRecord> current = List.of();
        private int position;
        private long emitted;

        FilesIterator(List<ReplayFileSource.FileRef> files, long skip) {
            this.files = files;
            while (emitted < skip && hasNext()) {
                position++;
                emitted++;
            }
        }

        @Override
        public boolean hasNext() {
            while (position >= current.size()) {
                if (nextFile >= files.size()) {
                    return false;
                }
                current = records(files.get(nextFile++));
                position = 0;
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
            return current.get(position++);
        }

        @Override
        public long emitted() {
            return emitted;
        }
    }
}
