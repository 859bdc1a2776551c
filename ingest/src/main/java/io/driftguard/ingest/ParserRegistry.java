package io.driftguard.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.alertmanager.AlertmanagerParser;
import io.driftguard.ingest.azure.AzureActivityParser;
import io.driftguard.ingest.cloudtrail.CloudTrailParser;
import io.driftguard.ingest.cloudtrail.EventBridgeParser;
import io.driftguard.ingest.gcp.GcpAuditParser;
import io.driftguard.ingest.git.GitPushParser;
import io.driftguard.ingest.guardduty.GuardDutyParser;
import io.driftguard.ingest.jira.JiraParser;
import io.driftguard.ingest.kubernetes.KubernetesAuditParser;
import io.driftguard.ingest.pagerduty.PagerDutyParser;
import io.driftguard.ingest.reconcile.ReconcileScanParser;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Input name → parser, and the single entry point the job and the connectors call: raw bytes in,
 * parsed results out. Never throws for bad input; every problem comes back as
 * {@link ParsedRecord.Rejected} with a reason. Immutable and thread-safe.
 */
public final class ParserRegistry {

    // A record is one JSON value: "{...}{...}" is two records run together, not one.
    private static final ObjectReader READER =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, RecordParser> parsers;

    public ParserRegistry(Collection<? extends RecordParser> parsers) {
        Map<String, RecordParser> m = new LinkedHashMap<>();
        for (RecordParser p : parsers) {
            if (m.put(p.source(), p) != null) {
                throw new IllegalArgumentException("two parsers for source " + p.source());
            }
        }
        this.parsers = Map.copyOf(m);
    }

    /** Every built-in parser, one per name in {@link Sources#ALL}. */
    public static ParserRegistry defaults() {
        return new ParserRegistry(List.of(
                new CloudTrailParser(),
                new EventBridgeParser(),
                new GcpAuditParser(),
                new AzureActivityParser(),
                new KubernetesAuditParser(),
                new GitPushParser(GitPushParser.Forge.GITHUB),
                new GitPushParser(GitPushParser.Forge.GITLAB),
                new PagerDutyParser(),
                new JiraParser(),
                new AlertmanagerParser(),
                new GuardDutyParser(),
                new ReconcileScanParser()));
    }

    public Optional<RecordParser> parser(String source) {
        return Optional.ofNullable(parsers.get(source));
    }

    public Set<String> sources() {
        return parsers.keySet();
    }

    /** Reads the record's bytes as JSON and dispatches on its source. */
    public List<ParsedRecord> parse(RawRecord raw) {
        if (raw == null || raw.payload() == null || raw.payload().length == 0) {
            return ParsedRecord.rejected("empty payload");
        }
        RecordParser parser = parsers.get(raw.source());
        if (parser == null) {
            return ParsedRecord.rejected("unknown source '" + raw.source() + "'");
        }
        JsonNode node;
        try {
            node = READER.readTree(raw.payload());
        } catch (JsonProcessingException e) {
            return ParsedRecord.rejected(malformed(e));
        } catch (IOException e) {
            return ParsedRecord.rejected("unreadable payload: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return ParsedRecord.rejected("empty payload");
        }
        return safely(parser, node, raw.cluster());
    }

    /**
     * Like {@link #parse(RawRecord)}, for detection: a read-only or a failed call is made from a
     * reduced tree ({@link ReadScan}), and its request and response bodies may be absent (detection
     * uses neither: a read is reduced to who read what and when, a failed call carries no change).
     * Everything else (a mutating call, a context record, a skip or rejection the reduced tree
     * cannot vouch for) comes from the full tree, exactly as {@link #parse(RawRecord)} gives it.
     */
    public List<ParsedRecord> parseForDetection(RawRecord raw) {
        if (raw == null || raw.payload() == null || raw.payload().length == 0) {
            return parse(raw);
        }
        RecordParser parser = parsers.get(raw.source());
        ReadScan.Fields fields = parser == null ? null : parser.readFields();
        if (fields == null) {
            return parse(raw);
        }
        // the replay source may have reduced the record while splitting its file (one tokenizing)
        ReadScan.Reduced split = raw.reduced();
        JsonNode reduced =
                split != null && split.fields() == fields ? split.tree() : ReadScan.reduce(raw.payload(), fields);
        if (reduced == null) {
            return parse(raw);
        }
        List<ParsedRecord> out = safely(parser, reduced, raw.cluster());
        return readsOrFailures(out) ? out : parse(raw);
    }

    /** True when every result is a read-only or a failed call, or a skip. */
    static boolean readsOrFailures(List<ParsedRecord> results) {
        for (ParsedRecord r : results) {
            if (r instanceof ParsedRecord.Audit a) {
                if (!a.event().readOnly() && a.event().outcome() != Outcome.FAILURE) {
                    return false;
                }
            } else if (!(r instanceof ParsedRecord.Skipped)) {
                return false;
            }
        }
        return true;
    }

    /** Dispatches an already-read JSON record (as the splitter yields them). */
    public List<ParsedRecord> parse(String source, JsonNode record, String cluster) {
        RecordParser parser = parsers.get(source);
        if (parser == null) {
            return ParsedRecord.rejected("unknown source '" + source + "'");
        }
        return safely(parser, record, cluster);
    }

    /** The reason text for a JSON syntax error, with where it happened. */
    public static String malformed(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return "malformed JSON" + where + ": " + e.getOriginalMessage();
    }

    // Parsers are written not to throw; this keeps a parser bug on one odd record from stopping a job.
    private static List<ParsedRecord> safely(RecordParser parser, JsonNode node, String cluster) {
        try {
            List<ParsedRecord> out = parser.parse(node, cluster);
            return out == null || out.isEmpty()
                    ? ParsedRecord.rejected(parser.source() + " parser produced nothing")
                    : out;
        } catch (RuntimeException e) {
            return ParsedRecord.rejected(parser.source() + " parser failed on this record: " + e);
        }
    }
}
