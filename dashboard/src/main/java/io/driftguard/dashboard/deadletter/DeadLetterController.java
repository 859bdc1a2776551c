package io.driftguard.dashboard.deadletter;

import io.driftguard.dashboard.system.Limits;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Input the job could not use, newest first, with the reason it gave (Admin only). */
@RestController
class DeadLetterController {

    /** The list shows the start of each payload; the row keeps up to 64 KiB. */
    static final int PAYLOAD_PREVIEW = 2000;

    private final JdbcClient jdbc;

    DeadLetterController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/dead-letters")
    List<DeadLetter> recent(
            @RequestParam(required = false) String source, @RequestParam(required = false) Integer limit) {
        int rows = Limits.check(limit);
        String sql = "SELECT dead_letter_id, source, origin, reason, left(payload, " + PAYLOAD_PREVIEW + ") AS payload,"
                + " length(payload) AS payload_length, received_at FROM dead_letters"
                + (source == null || source.isBlank() ? "" : " WHERE source = :source")
                + " ORDER BY received_at DESC, dead_letter_id DESC LIMIT :limit";
        var statement = jdbc.sql(sql).param("limit", rows);
        if (source != null && !source.isBlank()) {
            statement = statement.param("source", source.trim());
        }
        return statement
                .query((rs, n) -> new DeadLetter(
                        rs.getLong("dead_letter_id"),
                        rs.getString("source"),
                        rs.getString("origin"),
                        rs.getString("reason"),
                        rs.getString("payload"),
                        (Integer) rs.getObject("payload_length"),
                        rs.getTimestamp("received_at").toInstant()))
                .list();
    }

    /**
     * One rejected record.
     *
     * @param payload the first {@value #PAYLOAD_PREVIEW} characters of the record
     * @param payloadLength the stored payload's full length, null when none was kept
     */
    record DeadLetter(
            long deadLetterId,
            String source,
            String origin,
            String reason,
            String payload,
            Integer payloadLength,
            Instant receivedAt) {}
}
