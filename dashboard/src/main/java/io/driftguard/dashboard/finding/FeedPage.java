package io.driftguard.dashboard.finding;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftguard.core.json.Json;
import io.driftguard.dashboard.system.JsonArrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of the feed. As JSON: {@code {"total", "page", "size", "pages", "items": [documents],
 * "decisions": {finding_id: latest decision}}}; the documents go out as stored, and a finding
 * nobody has decided on is absent from {@code decisions}.
 */
record FeedPage(long total, int page, int size, List<Row> rows) {

    /** A stored document and the latest decision on it (approved, rejected, deferred), or null. */
    record Row(String findingId, String document, String decision) {}

    long pages() {
        return total == 0 ? 0 : (total + size - 1) / size;
    }

    String toJson() throws JsonProcessingException {
        Map<String, String> decisions = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.decision() != null) {
                decisions.put(row.findingId(), row.decision());
            }
        }
        return "{\"total\":" + total + ",\"page\":" + page + ",\"size\":" + size + ",\"pages\":" + pages()
                + ",\"items\":" + JsonArrays.of(rows.stream().map(Row::document).toList())
                + ",\"decisions\":" + Json.MAPPER.writeValueAsString(decisions) + "}";
    }
}
