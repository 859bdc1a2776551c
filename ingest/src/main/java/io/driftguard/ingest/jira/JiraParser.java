package io.driftguard.ingest.jira;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.path;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Ticket;
import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.RecordParser;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Jira issue webhook ({@code jira:issue_created}, {@code jira:issue_updated},
 * {@code jira:issue_deleted}) → the ticket as of that delivery. {@code timestamp} is epoch
 * milliseconds. Labels and component names are kept: a {@code security} label or component makes
 * the ticket a security signal downstream. Comment and other events are skipped.
 */
public final class JiraParser implements RecordParser {

    @Override
    public String source() {
        return Sources.JIRA;
    }

    @Override
    public List<ParsedRecord> parse(JsonNode record, String cluster) {
        if (record == null || !record.isObject()) {
            return ParsedRecord.rejected("Jira payload is not a JSON object");
        }
        String webhookEvent = text(record, "webhookEvent");
        if (webhookEvent == null) {
            return ParsedRecord.rejected("not a Jira webhook: webhookEvent missing");
        }
        if (!webhookEvent.startsWith("jira:issue_")) {
            return ParsedRecord.skipped("Jira event " + webhookEvent + " does not change an issue");
        }
        JsonNode issue = get(record, "issue");
        String key = text(issue, "key");
        if (key == null) {
            return ParsedRecord.rejected("Jira " + webhookEvent + " without issue.key");
        }
        JsonNode ts = get(record, "timestamp");
        Instant time = ts == null
                ? null
                : ts.canConvertToLong() ? Timestamps.ofEpochMillis(ts.asLong()) : Timestamps.parse(ts.asText());
        if (time == null) {
            return ParsedRecord.rejected("Jira " + webhookEvent + " for " + key + " has no readable timestamp");
        }
        JsonNode fields = get(issue, "fields");
        List<String> components = new ArrayList<>();
        JsonNode comps = get(fields, "components");
        if (comps != null && comps.isArray()) {
            for (JsonNode c : comps) {
                String name = text(c, "name");
                if (name != null) {
                    components.add(name);
                }
            }
        }
        boolean resolved = get(fields, "resolution") != null || done(fields);
        return List.of(new ParsedRecord.Context(new Ticket(
                key,
                Sources.JIRA,
                time,
                webhookEvent,
                path(fields, "issuetype", "name"),
                path(fields, "priority", "name"),
                path(fields, "status", "name"),
                resolved,
                text(fields, "summary"),
                path(fields, "project", "key"),
                components,
                io.driftguard.ingest.Nodes.texts(fields, "labels"),
                browseUrl(text(issue, "self"), key))));
    }

    /** Status names of Jira's "done" category in the default workflows. */
    private static final Set<String> DONE_STATUSES =
            Set.of("done", "resolved", "closed", "cancelled", "canceled", "won't do", "declined");

    /**
     * Whether the issue's status is in Jira's "done" category: {@code statusCategory.key} done, or a
     * default workflow's done status. Workflows without a resolution screen move an issue to Done
     * and leave {@code resolution} empty, and the issue is still over.
     */
    static boolean done(JsonNode fields) {
        String category = path(fields, "status", "statusCategory", "key");
        if (category != null) {
            return category.equalsIgnoreCase("done");
        }
        String status = path(fields, "status", "name");
        return status != null && DONE_STATUSES.contains(status.trim().toLowerCase(Locale.ROOT));
    }

    /** {@code https://x/jira/rest/api/2/issue/10010} → {@code https://x/jira/browse/KEY}. */
    static String browseUrl(String self, String key) {
        if (self == null) {
            return null;
        }
        int rest = self.indexOf("/rest/api/");
        return rest < 0 ? self : self.substring(0, rest) + "/browse/" + key;
    }
}
