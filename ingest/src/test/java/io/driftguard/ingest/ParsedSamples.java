package io.driftguard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.ingest.split.EnvelopeSplitter;
import io.driftguard.ingest.split.Rejection;
import io.driftguard.ingest.split.SplitOptions;
import io.driftguard.ingest.split.SplitRecord;
import io.driftguard.ingest.split.SplitResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A sample file (found with {@link io.driftguard.testkit.Samples}) split into records and parsed by
 * the real parsers, and the parse results sorted by kind.
 */
public final class ParsedSamples {

    public static final ParserRegistry REGISTRY = ParserRegistry.defaults();
    private static final EnvelopeSplitter SPLITTER = new EnvelopeSplitter(SplitOptions.trees());

    private ParsedSamples() {}

    /** Splits the file, then parses every record with the source's parser. */
    public static List<ParsedRecord> parse(Path file, String source, String cluster) {
        return parse(file, node -> source, Function.identity(), cluster);
    }

    public static List<ParsedRecord> parse(Path file, Function<JsonNode, String> sourceOf) {
        return parse(file, sourceOf, Function.identity(), null);
    }

    /**
     * @param sourceOf picks the parser per record (a folder may mix CloudTrail records and
     *     EventBridge events)
     * @param wrap turns a sample into the replay line shape where the sample is only the payload
     */
    public static List<ParsedRecord> parse(
            Path file, Function<JsonNode, String> sourceOf, Function<JsonNode, JsonNode> wrap, String cluster) {
        List<ParsedRecord> out = new ArrayList<>();
        SplitResult split;
        try (InputStream in = Files.newInputStream(file)) {
            split = SPLITTER.split(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Rejection r : split.rejections()) {
            out.add(new ParsedRecord.Rejected(r.reason()));
        }
        for (SplitRecord r : split.records()) {
            JsonNode rec = wrap.apply(r.tree());
            out.addAll(REGISTRY.parse(sourceOf.apply(rec), rec, cluster));
        }
        return out;
    }

    public static List<AuditEvent> audits(List<ParsedRecord> results) {
        return results.stream()
                .filter(r -> r instanceof ParsedRecord.Audit)
                .map(r -> ((ParsedRecord.Audit) r).event())
                .toList();
    }

    public static List<ContextEvent> contexts(List<ParsedRecord> results) {
        return results.stream()
                .filter(r -> r instanceof ParsedRecord.Context)
                .map(r -> ((ParsedRecord.Context) r).event())
                .toList();
    }

    public static List<String> reasons(List<ParsedRecord> results) {
        List<String> out = new ArrayList<>();
        for (ParsedRecord r : results) {
            if (r instanceof ParsedRecord.Rejected rej) {
                out.add("rejected: " + rej.reason());
            } else if (r instanceof ParsedRecord.Skipped s) {
                out.add("skipped: " + s.reason());
            }
        }
        return out;
    }
}
