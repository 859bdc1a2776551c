package io.driftguard.models.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Test helper: reads a replay folder's event files structurally, without the ingest parsers. */
final class ReplayFolderShapes {

    /** One record with the source folder it came from. */
    record Rec(String source, Path file, JsonNode node) {}

    private ReplayFolderShapes() {}

    static List<Rec> records(Path root) throws IOException {
        List<Rec> out = new ArrayList<>();
        List<Path> files;
        try (var s = Files.walk(root.resolve("events"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String source = root.resolve("events").relativize(f).getName(0).toString();
            String name = f.getFileName().toString();
            if (name.endsWith(".json.gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    JsonNode doc = Json.MAPPER.readTree(in);
                    if (!doc.isObject() || !doc.path("Records").isArray()) {
                        throw new AssertionError(f + " is not a CloudTrail log file");
                    }
                    doc.get("Records").forEach(r -> out.add(new Rec(source, f, r)));
                }
            } else if (name.endsWith(".json")) {
                JsonNode doc = Json.MAPPER.readTree(f.toFile());
                if (!doc.isObject() || !doc.path("records").isArray()) {
                    throw new AssertionError(f + " is not an Activity Log export");
                }
                doc.get("records").forEach(r -> out.add(new Rec(source, f, r)));
            } else if (name.endsWith(".jsonl")) {
                for (String line : Files.readAllLines(f)) {
                    out.add(new Rec(source, f, Json.MAPPER.readTree(line)));
                }
            } else {
                throw new AssertionError("unexpected file " + f);
            }
        }
        return out;
    }

    /** The id docs/design/replay-contract.md's source_events uses for an audit record, or null for context records. */
    static String auditId(Rec r) {
        JsonNode n = r.node();
        return switch (r.source()) {
            case "aws-cloudtrail" -> n.path("eventID").asText();
            case "aws-eventbridge" ->
                n.path("detail-type").asText().equals("AWS API Call via CloudTrail")
                        ? n.path("detail").path("eventID").asText()
                        : null;
            case "gcp-audit" -> n.path("insertId").asText();
            case "azure-activity" ->
                n.path("correlationId").asText() + "/" + n.path("operationName").asText() + "/"
                        + n.path("resultType").asText();
            case "k8s-audit" -> n.path("auditID").asText();
            default -> null;
        };
    }
}
