package io.driftguard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Writes dead letters; the same record met again (a replay, a restart) keeps its first row. */
public final class DeadLetterStore {

    private DeadLetterStore() {}

    public static void insert(Connection connection, List<DeadLetter> batch) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO dead_letters (source, origin, reason, payload) VALUES (?, ?, ?, ?) ON CONFLICT (source, origin) DO NOTHING")) {
            for (DeadLetter d : batch) {
                ps.setString(1, PgText.text(d.source()));
                ps.setString(2, d.origin() == null ? "" : PgText.text(d.origin()));
                ps.setString(3, PgText.text(d.reason()));
                ps.setString(4, PgText.text(d.payload()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
