package io.driftguard.ingest.split;

import io.driftguard.ingest.split.SplitOptions.Layout;
import io.driftguard.ingest.split.SplitOptions.NonObjects;
import io.driftguard.ingest.split.SplitOptions.OnBadInput;
import io.driftguard.ingest.split.SplitOptions.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Inputs and splitters for the splitter's tests. */
final class Splits {

    /** What replay uses for a {@code .json} file. */
    static final EnvelopeSplitter REPLAY_DOCUMENT = new EnvelopeSplitter(
            new SplitOptions(Layout.DOCUMENT, Output.SLICES, OnBadInput.KEEP_PARTIAL, NonObjects.PASS_ON));
    /** What replay uses for a {@code .jsonl} file. */
    static final EnvelopeSplitter REPLAY_LINES = new EnvelopeSplitter(
            new SplitOptions(Layout.LINES, Output.SLICES, OnBadInput.KEEP_PARTIAL, NonObjects.PASS_ON));
    /** What the connectors use for a payload. */
    static final EnvelopeSplitter CONNECTOR = new EnvelopeSplitter(
            new SplitOptions(Layout.DETECT, Output.SLICES_AND_TREES, OnBadInput.ALL_OR_NOTHING, NonObjects.REJECT));
    /** Trees, keeping what can be kept. */
    static final EnvelopeSplitter TREES = new EnvelopeSplitter(SplitOptions.trees());

    private Splits() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A CloudTrail log file of {@code n} records with ids e0, e1, … */
    static String trailLog(int n) {
        StringBuilder sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(record(i));
        }
        return sb.append("]}").toString();
    }

    static String record(int i) {
        return "{\"eventID\":\"e" + i + "\",\"eventName\":\"DescribeInstances\",\"eventSource\":\"ec2.amazonaws.com\"}";
    }

    static List<String> slices(SplitResult r) {
        return r.records().stream()
                .map(x -> new String(x.bytes(), StandardCharsets.UTF_8))
                .toList();
    }

    static List<String> positions(SplitResult r) {
        return r.records().stream().map(x -> x.position().toString()).toList();
    }

    static List<String> ids(SplitResult r, String field) {
        return r.records().stream().map(x -> x.tree().path(field).asText()).toList();
    }
}
