package io.driftguard.ingest.split;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Gzip recognised by its magic bytes, never by a file name (S3 objects and payloads have none). */
final class Gzip {

    /** What came out of a gzip stream: the first {@code length} bytes of {@code bytes}. */
    record Inflated(byte[] bytes, int length, String problem) {}

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Gzip() {}

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    static boolean isGzip(int b1, int b2) {
        return b1 == 0x1f && b2 == 0x8b;
    }

    static String problem(IOException e) {
        return e instanceof EOFException || e instanceof ZipException
                ? "truncated or corrupt gzip data: " + e.getMessage()
                : "cannot decompress: " + e.getMessage();
    }

    /**
     * Decompresses all of {@code data} that can be decompressed. The buffer is sized from the gzip
     * trailer, so a whole file is inflated into one array without copies; what was read before a
     * truncation or corruption is kept, with the problem.
     */
    static Inflated inflate(byte[] data) {
        byte[] buf = new byte[initialSize(data)];
        int n = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 1 << 16)) {
            while (true) {
                if (n == buf.length) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, grow(buf.length));
                    buf[n++] = (byte) b;
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new Inflated(buf, n, null);
        } catch (IOException e) {
            return new Inflated(buf, n, problem(e));
        }
    }

    // ISIZE, the last four bytes, is the uncompressed size modulo 2^32 of the last member; a
    // truncated file ends in arbitrary bytes, hence the bound.
    private static int initialSize(byte[] data) {
        int n = data.length;
        if (n < 4) {
            return 0;
        }
        long isize = (data[n - 4] & 0xffL)
                | (data[n - 3] & 0xffL) << 8
                | (data[n - 2] & 0xffL) << 16
                | (data[n - 1] & 0xffL) << 24;
        long bound = Math.min(MAX_ARRAY, 64L * n + 8192);
        return (int) (isize > 0 && isize <= bound ? isize : Math.min(bound, 8L * n + 8192));
    }

    private static int grow(int length) {
        return (int) Math.min(MAX_ARRAY, Math.max(8192, 2L * length));
    }
}
