package io.driftguard.pipeline.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.RecordTimes;
import io.driftguard.ingest.connect.RecordKeys;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.pipeline.parse.ParseFunction;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A replay folder ({@code driftguard generate}) as a live feed: every record of every file, merged
 * into one stream in event-time order exactly as the replay source merges its series, each with the
 * raw topic and the partitioning key the ingest connectors would give it ({@link RecordKeys}). Written
 * once to a file beside the folder, so the benchmark's JVM spends nothing on it while it measures.
 *
 * <p>{@link #retime} moves every timestamp of a record by the same amount, so the record's event time
 * becomes the moment it is published while the times inside it (an incident's start and resolution,
 * a Kubernetes request's two stages) keep their distances.
 */
public final class LiveFeed implements AutoCloseable {

    /** One record to publish. */
    public record Entry(String topic, String key, String cluster, long time, byte[] payload) {}

    private final DataInputStream in;

    private LiveFeed(Path file) throws IOException {
        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
    }

    /** Opens the feed of {@code folder}, writing {@code feed} first when it is not there. Returns its size. */
    public static long prepare(Path folder, Path feed) throws IOException {
        if (Files.isRegularFile(feed)) {
            try (DataInputStream d = new DataInputStream(Files.newInputStream(feed))) {
                return d.readLong();
            }
        }
        Map<String, List<ReplayFileSource.FileRef>> streams = new LinkedHashMap<>();
        for (ReplayFolder.InputFile f : new ReplayFolder(folder).inputFiles()) {
            if (f.problem() == null) {
                streams.computeIfAbsent(ReplayFileSource.streamOf(f), k -> new ArrayList<>())
                        .add(ReplayFileSource.FileRef.of(f));
            }
        }
        record Head(Iterator<RawRecord> rest, RawRecord record, long time) {}
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> Long.compare(a.time, b.time));
        for (List<ReplayFileSource.FileRef> files : streams.values()) {
            Iterator<RawRecord> it = ReplayFileReader.open(files, 0);
            if (it.hasNext()) {
                RawRecord r = it.next();
                heads.add(new Head(it, r, timeOf(r, Long.MIN_VALUE)));
            }
        }
        Path tmp = feed.resolveSibling(feed.getFileName() + ".tmp");
        long n = 0;
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeLong(0); // the count, known at the end
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                RawRecord r = h.record;
                if (!ParseFunction.UNREADABLE.equals(r.source())) {
                    String key;
                    try {
                        JsonNode tree = Json.MAPPER.readTree(r.payload());
                        key = RecordKeys.key(r.source(), tree, r.cluster());
                    } catch (IOException | RuntimeException e) {
                        key = null;
                    }
                    out.writeUTF(KafkaTopics.raw(r.source()));
                    out.writeUTF(key == null ? "" : key);
                    out.writeUTF(r.cluster() == null ? "" : r.cluster());
                    out.writeLong(h.time);
                    out.writeInt(r.payload().length);
                    out.write(r.payload());
                    n++;
                }
                if (h.rest.hasNext()) {
                    RawRecord next = h.rest.next();
                    heads.add(new Head(h.rest, next, timeOf(next, h.time)));
                }
            }
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tmp.toFile(), "rw")) {
            f.writeLong(n);
        }
        Files.move(tmp, feed, StandardCopyOption.REPLACE_EXISTING);
        return n;
    }

    private static long timeOf(RawRecord r, long previous) {
        long t = RecordTimes.of(r.source(), r.payload());
        return t == RecordTimes.UNKNOWN ? previous : t;
    }

    /** Reads a feed written by {@link #prepare}. */
    public static LiveFeed open(Path feed) throws IOException {
        LiveFeed f = new LiveFeed(feed);
        f.in.readLong();
        return f;
    }

    /** The next record, or null at the end. */
    public Entry next() throws IOException {
        try {
            String topic = in.readUTF();
            String key = in.readUTF();
            String cluster = in.readUTF();
            long time = in.readLong();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new Entry(topic, key.isEmpty() ? null : key, cluster.isEmpty() ? null : cluster, time, payload);
        } catch (EOFException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * The record with every timestamp moved by {@code shiftMillis}: ISO-8601 date-times in quotes
     * (fraction and zone as written; at least milliseconds are written, so a time written to the
     * second becomes exact to the millisecond) and epoch milliseconds (13-digit numbers of this
     * century, as Jira writes them). Dates before 1970 (Alertmanager's "0001-01-01" for "not ended")
     * are left alone.
     */
    public static byte[] retime(byte[] json, long shiftMillis) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length + 64);
        int copied = 0;
        int n = json.length;
        for (int i = 0; i < n; i++) {
            byte b = json[i];
            if (b == '"' && i + 20 < n && isIsoStart(json, i + 1)) {
                int end = isoEnd(json, i + 1);
                if (end > 0) {
                    byte[] moved = shiftIso(json, i + 1, end, shiftMillis);
                    if (moved != null) {
                        out.write(json, copied, i + 1 - copied);
                        out.writeBytes(moved);
                        copied = end;
                        i = end;
                        continue;
                    }
                }
            } else if (b == '1' && i + 13 <= n && (i == 0 || !isDigitOrQuote(json[i - 1]))) {
                int j = i;
                while (j < n && json[j] >= '0' && json[j] <= '9') {
                    j++;
                }
                if (j - i == 13 && (j == n || !isDigitOrQuote(json[j]) && json[j] != '.')) {
                    long v = Long.parseLong(new String(json, i, 13, java.nio.charset.StandardCharsets.US_ASCII));
                    if (v > 1_500_000_000_000L && v < 2_000_000_000_000L) {
                        out.write(json, copied, i - copied);
                        out.writeBytes(
                                Long.toString(v + shiftMillis).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        copied = j;
                    }
                }
                i = j - 1;
            }
        }
        if (copied == 0) {
            return json;
        }
        out.write(json, copied, n - copied);
        return out.toByteArray();
    }

    private static boolean isDigitOrQuote(byte b) {
        return (b >= '0' && b <= '9') || b == '"';
    }

    // yyyy-mm-ddThh:mm:ss
    private static boolean isIsoStart(byte[] b, int i) {
        return digits(b, i, 4)
                && b[i + 4] == '-'
                && digits(b, i + 5, 2)
                && b[i + 7] == '-'
                && digits(b, i + 8, 2)
                && b[i + 10] == 'T'
                && digits(b, i + 11, 2)
                && b[i + 13] == ':'
                && digits(b, i + 14, 2)
                && b[i + 16] == ':'
                && digits(b, i + 17, 2);
    }

    private static boolean digits(byte[] b, int from, int count) {
        for (int k = from; k < from + count; k++) {
            if (b[k] < '0' || b[k] > '9') {
                return false;
            }
        }
        return true;
    }

    /** Index of the closing quote of an ISO date-time that starts at {@code i}, or -1. */
    private static int isoEnd(byte[] b, int i) {
        int j = i + 19;
        while (j < b.length && b[j] != '"' && j - i < 40) {
            j++;
        }
        return j < b.length && b[j] == '"' ? j : -1;
    }

    /**
     * The date-time in {@code b[from, end)} moved by {@code shiftMillis}, in the same zone, with at
     * least three fraction digits; null if it is not one (or before 1970). Digits are read and
     * written directly: the feeder re-times every record while the job runs beside it.
     */
    private static byte[] shiftIso(byte[] b, int from, int end, long shiftMillis) {
        int year = number(b, from, 4);
        if (year < 1970) {
            return null;
        }
        // where the zone starts; a fixed offset moves with the time, so it is copied as written
        int z;
        if (b[end - 1] == 'Z') {
            z = end - 1;
        } else if (end - from >= 24 && (b[end - 5] == '+' || b[end - 5] == '-') && digits(b, end - 4, 4)) {
            z = end - 5; // +0000
        } else if (end - from >= 25 && (b[end - 6] == '+' || b[end - 6] == '-') && b[end - 3] == ':') {
            z = end - 6; // +00:00
        } else {
            return null;
        }
        int fractionDigits = 0;
        long nanos = 0;
        if (z > from + 19) {
            if (b[from + 19] != '.' || z - from - 20 > 9 || !digits(b, from + 20, z - from - 20)) {
                return null;
            }
            fractionDigits = z - from - 20;
            for (int k = 0; k < 9; k++) {
                nanos = nanos * 10 + (k < fractionDigits ? b[from + 20 + k] - '0' : 0);
            }
        } else if (z != from + 19) {
            return null;
        }
        java.time.LocalDateTime local;
        try {
            local = java.time.LocalDateTime.of(
                    year,
                    number(b, from + 5, 2),
                    number(b, from + 8, 2),
                    number(b, from + 11, 2),
                    number(b, from + 14, 2),
                    number(b, from + 17, 2),
                    (int) nanos);
        } catch (java.time.DateTimeException e) {
            return null;
        }
        long millis = local.toEpochSecond(java.time.ZoneOffset.UTC) * 1000 + nanos / 1_000_000 + shiftMillis;
        long subMillis = nanos % 1_000_000;
        java.time.LocalDateTime moved = java.time.LocalDateTime.ofEpochSecond(
                Math.floorDiv(millis, 1000),
                (int) (Math.floorMod(millis, 1000) * 1_000_000 + subMillis),
                java.time.ZoneOffset.UTC);
        int digitsOut = Math.max(3, fractionDigits);
        byte[] out = new byte[20 + digitsOut + (end - z)];
        put(out, 0, moved.getYear(), 4);
        out[4] = '-';
        put(out, 5, moved.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, moved.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, moved.getHour(), 2);
        out[13] = ':';
        put(out, 14, moved.getMinute(), 2);
        out[16] = ':';
        put(out, 17, moved.getSecond(), 2);
        out[19] = '.';
        long n = moved.getNano();
        for (int k = 0; k < digitsOut; k++) {
            out[20 + k] = k < 9 ? (byte) ('0' + (n / POW10[8 - k]) % 10) : (byte) '0';
        }
        System.arraycopy(b, z, out, 20 + digitsOut, end - z);
        return out;
    }

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private static int number(byte[] b, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            v = v * 10 + (b[k] - '0');
        }
        return v;
    }

    private static void put(byte[] out, int at, int value, int count) {
        for (int k = at + count - 1; k >= at; k--) {
            out[k] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
