package io.driftguard.ingest.git;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.path;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Commit;
import io.driftguard.ingest.Nodes;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A push webhook delivery → one commit event per pushed commit, with every path it added, modified
 * or removed. Reads the replay line {@code {"event": <header>, "delivery": <id>, "payload": {...}}};
 * a bare payload is accepted too when its shape is unmistakably a push (GitLab's
 * {@code object_kind}, GitHub's {@code ref}/{@code before}/{@code after}/{@code commits}).
 */
public final class GitPushParser implements RecordParser {

    /** Which forge's push format. */
    public enum Forge {
        GITHUB,
        GITLAB
    }

    private final Forge forge;

    public GitPushParser(Forge forge) {
        this.forge = forge;
    }

    @Override
    public String source() {
        return forge == Forge.GITHUB ? Sources.GITHUB : Sources.GITLAB;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("webhook delivery is not a JSON object");
        }
        JsonNode payload = get(record, "payload");
        String event;
        String delivery;
        if (payload != null && payload.isObject()) {
            event = text(record, "event");
            delivery = text(record, "delivery");
        } else {
            payload = record;
            event = null;
            delivery = null;
        }
        return forge == Forge.GITHUB ? github(event, delivery, payload) : gitlab(event, delivery, payload);
    }

    private List<ParsedRecord> github(String event, String delivery, JsonNode p) {
        if (event == null) {
            if (!(get(p, "ref") != null
                    && get(p, "before") != null
                    && get(p, "after") != null
                    && get(p, "commits") != null)) {
                return ParsedRecord.rejected("GitHub delivery without an event header and not shaped like a push");
            }
        } else if (!event.equals("push")) {
            return ParsedRecord.skipped("GitHub event '" + event + "' is not a push");
        }
        return commits(p, delivery, path(p, "repository", "full_name"), Sources.GITHUB);
    }

    private List<ParsedRecord> gitlab(String event, String delivery, JsonNode p) {
        String kind = text(p, "object_kind");
        boolean push = event != null ? event.equals("Push Hook") : "push".equals(kind);
        if (!push) {
            return event == null && kind == null
                    ? ParsedRecord.rejected("GitLab delivery without an event header or object_kind")
                    : ParsedRecord.skipped("GitLab event '" + Nodes.first(event, kind) + "' is not a push");
        }
        return commits(p, delivery, path(p, "project", "path_with_namespace"), Sources.GITLAB);
    }

    private static List<ParsedRecord> commits(JsonNode p, String delivery, String repository, String source) {
        JsonNode commits = get(p, "commits");
        String ref = text(p, "ref");
        if (commits == null || !commits.isArray() || commits.isEmpty()) {
            return ParsedRecord.skipped("push to " + ref + " carries no commits (tag, branch creation or deletion)");
        }
        List<ParsedRecord> out = new ArrayList<>(commits.size());
        for (JsonNode c : commits) {
            String id = text(c, "id");
            Instant time = Timestamps.parse(text(c, "timestamp"));
            if (id == null || time == null) {
                out.add(new ParsedRecord.Rejected("commit in push to " + ref + " without id or readable timestamp"));
                continue;
            }
            List<String> paths = new ArrayList<>();
            paths.addAll(Nodes.texts(c, "added"));
            paths.addAll(Nodes.texts(c, "modified"));
            paths.addAll(Nodes.texts(c, "removed"));
            JsonNode author = get(c, "author");
            String who = Nodes.first(text(author, "username"), text(author, "email"), text(author, "name"));
            out.add(new ParsedRecord.Context(new Commit(
                    id, source, time, delivery, repository, ref, who, text(c, "message"), paths, text(c, "url"))));
        }
        return out;
    }
}
