package io.driftguard.core.store;

import io.driftguard.core.config.Glob;
import io.driftguard.core.event.Cloud;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the exception rules in force: not revoked, not yet expired. */
public final class ExceptionRuleStore {

    private ExceptionRuleStore() {}

    public static List<ExceptionRule> active(Connection connection, Instant now) throws SQLException {
        List<ExceptionRule> rules = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT rule_id, cloud, resource_id, attribute, reason, approved_by, expires_at
                FROM exception_rules WHERE revoked_at IS NULL AND expires_at > ? ORDER BY rule_id""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String attribute = rs.getString("attribute");
                    rules.add(new ExceptionRule(
                            rs.getLong("rule_id"),
                            Cloud.fromWire(rs.getString("cloud")),
                            Glob.of(rs.getString("resource_id")),
                            attribute == null ? null : Glob.of(attribute),
                            rs.getString("reason"),
                            rs.getString("approved_by"),
                            rs.getTimestamp("expires_at").toInstant()));
                }
            }
        }
        return rules;
    }
}
