package io.driftguard.pipeline.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.driftguard.ingest.RawRecord;
import io.driftguard.pipeline.parse.ParseFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one replay file into native records, each the exact bytes the provider wrote.
 *
 * <p>Records are cut out of the file rather than parsed and re-serialised: a document's records
 * array ({@code Records}, {@code records}, {@code items}) is walked with Jackson's tokenizer and
 * {@code skipChildren()}, which is several times cheaper than building trees, and JSON lines are
 * cut at newlines. The parse operator then parses each record exactly once. (The ingest module's
 * {@code RecordSplitter} serves transports that need trees; replay is where throughput counts.)
 *
 * <p>Nothing throws: an unreadable file, malformed JSON or truncated gzip becomes a record of source
 * {@link ParseFunction#UNREADABLE} whose payload is the reason, after the good records before it.
 */
final class RecordFiles {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> RECORD_ARRAYS = Set.of("Records", "records", "items");

    private RecordFiles() {}

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
        } else {
            read(path, f.source(), f.cluster(), records);
        }
        return records;
    }

    private static void read(Path path, String source, String cluster, List<RawRecord> out) {
        String file = path.toString();
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            out.add(unreadable(file, source, "cannot read file: " + e.getMessage()));
            return;
        }
        String truncated = null;
        if (data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
            ByteArrayOutputStream inflated = new ByteArrayOutputStream(data.length * 8);
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 1 << 16)) {
                in.transferTo(inflated);
            } catch (EOFException | ZipException e) {
                truncated = "truncated or corrupt gzip data: " + e.getMessage();
            } catch (IOException e) {
                truncated = "cannot decompress: " + e.getMessage();
            }
            data = inflated.toByteArray();
        }
        int first = firstNonBlank(data, 0);
        if (first < 0) {
            if (truncated != null) {
                out.add(unreadable(file, source, truncated));
            }
            return; // an empty file holds no records
        }
        if (isJsonLines(path)) {
            lines(file, source, cluster, data, out);
        } else {
            document(file, source, cluster, data, out);
        }
        if (truncated != null) {
            out.add(unreadable(file, source, truncated + "; the " + out.size() + " records before it were kept"));
        }
    }

    /** JSON lines by name, so rejections can name the line; other files are read as documents. */
    private static boolean isJsonLines(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz") || name.endsWith(".ndjson");
    }

    private static void lines(String file, String source, String cluster, byte[] data, List<RawRecord> out) {
        int line = 0;
        int start = 0;
        while (start < data.length) {
            int end = start;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            line++;
            int s = start;
            int e = end;
            while (s < e && isBlank(data[s])) {
                s++;
            }
            while (e > s && isBlank(data[e - 1])) {
                e--;
            }
            if (e > s) {
                out.add(new RawRecord(source, file + ":" + line, Arrays.copyOfRange(data, s, e), cluster));
            }
            start = end + 1;
        }
    }

    /**
     * A document is one or more root values: a records wrapper, a bare array of records, or a single
     * record; several root values one after another (an Azure storage export, which is JSON lines in a
     * {@code .json} file) are read in turn.
     */
    private static void document(String file, String source, String cluster, byte[] data, List<RawRecord> out) {
        int index = 0;
        try (JsonParser p = JSON.createParser(data)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    index = elements(p, file, source, cluster, data, out, index);
                } else if (t == JsonToken.START_OBJECT) {
                    index = object(p, file, source, cluster, data, out, index);
                } else {
                    out.add(unreadable(file + "#" + index, source, "not a JSON object or array (found " + t + ")"));
                    return;
                }
            }
        } catch (IOException e) {
            out.add(unreadable(file + "#" + index, source, "malformed JSON: " + e.getMessage().split("\n")[0]
                    + (index > 0 ? "; the " + index + " records before it were kept" : "")));
        }
    }

    /** A records wrapper yields its elements; any other object is itself one record. */
    private static int object(JsonParser p, String file, String source, String cluster, byte[] data,
            List<RawRecord> out, int index) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        boolean wrapper = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!wrapper && value == JsonToken.START_ARRAY && RECORD_ARRAYS.contains(name)) {
                wrapper = true;
                index = elements(p, file, source, cluster, data, out, index);
            } else {
                p.skipChildren();
            }
        }
        if (t == null) {
            throw new EOFException("unexpected end of input inside an object");
        }
        if (!wrapper) {
            int end = (int) p.currentLocation().getByteOffset();
            out.add(new RawRecord(source, file + "#" + index, Arrays.copyOfRange(data, start, end), cluster));
            index++;
        }
        return index;
    }

    private static int elements(JsonParser p, String file, String source, String cluster, byte[] data,
            List<RawRecord> out, int index) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new EOFException("unexpected end of input inside the records array");
            }
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            int end = (int) p.currentLocation().getByteOffset();
            out.add(new RawRecord(source, file + "#" + index, Arrays.copyOfRange(data, start, end), cluster));
            index++;
        }
        return index;
    }

    private static RawRecord unreadable(String origin, String source, String reason) {
        return new RawRecord(ParseFunction.UNREADABLE, origin, (source + ": " + reason).getBytes(StandardCharsets.UTF_8), null);
    }

    private static int firstNonBlank(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (!isBlank(data[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
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
