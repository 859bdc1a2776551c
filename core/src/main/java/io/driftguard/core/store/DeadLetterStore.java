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
                ps.setString(1, d.source());
                ps.setString(2, d.origin() == null ? "" : d.origin());
                ps.setString(3, d.reason());
                ps.setString(4, d.payload() == null ? null : d.payload().replace("\u0000", ""));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
